-- What leads did with the email they were sent: opens, clicks, unsubscribes, counted per send
-- (the outbox view) and per send node (journey stats). Both are counters written in the
-- transaction that records the engagement event, so reading them is one indexed lookup rather
-- than a scan of `sends` or `events`. Keyed by lead like every hot table; no foreign keys (006).
create table send_engagement (
  lead_id text not null,
  send_id text not null,
  opens integer not null default 0,
  clicks integer not null default 0,
  unsubscribes integer not null default 0,
  primary key (lead_id, send_id)
);

-- Per send node, over every version's leads: delivered sends, and sends opened, clicked or
-- unsubscribed from at least once.
create table send_stats (
  journey_id text not null,
  node_id text not null,
  sent bigint not null default 0,
  opened bigint not null default 0,
  clicked bigint not null default 0,
  unsubscribed bigint not null default 0,
  primary key (journey_id, node_id)
);
