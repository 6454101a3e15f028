import { lockLeads } from './due-leads.js';
import { pgArray } from './pg-array.js';
import type { SqlExecutor, SqlQueryable, SqlTransaction } from './sql.js';

/**
 * Events as `POST /api/events` accepts them. The event id is the idempotency key *per lead*:
 * the primary key is (lead_id, id), so the same id resent for the same lead is a duplicate and
 * changes nothing, while the same id on another lead is another event. Keying by lead keeps the
 * table distributable by lead id; clients that make ids globally unique see no difference.
 */

/** The channel `ingestEvents` notifies when leads have new work: workers listen on it. */
export const WORK_CHANNEL = 'trellis_work';

export interface IncomingEvent {
  id: string;
  leadId: string;
  type: string;
  /** When it happened; defaults to when it was received. */
  at?: Date | string;
  props?: Record<string, unknown>;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
}

export interface EventRecord {
  leadId: string;
  id: string;
  type: string;
  at: Date;
  props: Record<string, unknown>;
  receivedAt: Date;
  seq: number;
  processedAt: Date | null;
}

/**
 * Stores a batch of (already validated) events in one transaction, so an answer of 202 means
 * every one is durable: creates the leads it names that do not exist yet, keeps the new events
 * in batch order, marks their leads due now (an earlier due time stays), and wakes the workers
 * once the transaction commits.
 */
export function ingestEvents(db: SqlExecutor, batch: readonly IncomingEvent[], now?: Date): Promise<IngestResult> {
  if (batch.length === 0) return Promise.resolve({ accepted: 0, duplicates: 0 });
  return db.transaction((tx) => insertEvents(tx, batch, now));
}

/**
 * `ingestEvents` inside a transaction the caller holds. A lead the batch creates gets a
 * `lead_created` event (id `trellis.lead_created`, out of the way of clients' ids), so journeys
 * can start on it. It comes after the `lead_updated` events that open the lead's part of the
 * batch (a `PUT /api/leads/:id` that creates the lead is one): a journey that starts on
 * `lead_created` sees the lead as it was created, as the simulator does, not an empty one.
 * `now` (the engine's clock) stamps `lead_created` and events sent without `at` (the database's
 * clock when not given), and is when the leads fall due (this process's clock when not given).
 * without `at`.
 */
export async function insertEvents(tx: SqlTransaction, batch: readonly IncomingEvent[], now?: Date): Promise<IngestResult> {
  if (batch.length === 0) return { accepted: 0, duplicates: 0 };
  const rows = batch.map((event) => ({
    lead_id: event.leadId,
    id: event.id,
    type: event.type,
    at: event.at instanceof Date ? event.at.toISOString() : (event.at ?? null),
    props: event.props ?? {},
  }));
  const dueAt = now ?? new Date();
  // A new lead is written due at once: were it marked due by markLeadsDue's update, every
  // index on leads (the trigram search among them) would take each new lead twice.
  // The batch's leads as an array, not the batch again as JSON: a batch is serialised once.
  const created = await tx.query<{ id: string }>(
    `insert into leads (id, due_at)
     select l.id, $2::timestamptz from unnest($1::text[]) as l(id)
     on conflict (id) do nothing
     returning id`,
    [pgArray([...new Set(rows.map((row) => row.lead_id))].sort()), dueAt],
  );
  const createdIds = new Set(created.map((c) => c.id));
  let inserted: { leadId: string }[];
  if (created.length === 0) {
    inserted = await insertRows(tx, rows, now);
  } else {
    const { opening, rest } = splitOpeningUpdates(rows, createdIds);
    const first = await insertRows(tx, opening, now);
    const createdRows = rows.filter((row) => createdIds.has(row.lead_id));
    await tx.query(
      `insert into events (lead_id, id, type, at)
       select e.lead_id, 'trellis.lead_created', 'lead_created',
              -- created no later than its first event, so the timeline reads in order
              least(min(e.at::timestamptz), coalesce($3::timestamptz, now()))
         from unnest($1::text[], $2::text[]) as e(lead_id, at)
        group by e.lead_id
       on conflict (lead_id, id) do nothing`,
      [pgArray(createdRows.map((row) => row.lead_id)), pgArray(createdRows.map((row) => row.at)), now ?? null],
    );
    inserted = [...first, ...(await insertRows(tx, rest, now))];
  }
  const dueLeads = [...new Set(inserted.map((row) => row.leadId))].sort();
  // The leads this batch created are due already, and no one else can see them yet.
  if (dueLeads.length > 0) await markLeadsDue(tx, dueLeads.filter((id) => !createdIds.has(id)), dueAt);
  await noteActivity(tx, rows, new Set(dueLeads), now);
  return { accepted: inserted.length, duplicates: batch.length - inserted.length };
}

