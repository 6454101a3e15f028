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
 * Locks up to `limit` leads due at `now` (the database clock by default), earliest first,
 * skipping leads another transaction holds. Call it inside the transaction that does their
 * work: the locks last until it ends.
 */
export function claimDueLeads(tx: SqlQueryable, limit: number, now?: Date): Promise<DueLead[]> {
  return tx.query<DueLead>(
    `select id, due_at as "dueAt" from leads
      where due_at <= coalesce($2::timestamptz, now())
      order by due_at
      limit $1
      for update skip locked`,
    [limit, now ?? null],
  );
}

/** Sets when the lead next has work (null: none), e.g. its runs' earliest wake-up after a step. */
export async function setLeadDueAt(tx: SqlQueryable, leadId: string, dueAt: Date | null): Promise<void> {
  await tx.query(`update leads set due_at = $2 where id = $1`, [leadId, dueAt]);
}
