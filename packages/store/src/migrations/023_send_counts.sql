-- How a journey's sends ended, kept as counters like node_stats (001): one row per send node,
-- channel and status, with how many of those sends are delivered or failed delivery. Whoever
-- writes a send or changes its state adds the change here in the same statement
-- (send-count-changes.ts), so the operators' view reads a few rows per journey instead of
-- scanning millions of sends. Keyed by node as well as channel: the engine already locks the
-- node's node_stats row in the transaction that sends from it, so these rows add no wait.
create table send_counts (
  journey_id text not null,
  node_id text not null,
  channel text not null,
  status text not null,
  count bigint not null default 0,
  delivered bigint not null default 0,
  failed_delivery bigint not null default 0,
  primary key (journey_id, node_id, channel, status)
);

-- The sends written before the counters existed.
insert into send_counts (journey_id, node_id, channel, status, count, delivered, failed_delivery)
select journey_id, node_id, channel, status, count(*),
       count(*) filter (where delivery_state = 'delivered'),
       count(*) filter (where delivery_state = 'failed')
  from sends
 group by journey_id, node_id, channel, status;
