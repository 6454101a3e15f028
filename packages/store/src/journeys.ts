import { randomUUID } from 'node:crypto';
import { startJourneyMove } from './in-flight.js';
import { approvePublishRequestIn, PublishRequestChanged } from './publish-requests.js';
import type { SqlExecutor, SqlQueryable } from './sql.js';

/**
 * Journeys and their published versions. The document is stored as the API received it (a
 * JSON value the store does not interpret); a published version is an immutable row that runs
 * refer to by number.
 */

export const JOURNEY_STATUSES = ['draft', 'active', 'paused', 'archived'] as const;
export type JourneyStatus = (typeof JOURNEY_STATUSES)[number];

export interface JourneyRecord {
  id: string;
  name: string;
  status: JourneyStatus;
  /** The draft document, as last saved. */
  draft: unknown;
  publishedVersion: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export type JourneySummary = Pick<JourneyRecord, 'id' | 'name' | 'status' | 'publishedVersion' | 'updatedAt'>;

export interface JourneyVersionRecord {
  journeyId: string;
  version: number;
  document: unknown;
  publishedAt: Date;
}

const JOURNEY_COLUMNS = `id, name, status, draft, published_version as "publishedVersion",
  created_at as "createdAt", updated_at as "updatedAt"`;

export async function createJourney(
  db: SqlQueryable,
  input: { name: string; draft: unknown; id?: string },
): Promise<JourneyRecord> {
  const [journey] = await db.query<JourneyRecord>(
    `insert into journeys (id, name, draft) values ($1, $2, $3::jsonb) returning ${JOURNEY_COLUMNS}`,
    [input.id ?? randomUUID(), input.name, input.draft],
  );
  return journey!;
}

export async function getJourney(db: SqlQueryable, id: string): Promise<JourneyRecord | null> {
  const [journey] = await db.query<JourneyRecord>(`select ${JOURNEY_COLUMNS} from journeys where id = $1`, [id]);
  return journey ?? null;
}

/** Every journey, most recently changed first. */
export function listJourneys(db: SqlQueryable): Promise<JourneySummary[]> {
  return db.query<JourneySummary>(
    `select id, name, status, published_version as "publishedVersion", updated_at as "updatedAt"
       from journeys order by updated_at desc, id`,
  );
}

/** Replaces the draft (and the name, which the document carries); null for an unknown journey. */
export async function saveJourneyDraft(
  db: SqlQueryable,
  id: string,
  input: { name: string; draft: unknown },
): Promise<JourneyRecord | null> {
  const [journey] = await db.query<JourneyRecord>(
    `update journeys set name = $2, draft = $3::jsonb, updated_at = now() where id = $1 returning ${JOURNEY_COLUMNS}`,
    [id, input.name, input.draft],
  );
  return journey ?? null;
}

/**
 * Publishes `document` (the caller has validated it) as the next version, numbered from 1, and
 * makes a draft journey active (a paused or archived one keeps its status). The journey row is
 * locked for the transaction so two publishes at once get consecutive numbers. Null for an
 * unknown journey. With `moveInFlight`, the move of the leads inside onto the new version is
 * recorded in the same transaction (`journey_moves`), so a crash after the publish cannot lose it.
 */
export function publishJourney(
  db: SqlExecutor,
  id: string,
  document: unknown,
  options: {
    moveInFlight?: { map: Record<string, string | null>; at: Date };
    /** An approved publish request: closed in this transaction, or the publish is rolled back (PublishRequestChanged). */
    approval?: { requestId: string; by: string; at: Date; comment: string | null };
  } = {},
): Promise<JourneyVersionRecord | null> {
  return db.transaction(async (tx) => {
    const [journey] = await tx.query<{ publishedVersion: number | null }>(
      `select published_version as "publishedVersion" from journeys where id = $1 for update`,
      [id],
    );
    if (!journey) return null;
    const version = (journey.publishedVersion ?? 0) + 1;
    const [published] = await tx.query<JourneyVersionRecord>(
      `insert into journey_versions (journey_id, version, document) values ($1, $2, $3::jsonb)
       returning journey_id as "journeyId", version, document, published_at as "publishedAt"`,
      [id, version, document],
    );
    await tx.query(
      `update journeys
          set published_version = $2,
              status = case when status = 'draft' then 'active' else status end,
              updated_at = now()
        where id = $1`,
      [id, version],
    );
    if (options.moveInFlight) await startJourneyMove(tx, { journeyId: id, version, ...options.moveInFlight });
    if (options.approval) {
      const { requestId, ...approval } = options.approval;
      if (!(await approvePublishRequestIn(tx, { journeyId: id, id: requestId, version, ...approval }))) throw new PublishRequestChanged(requestId);
    }
    return published!;
  });
}

/** Pause, resume (→ active), archive. Null for an unknown journey. */
export async function setJourneyStatus(
  db: SqlQueryable,
  id: string,
  status: JourneyStatus,
): Promise<JourneyRecord | null> {
  const [journey] = await db.query<JourneyRecord>(
    `update journeys set status = $2, updated_at = now() where id = $1 returning ${JOURNEY_COLUMNS}`,
    [id, status],
  );
  return journey ?? null;
}

export async function getJourneyVersion(
  db: SqlQueryable,
  journeyId: string,
  version: number,
): Promise<JourneyVersionRecord | null> {
  const [row] = await db.query<JourneyVersionRecord>(
    `select journey_id as "journeyId", version, document, published_at as "publishedAt"
       from journey_versions where journey_id = $1 and version = $2`,
    [journeyId, version],
  );
  return row ?? null;
}

/** The published versions of a journey, newest first, without their documents. */
export function listJourneyVersions(
  db: SqlQueryable,
  journeyId: string,
): Promise<Pick<JourneyVersionRecord, 'version' | 'publishedAt'>[]> {
  return db.query(
    `select version, published_at as "publishedAt" from journey_versions where journey_id = $1 order by version desc`,
    [journeyId],
  );
}

/** Whether a node of that id is in the journey's draft or in any of its published versions. */
export async function journeyHasNode(db: SqlQueryable, journeyId: string, nodeId: string): Promise<boolean> {
  const [row] = await db.query<{ found: boolean }>(
    `with probe as (select jsonb_build_array(jsonb_build_object('id', $2::text)) as nodes)
     select exists (select 1 from journeys, probe where id = $1 and draft->'nodes' @> probe.nodes)
         or exists (select 1 from journey_versions, probe where journey_id = $1 and document->'nodes' @> probe.nodes) as found`,
    [journeyId, nodeId],
  );
  return row?.found === true;
}
