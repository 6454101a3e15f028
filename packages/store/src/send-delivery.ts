import { countChangedSends } from './send-count-changes.js';
import type { SqlQueryable } from './sql.js';

/**
 * Delivery's side of the `sends` table (the engine writes the rows; see 001_initial.sql). A
 * send with status `sent` starts `pending`; delivery claims it, delivers it, and marks it once.
 *
 * The claim is a lease, committed before anything leaves: it bumps `attempts` and pushes
 * `next_attempt_at` past the lease, so no other worker takes the send while it is being
 * delivered, and a worker that dies mid-delivery leaves it to be claimed again when the lease
 * runs out. The marks only apply while the claim is still the current one (`attempts` as
 * claimed, still pending), so a worker that overran its lease cannot overwrite the outcome of
 * the worker that took over. A mark that ends the delivery moves the send between the
 * journey's send counters (send-counts.ts) in the same statement.
 */

export interface DueSend {
  leadId: string;
  id: string;
  runId: string;
  journeyId: string;
  nodeId: string;
  channel: string;
  template: string;
  status: string;
  at: Date;
  idempotencyKey: string;
  payload: unknown;
  /** Counting the attempt this claim starts. */
  attempts: number;
}

export interface SendDeliveryRecord extends DueSend {
  deliveryState: 'pending' | 'delivered' | 'failed';
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  lastError: string | null;
  missingFields: string[] | null;
}

/** The columns of a DueSend, read from the table (or alias) `from`. */
function dueSendColumns(from: string): string {
  return `${from}.lead_id as "leadId", ${from}.id, ${from}.run_id as "runId", ${from}.journey_id as "journeyId",
    ${from}.node_id as "nodeId", ${from}.channel, ${from}.template, ${from}.status, ${from}.at,
    ${from}.idempotency_key as "idempotencyKey", ${from}.payload, ${from}.attempts`;
}

/**
 * Claims up to `limit` pending sends due at `now`, oldest due first, skipping sends another
 * worker holds, and leases them for `leaseMs`. Every send claimed and not yet marked when its
 * worker dies is delivered again after the lease, so delivery claims only as many as it is
 * about to deliver (one per free slot; the README's "Sends are claimed one at a time").
 */
export function claimDueSends(
  db: SqlQueryable,
  { now, limit, leaseMs }: { now: Date; limit: number; leaseMs: number },
): Promise<DueSend[]> {
  return db.query<DueSend>(
    `with due as (
       select lead_id, id, next_attempt_at from sends
        where delivery_state = 'pending' and next_attempt_at <= $1
        order by next_attempt_at, lead_id, id
        limit $2
        for update skip locked
     ), claimed as (
       update sends s
          set attempts = s.attempts + 1,
              next_attempt_at = $1::timestamptz + make_interval(secs => $3::double precision / 1000)
         from due
        where s.lead_id = due.lead_id and s.id = due.id
        returning due.next_attempt_at as due_at, ${dueSendColumns('s')}
     )
     select "leadId", id, "runId", "journeyId", "nodeId", channel, template, status, at, "idempotencyKey", payload, attempts
       from claimed order by due_at, "leadId", id`,
    [now, limit, leaseMs],
  );
}

export interface SendClaim {
  leadId: string;
  id: string;
  /** `attempts` as the claim returned it. */
  attempts: number;
}

export interface DeliveryNotes {
  /** Merge fields that rendered empty; null when the send was not rendered. */
  missingFields?: string[] | null;
}

/**
 * The send of claim ($1 lead, $2 id, $3 attempts) while that claim is current, locked, with
 * the state it is in: marking it ends its delivery, which moves it between send counters.
 */
const currentClaim = `claimed as (
  select lead_id, id, status, delivery_state from sends
   where lead_id = $1 and id = $2 and attempts = $3 and delivery_state = 'pending'
   for update
)`;

/** What the send counters need of a send a mark changed (see send-count-changes.ts). */
const changedSendColumns = `s.journey_id, s.node_id, s.channel, s.status, s.delivery_state,
  claimed.status as old_status, claimed.delivery_state as old_delivery_state`;

/** The send reached its channel. False when the claim was no longer current. */
export async function markSendDelivered(
  db: SqlQueryable,
  claim: SendClaim,
  { at, missingFields = null }: DeliveryNotes & { at: Date },
): Promise<boolean> {
  const counted = await db.query(
    `with ${currentClaim}, changed as (
       update sends s set delivery_state = 'delivered', delivered_at = $4, next_attempt_at = null,
              last_error = null, missing_fields = $5::jsonb
         from claimed where s.lead_id = claimed.lead_id and s.id = claimed.id
       returning ${changedSendColumns}
     )
     ${countChangedSends('changed')}`,
    [claim.leadId, claim.id, claim.attempts, at, missingFields],
  );
  return counted.length > 0;
}

