import type { SqlQueryable } from './sql.js';

/**
 * How a journey's sends ended, per channel and status (sent, suppressed, capped, failed) and
 * how many of them were delivered or failed delivery. Read from the counters every write of a
 * send keeps (023_send_counts.sql, send-count-changes.ts): the operations page polls this, and
 * a journey's sends run to millions, so the answer costs its few counter rows (one per send
 * node, channel and status), never a scan of `sends`.
 */
export interface SendStatusCount {
  channel: string;
  status: string;
  count: number;
  delivered: number;
  failedDelivery: number;
}

export function sendStatusCounts(db: SqlQueryable, journeyId: string): Promise<SendStatusCount[]> {
  // A status whose every send moved on (all `sent` sends of a channel failed delivery) keeps
  // its counter row at zero; a count of sends shows only statuses that have some. Only a `sent`
  // send is delivered: a suppressed or capped one had nothing to deliver (its row is settled,
  // which the counters record as delivered).
  return db.query<SendStatusCount>(
    `select channel, status, sum(count)::bigint as count,
            case when status = 'sent' then sum(delivered) else 0 end::bigint as delivered,
            sum(failed_delivery)::bigint as "failedDelivery"
       from send_counts where journey_id = $1
      group by channel, status
     having sum(count) > 0
      order by channel, status`,
    [journeyId],
  );
}
