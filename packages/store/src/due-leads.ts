import type { SqlQueryable } from './sql.js';

/**
 * Work for the engine is found by lead: `leads.due_at` says when a lead next has something to
 * do (new events, a run's wake-up). Several workers, in one server or several, claim due leads
 * with FOR UPDATE SKIP LOCKED, so no two ever hold the same lead and a lead's work is applied
 * one transaction at a time, in order.
 */

export interface DueLead {
  id: string;
  dueAt: Date;
}

/**
 * Locks up to `limit` leads due at `now` (the engine's clock, never the database's), earliest first,
 * skipping leads another transaction holds. Call it inside the transaction that does their
 * work: the locks last until it ends.
 */
export function claimDueLeads(tx: SqlQueryable, limit: number, now: Date): Promise<DueLead[]> {
  return tx.query<DueLead>(
    `select id, due_at as "dueAt" from leads
      where due_at <= $2
      order by due_at
      limit $1
      for update skip locked`,
    [limit, now],
  );
}

/** Sets when the lead next has work (null: none), e.g. its runs' earliest wake-up after a step. */
export async function setLeadDueAt(tx: SqlQueryable, leadId: string, dueAt: Date | null): Promise<void> {
  await tx.query(`update leads set due_at = $2 where id = $1`, [leadId, dueAt]);
}

/** Locks leads in id order (so two lockers cannot deadlock), waiting for any transaction that holds one. */
export async function lockLeads(tx: SqlQueryable, leadIds: readonly string[]): Promise<void> {
  await tx.query(`select id from leads where id = any($1::text[]) order by id for update`, [[...leadIds].sort()]);
}

/** When the next lead is due (null: none is), so an idle worker sleeps until then. */
export async function nextDueAt(db: SqlQueryable): Promise<Date | null> {
  const [row] = await db.query<{ next: Date | null }>(`select min(due_at) as next from leads where due_at is not null`);
  return row?.next ?? null;
}