/** Events a lead did itself: not a change of its record, nor one the engine made. */
const NOT_ACTIVITY = ['lead_updated', 'lead_created', 'score_changed'];

/**
 * The leads list's "last activity": the latest `at` of the lead's own events (a page visit,
 * an email click), not a CRM sync or an import (`lead_updated`). After markLeadsDue, which
 * has locked these leads in id order.
 */
async function noteActivity(
  tx: SqlTransaction,
  rows: readonly { lead_id: string; type: string; at: string | null }[],
  locked: ReadonlySet<string>,
  now?: Date,
): Promise<void> {
  // Only leads with new events: markLeadsDue locked them; a batch of duplicates changes nothing.
  const active = rows.filter((row) => locked.has(row.lead_id) && !NOT_ACTIVITY.includes(row.type));
  if (active.length === 0) return;
  await tx.query(
    `update leads as l set last_activity_at = greatest(l.last_activity_at, a.at)
       from (select e.doc ->> 'lead_id' as lead_id, max(coalesce((e.doc ->> 'at')::timestamptz, $2::timestamptz, now())) as at
               from jsonb_array_elements($1::jsonb) as e(doc) group by 1) as a
      where l.id = a.lead_id`,
    [active, now ?? null],
  );
}

/**
 * Marks leads with new events due at `now` (an earlier due time stays) and wakes the workers.
 *
 * The leads are locked first, in id order, waiting for any worker that holds one. A worker
 * holding a lead read its pending events before these committed and will clear its due time
 * without having seen them; were the lead skipped because it looks due already (its due time
 * is past: that is why the worker holds it), the new events would stay unprocessed forever.
 * After the wait the update reads the worker's committed due time (a new statement, a new
 * snapshot under READ COMMITTED) and marks the lead due again. One statement could not: its
 * snapshot predates the wait. Id order keeps two ingests locking shared leads from deadlocking.
 */
async function markLeadsDue(tx: SqlTransaction, leadIds: readonly string[], now: Date): Promise<void> {
  if (leadIds.length > 0) {
    await lockLeads(tx, leadIds);
    // Due by the engine's clock, the one workers claim by: with the database's, an engine whose
    // clock runs behind the database's never found these events due.
    await tx.query(`update leads set due_at = $2 where id = any($1::text[]) and (due_at is null or due_at > $2)`, [leadIds, now]);
  }
  await tx.notify(WORK_CHANNEL, '');
}

type EventRow = { lead_id: string; id: string; type: string; at: string | null; props: Record<string, unknown> };

/** Each created lead's leading run of `lead_updated` events, and the rest, both in batch order. */
function splitOpeningUpdates(rows: readonly EventRow[], created: ReadonlySet<string>): { opening: EventRow[]; rest: EventRow[] } {
  const opening: EventRow[] = [];
  const rest: EventRow[] = [];
  const pastOpening = new Set<string>();
  for (const row of rows) {
    if (created.has(row.lead_id) && !pastOpening.has(row.lead_id) && row.type === 'lead_updated') opening.push(row);
    else {
      pastOpening.add(row.lead_id);
      rest.push(row);
    }
  }
  return { opening, rest };
}

/** Inserts events in the order given; ON CONFLICT DO NOTHING also drops a repeat of an id within them (the first wins). */
async function insertRows(tx: SqlTransaction, rows: readonly EventRow[], now: Date | undefined): Promise<{ leadId: string }[]> {
  if (rows.length === 0) return [];
  return tx.query<{ leadId: string }>(
    `insert into events (lead_id, id, type, at, props)
     select e.doc ->> 'lead_id', e.doc ->> 'id', e.doc ->> 'type',
            coalesce((e.doc ->> 'at')::timestamptz, $2::timestamptz, now()), coalesce(e.doc -> 'props', '{}')
       from jsonb_array_elements($1::jsonb) with ordinality as e(doc, n)
      order by e.n
     on conflict (lead_id, id) do nothing
     returning lead_id as "leadId"`,
    [rows, now ?? null],
  );
}

/** A lead's events not yet applied by the engine, in arrival order. */
export function pendingEvents(db: SqlQueryable, leadId: string): Promise<EventRecord[]> {
  return db.query<EventRecord>(
    `select lead_id as "leadId", id, type, at, props, received_at as "receivedAt", seq, processed_at as "processedAt"
       from events where lead_id = $1 and processed_at is null order by seq`,
    [leadId],
  );
}

/** Marks events applied, in the transaction that applied them. */
export async function markEventsProcessed(db: SqlQueryable, leadId: string, ids: readonly string[]): Promise<void> {
  await db.query(
    `update events set processed_at = now() where lead_id = $1 and id = any($2::text[]) and processed_at is null`,
    [leadId, ids],
  );
}
