/**
 * Keeping `send_counts` (023_send_counts.sql) equal to what a scan of `sends` would count: each
 * statement that writes sends, or changes a send's status or delivery state, ends in one of
 * these, fed by its own RETURNING rows, so a send counts exactly when its row changes (a send
 * already written, or a claim no longer current, changes no row and counts nothing).
 * Internal to the store: callers use the functions that write sends.
 */

/**
 * Counts new sends. `source` names rows (a CTE) with journey_id, node_id, channel, status and
 * delivery_state.
 */
export function countNewSends(source: string): string {
  return addToSendCounts(sendsAsCounts(source, 1, ''));
}

/**
 * Moves changed sends from the counters of their old state to those of their new one. `source`
 * names rows with journey_id, node_id, channel, status, delivery_state and the state before
 * the change as old_status and old_delivery_state.
 */
export function countChangedSends(source: string): string {
  return addToSendCounts(`${sendsAsCounts(source, 1, '')} union all ${sendsAsCounts(source, -1, 'old_')}`);
}

function sendsAsCounts(source: string, sign: 1 | -1, state: '' | 'old_'): string {
  return `select journey_id, node_id, channel, ${state}status as status, ${sign} as count,
                 ${sign} * (${state}delivery_state = 'delivered')::int as delivered,
                 ${sign} * (${state}delivery_state = 'failed')::int as failed_delivery
            from ${source}`;
}

/**
 * Summed per counter and added in key order, as saveLeadWork does for node_stats: writers that
 * touch the same counters lock them in the same order and cannot deadlock. Returns a row per
 * counter touched.
 */
function addToSendCounts(changes: string): string {
  return `insert into send_counts as t (journey_id, node_id, channel, status, count, delivered, failed_delivery)
          select journey_id, node_id, channel, status, sum(count), sum(delivered), sum(failed_delivery)
            from (${changes}) as c
           group by journey_id, node_id, channel, status
           order by journey_id, node_id, channel, status
          on conflict (journey_id, node_id, channel, status) do update
            set count = t.count + excluded.count, delivered = t.delivered + excluded.delivered,
                failed_delivery = t.failed_delivery + excluded.failed_delivery
          returning journey_id`;
}
