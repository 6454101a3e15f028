import type { SqlQueryable } from './sql.js';

/**
 * A published segment journey enters every lead that matches it: a sweep walks the leads table
 * in id pages, one page per transaction, and remembers where it stopped, so a restart resumes
 * it and several servers share sweeps (SKIP LOCKED) without entering a lead twice.
 */

export interface SegmentSweepPage {
  journeyId: string;
  version: number;
  /** The next page of lead ids after where the sweep stopped. */
  leadIds: string[];
}

/** Queues a sweep for a newly published segment journey version; a second call changes nothing. */
export async function queueSegmentSweep(db: SqlQueryable, journeyId: string, version: number): Promise<void> {
  await db.query(`insert into segment_sweeps (journey_id, version) values ($1, $2) on conflict do nothing`, [journeyId, version]);
}

/**
 * Sweeps a segment journey's version again from the first lead: its saved segment's condition
 * changed, so leads that meet it now enter (the catalog resolves the new condition).
 */
export async function restartSegmentSweep(db: SqlQueryable, journeyId: string, version: number): Promise<void> {
  await db.query(
    `insert into segment_sweeps (journey_id, version) values ($1, $2)
     on conflict (journey_id, version) do update set after_lead_id = '', done = false`,
    [journeyId, version],
  );
}

/** Locks one unfinished sweep no other transaction holds, and reads its next page of up to `limit` leads. */
export async function claimSegmentSweepPage(tx: SqlQueryable, limit: number): Promise<SegmentSweepPage | null> {
  const [sweep] = await tx.query<{ journeyId: string; version: number; afterLeadId: string }>(
    `select journey_id as "journeyId", version, after_lead_id as "afterLeadId"
       from segment_sweeps where not done limit 1 for update skip locked`,
  );
  if (!sweep) return null;
  const page = await tx.query<{ id: string }>(`select id from leads where id > $1 order by id limit $2`, [sweep.afterLeadId, limit]);
  return { journeyId: sweep.journeyId, version: sweep.version, leadIds: page.map((p) => p.id) };
}

/** Records how far a claimed sweep got: past the page's last lead, and done when the page was short. */
export async function finishSegmentSweepPage(tx: SqlQueryable, page: SegmentSweepPage, limit: number): Promise<void> {
  const last = page.leadIds.at(-1);
  await tx.query(
    `update segment_sweeps set after_lead_id = coalesce($3, after_lead_id), done = $4 where journey_id = $1 and version = $2`,
    [page.journeyId, page.version, last ?? null, page.leadIds.length < limit],
  );
}
