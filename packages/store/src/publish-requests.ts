import type { SqlQueryable } from './sql.js';

/**
 * Approvals (docs/live-edits.md "Approvals"): the workspace's setting that a publish needs a
 * second person, and the publish requests that setting asks for. A request keeps the draft it
 * asks to publish and the marketer's in-flight choice and map; it is stale when the journey's
 * draft is no longer that document (jsonb equality: key order and whitespace do not count).
 */

export const PUBLISH_REQUEST_STATUSES = ['pending', 'approved', 'declined', 'superseded'] as const;
export type PublishRequestStatus = (typeof PUBLISH_REQUEST_STATUSES)[number];

export interface PublishRequestRecord {
  id: string;
  journeyId: string;
  draft: unknown;
  baseVersion: number | null;
  inFlight: 'stay' | 'move';
  map: Record<string, string | null>;
  requestedBy: string;
  requestedAt: Date;
  status: PublishRequestStatus;
  decidedBy: string | null;
  decidedAt: Date | null;
  comment: string | null;
  version: number | null;
  /** A pending request whose draft is no longer the journey's: approving it would publish something else. */
  stale: boolean;
}

const APPROVALS_KEY = 'publish_approvals';

/** Whether a publish needs a second person's approval in this workspace (off until an admin turns it on). */
export async function publishApprovalsRequired(db: SqlQueryable): Promise<boolean> {
  const [row] = await db.query<{ value: { required?: unknown } }>(`select value from instance_settings where key = $1`, [APPROVALS_KEY]);
  return row?.value.required === true;
}

export async function setPublishApprovalsRequired(db: SqlQueryable, required: boolean): Promise<void> {
  await db.query(
    `insert into instance_settings (key, value) values ($1, $2::jsonb)
     on conflict (key) do update set value = excluded.value`,
    [APPROVALS_KEY, { required }],
  );
}

const COLUMNS = `r.id, r.journey_id as "journeyId", r.draft, r.base_version as "baseVersion", r.in_flight as "inFlight", r.map,
  r.requested_by as "requestedBy", r.requested_at as "requestedAt", r.status, r.decided_by as "decidedBy",
  r.decided_at as "decidedAt", r.comment, r.version, (r.status = 'pending' and r.draft <> j.draft) as stale`;

/**
 * Records a request to publish `draft`; earlier pending requests of the journey are superseded
 * (the newest request is the one a reviewer decides on: a marketer who changed the draft asks again).
 */
export async function createPublishRequest(
  db: SqlQueryable,
  input: { id: string; journeyId: string; draft: unknown; baseVersion: number | null; inFlight: 'stay' | 'move'; map: Record<string, string | null>; requestedBy: string; at: Date },
): Promise<PublishRequestRecord> {
  await db.query(
    `update publish_requests set status = 'superseded', decided_at = $2 where journey_id = $1 and status = 'pending'`,
    [input.journeyId, input.at],
  );
  await db.query(
    `insert into publish_requests (id, journey_id, draft, base_version, in_flight, map, requested_by, requested_at)
     values ($1, $2, $3::jsonb, $4, $5, $6::jsonb, $7, $8)`,
    [input.id, input.journeyId, input.draft, input.baseVersion, input.inFlight, input.map, input.requestedBy, input.at],
  );
  return (await getPublishRequest(db, input.journeyId, input.id))!;
}

export async function getPublishRequest(db: SqlQueryable, journeyId: string, id: string): Promise<PublishRequestRecord | null> {
  const [row] = await db.query<PublishRequestRecord>(
    `select ${COLUMNS} from publish_requests r join journeys j on j.id = r.journey_id where r.journey_id = $1 and r.id = $2`,
    [journeyId, id],
  );
  return row ?? null;
}

/** The journey's requests, newest first: its history of asking, approving and declining. */
export function listPublishRequests(db: SqlQueryable, journeyId: string): Promise<PublishRequestRecord[]> {
  return db.query<PublishRequestRecord>(
    `select ${COLUMNS} from publish_requests r join journeys j on j.id = r.journey_id
      where r.journey_id = $1 order by r.requested_at desc, r.id desc`,
    [journeyId],
  );
}

/** Every journey's pending request (at most one each), for the journey list. */
export function pendingPublishRequests(db: SqlQueryable): Promise<Pick<PublishRequestRecord, 'id' | 'journeyId' | 'requestedBy' | 'requestedAt' | 'stale'>[]> {
  return db.query(
    `select r.id, r.journey_id as "journeyId", r.requested_by as "requestedBy", r.requested_at as "requestedAt", r.draft <> j.draft as stale
       from publish_requests r join journeys j on j.id = r.journey_id
      where r.status = 'pending'`,
  );
}

/**
 * Closes a pending request as declined, with the reviewer's comment; null when it is not
 * pending (decided, superseded) or not there.
 */
export async function declinePublishRequest(
  db: SqlQueryable,
  input: { journeyId: string; id: string; by: string; comment: string; at: Date },
): Promise<PublishRequestRecord | null> {
  const [row] = await db.query<{ id: string }>(
    `update publish_requests set status = 'declined', decided_by = $3, decided_at = $4, comment = $5
      where journey_id = $1 and id = $2 and status = 'pending' returning id`,
    [input.journeyId, input.id, input.by, input.at, input.comment],
  );
  return row ? getPublishRequest(db, input.journeyId, input.id) : null;
}

/** The request was decided, superseded or went stale while it was being approved: nothing was published. */
export class PublishRequestChanged extends Error {
  constructor(readonly requestId: string) {
    super(`publish request "${requestId}" is no longer pending with the journey's draft`);
    this.name = 'PublishRequestChanged';
  }
}

/**
 * Inside the publish's transaction (the journey row locked): marks the request approved as
 * publishing `version`, only while it is pending and its draft is still the journey's.
 * Returns false otherwise, and the caller rolls the publish back.
 */
export async function approvePublishRequestIn(
  tx: SqlQueryable,
  input: { journeyId: string; id: string; by: string; at: Date; version: number; comment: string | null },
): Promise<boolean> {
  const rows = await tx.query(
    `update publish_requests r set status = 'approved', decided_by = $3, decided_at = $4, version = $5, comment = $6
       from journeys j
      where r.journey_id = $1 and r.id = $2 and r.status = 'pending' and j.id = r.journey_id and r.draft = j.draft
      returning r.id`,
    [input.journeyId, input.id, input.by, input.at, input.version, input.comment],
  );
  return rows.length === 1;
}
