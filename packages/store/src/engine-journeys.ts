import type { SqlQueryable } from './sql.js';

/**
 * What the engine reads and changes about journeys as a whole: which published versions run,
 * their documents, their live counters, and the runs a pause, resume or archive must reach.
 * `now` is always the engine's clock, never the database's: what is due is the engine's call.
 */

export interface PublishedJourneyStatus {
  id: string;
  status: 'active' | 'paused';
  publishedVersion: number;
}

/**
 * Every journey with a published version that still runs (active or paused), and its status
 * now. Archived journeys are left out: a long-lived database gathers thousands of them, and
 * re-reading (and compiling) them for every batch cost more than the batch; the engine takes a
 * journey it is not told about as archived.
 */
export function publishedJourneyStatuses(db: SqlQueryable): Promise<PublishedJourneyStatus[]> {
  return db.query<PublishedJourneyStatus>(
    `select id, status, published_version as "publishedVersion" from journeys
      where published_version is not null and status in ('active', 'paused')`,
  );
}

export interface VersionRef {
  journeyId: string;
  version: number;
}

/** The documents of the given published versions (versions never change once published). */
export function journeyVersionDocuments(db: SqlQueryable, refs: readonly VersionRef[]): Promise<(VersionRef & { document: unknown })[]> {
  if (refs.length === 0) return Promise.resolve([]);
  return db.query<VersionRef & { document: unknown }>(
    `select v.journey_id as "journeyId", v.version, v.document
       from journey_versions v
       join jsonb_to_recordset($1::jsonb) as r("journeyId" text, version int)
         on v.journey_id = r."journeyId" and v.version = r.version`,
    [refs],
  );
}

export interface JourneyCounters {
  nodes: { nodeId: string; current: number; entered: number }[];
  outcomes: { outcome: string; count: number }[];
}

/** The live counters of a journey: leads at and through each node, runs ended per outcome. */
export async function journeyCounters(db: SqlQueryable, journeyId: string): Promise<JourneyCounters> {
  const nodes = await db.query<{ nodeId: string; current: number; entered: number }>(
    `select node_id as "nodeId", current, entered from node_stats where journey_id = $1 order by node_id`,
    [journeyId],
  );
  const outcomes = await db.query<{ outcome: string; count: number }>(
    `select outcome, count from outcome_stats where journey_id = $1 order by outcome`,
    [journeyId],
  );
  return { nodes, outcomes };
}

/**
 * A resumed journey releases the sends its pause held: runs resting at a send or cadence node with no
 * wake-up wake at `now`, and their leads are due then. Returns how many runs were released.
 */
export async function releaseHeldSends(tx: SqlQueryable, journeyId: string, now: Date): Promise<number> {
  const held = await tx.query<{ leadId: string }>(
    `with held as (
       update runs set wake_at = $2
        where journey_id = $1 and status = 'active' and wake_at is null
          and node_id in (select n ->> 'id' from journey_versions v, jsonb_array_elements(v.document -> 'nodes') n
                           where v.journey_id = $1 and n ->> 'type' in ('send', 'cadence'))
       returning lead_id)
     update leads set due_at = least(coalesce(due_at, $2), $2) where id in (select lead_id from held)
     returning id as "leadId"`,
    [journeyId, now],
  );
  return held.length;
}

/** Makes every lead with an active run in the journey due at `now` (an archive ends those runs). */
export async function markJourneyLeadsDue(tx: SqlQueryable, journeyId: string, now: Date): Promise<number> {
  const leads = await tx.query<{ id: string }>(
    `update leads set due_at = least(coalesce(due_at, $2), $2)
      where id in (select lead_id from runs where journey_id = $1 and status = 'active')
      returning id`,
    [journeyId, now],
  );
  return leads.length;
}

/** The ids of a lead's active runs in a journey. */
export async function activeRunIds(db: SqlQueryable, leadId: string, journeyId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `select id from runs where lead_id = $1 and journey_id = $2 and status = 'active' order by id`,
    [leadId, journeyId],
  );
  return rows.map((row) => row.id);
}
