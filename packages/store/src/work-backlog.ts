import type { SqlQueryable } from './sql.js';

/**
 * How far behind the workers are, read at a metrics scrape: each count is answered from a
 * partial index (`leads_due_at`, `sends_pending_delivery_order`), so a scrape stays cheap with a
 * wave of 100,000 leads waiting.
 */
export interface WorkBacklog {
  /** Leads with work due by `now` (new events, wake-ups) that no worker has applied yet. */
  dueLeads: number;
  /** When the longest-waiting of them fell due; null when none is due. */
  oldestDueAt: Date | null;
  /** Sends written to the outbox and not yet delivered or failed (retries waiting included). */
  pendingDeliveries: number;
}

/** `now` is the engine's clock, never the database's: what is due is the engine's call. */
export async function workBacklog(db: SqlQueryable, now: Date): Promise<WorkBacklog> {
  const [row] = await db.query<WorkBacklog>(
    `select (select count(*) from leads where due_at <= $1) as "dueLeads",
            (select min(due_at) from leads where due_at <= $1) as "oldestDueAt",
            (select count(*) from sends where delivery_state = 'pending') as "pendingDeliveries"`,
    [now],
  );
  return row!;
}

/** Resolves when the database answers a trivial query; rejects with its error otherwise. */
export async function pingDatabase(db: SqlQueryable): Promise<void> {
  await db.query('select 1');
}