export interface DeliveredSend extends SendClaim {
  journeyId: string;
  nodeId: string;
  /** When its channel accepted it. */
  at: Date;
  missingFields: string[] | null;
}

/**
 * Several sends reached their channel: each is marked as markSendDelivered would, counted in
 * the journey's send counters and its node's `sent` (send_stats), in one statement, so one
 * commit serves them all. Answers the claims that were still current, as `leadId`/`id` pairs.
 */
export async function markSendsDelivered(db: SqlQueryable, sends: readonly DeliveredSend[]): Promise<{ leadId: string; id: string }[]> {
  if (sends.length === 0) return [];
  const rows = sends.map((send) => ({
    lead_id: send.leadId,
    id: send.id,
    attempts: send.attempts,
    delivered_at: send.at.toISOString(),
    missing_fields: send.missingFields,
  }));
  return db.query<{ leadId: string; id: string }>(
    `with given as (
       -- The limit tells the planner how many there are (it assumes 100 rows of any recordset),
       -- so the update looks them up by key instead of scanning every send.
       select * from jsonb_to_recordset($1::jsonb)
         as g(lead_id text, id text, attempts int, delivered_at timestamptz, missing_fields jsonb)
        limit $2
     ), claimed as (
       -- Each send looked up by its key, locked in key order: a join could hash every pending
       -- send instead (PGlite has no autovacuum, so its estimates stay those of an empty table).
       select s.lead_id, s.id, s.status, s.delivery_state, given.delivered_at, given.missing_fields
         from (select * from given order by lead_id, id) as given
        cross join lateral (
          select lead_id, id, status, delivery_state from sends
           where sends.lead_id = given.lead_id and sends.id = given.id and sends.attempts = given.attempts
             and sends.delivery_state = 'pending'
             for update
        ) as s
     ), changed as (
       update sends s set delivery_state = 'delivered', delivered_at = claimed.delivered_at, next_attempt_at = null,
              last_error = null, missing_fields = claimed.missing_fields
         from claimed where s.lead_id = claimed.lead_id and s.id = claimed.id
       returning s.lead_id, s.id, ${changedSendColumns}
     ), counted as (
       ${countChangedSends('changed')}
     ), sent as (
       insert into send_stats as t (journey_id, node_id, sent)
       select journey_id, node_id, count(*) from changed group by journey_id, node_id order by journey_id, node_id
       on conflict (journey_id, node_id) do update set sent = t.sent + excluded.sent
       returning journey_id
     )
     select lead_id as "leadId", id from changed order by lead_id, id`,
    [rows, rows.length],
  );
}

/** This attempt failed; try again at `nextAttemptAt`. False when the claim was no longer current. */
export async function scheduleSendRetry(
  db: SqlQueryable,
  claim: SendClaim,
  { nextAttemptAt, error, missingFields = null }: DeliveryNotes & { nextAttemptAt: Date; error: string },
): Promise<boolean> {
  const marked = await db.query(
    `update sends set next_attempt_at = $4, last_error = $5, missing_fields = $6::jsonb
      where lead_id = $1 and id = $2 and attempts = $3 and delivery_state = 'pending'
      returning id`,
    [claim.leadId, claim.id, claim.attempts, nextAttemptAt, error, missingFields],
  );
  return marked.length > 0;
}

/**
 * The send will not be delivered: its delivery is `failed` and so is its status (the journey
 * format's send status `failed`). False when the claim was no longer current.
 */
export async function markSendFailed(
  db: SqlQueryable,
  claim: SendClaim,
  { error, missingFields = null }: DeliveryNotes & { error: string },
): Promise<boolean> {
  const counted = await db.query(
    `with ${currentClaim}, changed as (
       update sends s set delivery_state = 'failed', status = 'failed', next_attempt_at = null,
              last_error = $4, missing_fields = $5::jsonb
         from claimed where s.lead_id = claimed.lead_id and s.id = claimed.id
       returning ${changedSendColumns}
     )
     ${countChangedSends('changed')}`,
    [claim.leadId, claim.id, claim.attempts, error, missingFields],
  );
  return counted.length > 0;
}

export async function getSendDelivery(db: SqlQueryable, leadId: string, id: string): Promise<SendDeliveryRecord | null> {
  const [send] = await db.query<SendDeliveryRecord>(
    `select ${dueSendColumns('sends')}, delivery_state as "deliveryState", next_attempt_at as "nextAttemptAt",
            delivered_at as "deliveredAt", last_error as "lastError", missing_fields as "missingFields"
       from sends where lead_id = $1 and id = $2`,
    [leadId, id],
  );
  return send ?? null;
}
