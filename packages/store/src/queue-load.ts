import type { SqlQueryable } from './sql.js';

/**
 * How many handoffs each salesperson holds open, per queue: what the queues page shows beside
 * each member so a manager sees who is loaded before changing the round-robin order. Read from
 * the handoffs table itself (open ones are few: the partial index `handoffs_open` holds them).
 */
export interface OpenHandoffCount {
  queue: string;
  /** Whom it is assigned to; null for a handoff opened while its queue had no members. */
  assignee: string | null;
  open: number;
}

export async function countOpenHandoffs(db: SqlQueryable): Promise<OpenHandoffCount[]> {
  const rows = await db.query<{ queue: string; assignee: string | null; open: string | number }>(
    `select queue, assignee, count(*) as open from handoffs
     where status = 'open' and queue is not null
     group by queue, assignee order by queue, assignee nulls last`,
  );
  return rows.map((row) => ({ queue: row.queue, assignee: row.assignee, open: Number(row.open) }));
}
