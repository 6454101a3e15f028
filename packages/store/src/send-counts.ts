import type { SqlQueryable } from './sql.js';

/**
 * How a journey's sends ended, per channel and status (sent, suppressed, capped, failed) and
 * how many of them were delivered. Counted from `sends` when asked: an operator's view asks
 * now and then, and keeping counters instead would add a write to every send (see 007).
 */
export interface SendStatusCount {
  channel: string;
  status: string;
  count: number;
  delivered: number;
  failedDelivery: number;
}

export function sendStatusCounts(db: SqlQueryable, journeyId: string): Promise<SendStatusCount[]> {
  return db.query<SendStatusCount>(
    `select channel, status, count(*)::int as count,
            count(*) filter (where delivery_state = 'delivered')::int as delivered,
            count(*) filter (where delivery_state = 'failed')::int as "failedDelivery"
       from sends where journey_id = $1
      group by channel, status
      order by channel, status`,
    [journeyId],
  );
}
