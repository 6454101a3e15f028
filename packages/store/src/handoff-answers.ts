import { randomUUID } from 'node:crypto';
import { lockLeads } from './due-leads.js';
import type { SqlQueryable } from './sql.js';

/**
 * Sales answering a handoff: the handoff is found, its lead locked (waiting for a worker that
 * holds it, so the answer is applied after that worker's step, never beside it), and its status
 * read again under the lock, since the lead's worker may have closed it meanwhile (an SLA).
 */

export interface LockedHandoff {
  leadId: string;
  runId: string;
  /** As it is now, under the lead's lock. */
  status: string;
}

/** Null when no handoff has this id. */
export async function lockHandoffLead(tx: SqlQueryable, handoffId: string): Promise<LockedHandoff | null> {
  const [handoff] = await tx.query<{ leadId: string; runId: string }>(
    `select lead_id as "leadId", run_id as "runId" from handoffs where id = $1`,
    [handoffId],
  );
  if (!handoff) return null;
  await lockLeads(tx, [handoff.leadId]);
  const [current] = await tx.query<{ status: string }>(`select status from handoffs where lead_id = $1 and id = $2`, [
    handoff.leadId,
    handoffId,
  ]);
  return { ...handoff, status: current!.status };
}

export interface HandoffAnswerRecord {
  leadId: string;
  handoffId: string;
  answer: string;
  note: string | null;
  author: string | null;
  at: Date;
  returnAt: Date | null;
}

/** Stores the answer on the handoff, and its note (if any) on the lead's timeline. */
export async function recordHandoffAnswer(tx: SqlQueryable, answer: HandoffAnswerRecord): Promise<void> {
  await tx.query(
    `update handoffs set status = $3, note = $4, answered_at = $5, answered_by = $6, return_at = $7 where lead_id = $1 and id = $2`,
    [answer.leadId, answer.handoffId, answer.answer, answer.note, answer.at, answer.author, answer.returnAt],
  );
  if (answer.note) {
    await tx.query(`insert into lead_notes (lead_id, id, at, author, body, handoff_id) values ($1, $2, $3, $4, $5, $6)`, [
      answer.leadId,
      randomUUID(),
      answer.at,
      answer.author,
      answer.note,
      answer.handoffId,
    ]);
  }
}
