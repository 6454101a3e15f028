import type { LeadRecord } from './leads.js';
import { countNewSends } from './send-count-changes.js';
import { pgArray } from './pg-array.js';
import type { SqlQueryable } from './sql.js';

/**
 * The engine's unit of work is a batch of leads (claimed with FOR UPDATE SKIP LOCKED by
 * `claimDueLeads`): `loadLeadWork` reads everything their runs need in a handful of queries,
 * the engine applies the journey rules in memory, and `saveLeadWork` writes every effect back
 * in the same transaction, so a crash leaves either all of a step or none of it.
 * Every statement is keyed by lead, so a distribution by lead id routes it.
 */

/** A lead as the engine reads and writes it: the stored lead without its bookkeeping times. */
export type LeadRow = Omit<LeadRecord, 'createdAt' | 'updatedAt' | 'dueAt'>;

export interface EventRow {
  leadId: string;
  id: string;
  type: string;
  at: Date;
  props: Record<string, unknown>;
}

export interface RunRow {
  leadId: string;
  id: string;
  journeyId: string;
  version: number;
  /** The journey package's RunState plus `stepCount`. */
  state: Record<string, unknown>;
  wakeAt: Date | null;
}

export interface LoadedLeadWork {
  leads: LeadRow[];
  pendingEvents: EventRow[];
  history: EventRow[];
  runs: RunRow[];
  lastEnded: { leadId: string; journeyId: string; endedAt: Date }[];
  recentSends: { leadId: string; channel: string; at: Date }[];
}

export interface LoadOptions {
  /** Load processed events since then as history (null: the whole history), or none at all. */
  history: { since: Date | null } | false;
  /** Sends with status `sent` since then, for frequency caps (null: none needed). */
  sendsSince: Date | null;
}

export async function loadLeadWork(tx: SqlQueryable, leadIds: readonly string[], options: LoadOptions): Promise<LoadedLeadWork> {
  const ids = [...leadIds];
  const leads = await tx.query<LeadRow>(
    `select id, email, phone, timezone, owner, score, stage, attributes, consent from leads where id = any($1::text[])`,
    [ids],
  );
  const pendingEvents = await tx.query<EventRow>(
    `select lead_id as "leadId", id, type, at, props from events
      where lead_id = any($1::text[]) and processed_at is null order by lead_id, seq`,
    [ids],
  );
  const history =
    options.history === false
      ? []
      : await tx.query<EventRow>(
          `select lead_id as "leadId", id, type, at, props from events
            where lead_id = any($1::text[]) and processed_at is not null
              and ($2::timestamptz is null or at >= $2::timestamptz)
            order by lead_id, at, seq`,
          [ids, options.history.since],
        );
  // Active runs and when each journey's last run ended, from one read of the leads' runs: one
  // pass over the primary key (or, before autovacuum has analyzed a table that grew fast, such
  // as the runs of a wave of new leads, one scan of it where two queries made two).
  const stored = await tx.query<RunRow & { status: string; endedAt: Date | null }>(
    `select lead_id as "leadId", id, journey_id as "journeyId", version, status,
            case when status = 'active' then state end as state, wake_at as "wakeAt", ended_at as "endedAt"
       from runs where lead_id = any($1::text[])`,
    [ids],
  );
  const runs: RunRow[] = [];
  const lastEndedBy = new Map<string, { leadId: string; journeyId: string; endedAt: Date }>();
  for (const { status, endedAt, ...run } of stored) {
    if (status === 'active') runs.push(run);
    else if (endedAt !== null) {
      const key = `${run.leadId}\u0000${run.journeyId}`;
      const latest = lastEndedBy.get(key);
      if (!latest || latest.endedAt < endedAt) lastEndedBy.set(key, { leadId: run.leadId, journeyId: run.journeyId, endedAt });
    }
  }
  const lastEnded = [...lastEndedBy.values()];
  const recentSends =
    options.sendsSince === null
      ? []
      : await tx.query<{ leadId: string; channel: string; at: Date }>(
          `select lead_id as "leadId", channel, at from sends
            where lead_id = any($1::text[]) and status = 'sent' and at >= $2
            order by lead_id, at`,
          [ids, options.sendsSince],
        );
  return { leads, pendingEvents, history, runs, lastEnded, recentSends };
}

export interface StepChange {
  leadId: string;
  runId: string;
  seq: number;
  nodeId: string;
  at: Date;
  handle: string | null;
  /** A cadence's touch, from 0 (null for a node's own step). */
  touch?: number | null;
}

/** A lead's changed fields: a field left out is unchanged (and not written). */
export type LeadChange = Pick<LeadRow, 'id'> & Partial<Omit<LeadRow, 'id'>>;

export interface LeadWorkChanges {
  leads: LeadChange[];
  runs: {
    leadId: string;
    id: string;
    journeyId: string;
    version: number;
    status: 'active' | 'done';
    nodeId: string;
    state: Record<string, unknown>;
    wakeAt: Date | null;
    outcome: string | null;
    enteredAt: Date;
    endedAt: Date | null;
  }[];
  /** Steps entered in this transaction. */
  steps: StepChange[];
  /** Steps stored earlier (the lead rested there) that the lead has now left: their handle is set. */
  leftSteps: StepChange[];
  sends: {
    leadId: string;
    id: string;
    runId: string;
    journeyId: string;
    nodeId: string;
    channel: string;
    template: string;
    status: string;
    at: Date;
    payload: Record<string, unknown>;
  }[];
  handoffsOpened: {
    leadId: string;
    id: string;
    runId: string;
    journeyId: string;
    nodeId: string;
    queue: string;
    /** The lead's owner when assigned by owner; null: the queue's next member in turn. */
    assignee: string | null;
    dueAt: Date;
    at: Date;
  }[];
  handoffsClosed: { leadId: string; runId: string; nodeId: string; status: string; at: Date }[];
  emittedEvents: { leadId: string; id: string; type: string; at: Date; props: Record<string, unknown> }[];
  processedEvents: { leadId: string; id: string }[];
  nodeStats: { journeyId: string; nodeId: string; current: number; entered: number }[];
  outcomes: { journeyId: string; outcome: string; count: number }[];
  dueAt: { leadId: string; dueAt: Date | null }[];
}

/** Changes that change nothing: a batch's changes are gathered into it. */
export function noLeadWorkChanges(): LeadWorkChanges {
  return {
    leads: [],
    runs: [],
    steps: [],
    leftSteps: [],
    sends: [],
    handoffsOpened: [],
    handoffsClosed: [],
    emittedEvents: [],
    processedEvents: [],
    nodeStats: [],
    outcomes: [],
    dueAt: [],
  };
}

export async function saveLeadWork(tx: SqlQueryable, changes: LeadWorkChanges): Promise<void> {
  await saveLeadRows(tx, changes.leads, changes.dueAt);
  if (changes.runs.length > 0) {
    const runs = changes.runs;
    await tx.query(
      `insert into runs as r (lead_id, id, journey_id, version, status, node_id, state, wake_at, outcome, entered_at, ended_at)
       select c.lead_id, c.id, c.journey_id, c.version, c.status, c.node_id, c.state::jsonb, c.wake_at, c.outcome,
              c.entered_at, c.ended_at
         from unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[],
                     $8::timestamptz[], $9::text[], $10::timestamptz[], $11::timestamptz[])
           as c(lead_id, id, journey_id, version, status, node_id, state, wake_at, outcome, entered_at, ended_at)
       on conflict (lead_id, id) do update set status = excluded.status, node_id = excluded.node_id,
              state = excluded.state, wake_at = excluded.wake_at, outcome = excluded.outcome, ended_at = excluded.ended_at`,
      [
        pgArray(runs.map((r) => r.leadId)),
        pgArray(runs.map((r) => r.id)),
        pgArray(runs.map((r) => r.journeyId)),
        pgArray(runs.map((r) => r.version)),
        pgArray(runs.map((r) => r.status)),
        pgArray(runs.map((r) => r.nodeId)),
        // jsonb travels as JSON text in a text[]: both drivers agree on that.
        pgArray(runs.map((r) => JSON.stringify(r.state))),
        pgArray(runs.map((r) => r.wakeAt?.toISOString() ?? null)),
        pgArray(runs.map((r) => r.outcome)),
        pgArray(runs.map((r) => r.enteredAt.toISOString())),
        pgArray(runs.map((r) => r.endedAt?.toISOString() ?? null)),
      ],
    );
  }
  if (changes.steps.length > 0) {
    // Column arrays through unnest: the cheapest way to send thousands of rows in one statement.
    await tx.query(`insert into steps (lead_id, run_id, seq, node_id, at, handle, touch) ${STEP_ROWS}`, stepColumns(changes.steps));
  }
  if (changes.leftSteps.length > 0) {
    // Only the handle changes. An upsert, not an update joined to the batch: PostgreSQL plans
    // that join as a hash join over a scan of the whole steps table once the batch is a few
    // hundred rows, a cost that grows with every step ever taken; the upsert's conflict check
    // finds each row by its primary key. The rows exist (written when the lead entered them);
    // one that did not would be written whole, with where and when the lead entered it.
    await tx.query(
      `insert into steps (lead_id, run_id, seq, node_id, at, handle, touch) ${STEP_ROWS}
       on conflict (lead_id, run_id, seq) do update set handle = excluded.handle`,
      stepColumns(changes.leftSteps),
    );
  }
  for (const handoff of changes.handoffsOpened) {
    const assignee = handoff.assignee ?? (await nextQueueMember(tx, handoff.queue));
    await tx.query(
      `insert into handoffs (lead_id, id, run_id, journey_id, node_id, queue, assignee, due_at, status, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9)
       on conflict (lead_id, id) do nothing`,
      [handoff.leadId, handoff.id, handoff.runId, handoff.journeyId, handoff.nodeId, handoff.queue, assignee, handoff.dueAt, handoff.at],
    );
  }
  if (changes.handoffsClosed.length > 0) {
    await tx.query(
      `update handoffs as h set status = c.status, answered_at = c.at
         from jsonb_to_recordset($1::jsonb) as c("leadId" text, "runId" text, "nodeId" text, status text, at timestamptz)
        where h.lead_id = c."leadId" and h.run_id = c."runId" and h.node_id = c."nodeId" and h.status = 'open'`,
      [changes.handoffsClosed],
    );
  }
  if (changes.emittedEvents.length > 0) {
    await tx.query(
      `insert into events (lead_id, id, type, at, props, processed_at)
       select c."leadId", c.id, c.type, c.at, c.props, now()
         from jsonb_to_recordset($1::jsonb) as c("leadId" text, id text, type text, at timestamptz, props jsonb)
       on conflict (lead_id, id) do nothing`,
      [changes.emittedEvents],
    );
  }
  if (changes.processedEvents.length > 0) {
    await tx.query(
      `update events as e set processed_at = now()
         from jsonb_to_recordset($1::jsonb) as c("leadId" text, id text)
        where e.lead_id = c."leadId" and e.id = c.id and e.processed_at is null`,
      [changes.processedEvents],
    );
  }
  if (changes.nodeStats.length > 0) {
    // Sorted (a function scan keeps array order), so that two workers touching the same
    // counters lock them in the same order and cannot deadlock.
    const sorted = [...changes.nodeStats].sort((a, b) =>
      a.journeyId === b.journeyId ? (a.nodeId < b.nodeId ? -1 : 1) : a.journeyId < b.journeyId ? -1 : 1,
    );
    await tx.query(
      `insert into node_stats as s (journey_id, node_id, current, entered)
       select c."journeyId", c."nodeId", c.current, c.entered
         from jsonb_to_recordset($1::jsonb) as c("journeyId" text, "nodeId" text, current bigint, entered bigint)
       on conflict (journey_id, node_id) do update
         set current = s.current + excluded.current, entered = s.entered + excluded.entered`,
      [sorted],
    );
  }
  if (changes.outcomes.length > 0) {
    const sorted = [...changes.outcomes].sort((a, b) =>
      a.journeyId === b.journeyId ? (a.outcome < b.outcome ? -1 : 1) : a.journeyId < b.journeyId ? -1 : 1,
    );
    await tx.query(
      `insert into outcome_stats as s (journey_id, outcome, count)
       select c."journeyId", c.outcome, c.count
         from jsonb_to_recordset($1::jsonb) as c("journeyId" text, outcome text, count bigint)
       on conflict (journey_id, outcome) do update set count = s.count + excluded.count`,
      [sorted],
    );
  }
  if (changes.sends.length > 0) {
    // Only a `sent` decision has something to deliver; the send's id is its idempotency key.
    // Each send written is counted in send_counts by the same statement (one already written
    // is not). Last in the transaction: the engine has already locked these nodes' node_stats
    // rows, so the counters add no wait between workers, and delivery workers, which touch the
    // same counters, wait for no more than this commit.
    const sends = changes.sends;
    await tx.query(
      `with written as (
         insert into sends (lead_id, id, run_id, journey_id, node_id, channel, template, status, at, idempotency_key,
                            payload, delivery_state, next_attempt_at)
         select c.lead_id, c.id, c.run_id, c.journey_id, c.node_id, c.channel, c.template, c.status, c.at, c.id,
                c.payload::jsonb, case when c.status = 'sent' then 'pending' else 'delivered' end,
                case when c.status = 'sent' then c.at end
           from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                       $9::timestamptz[], $10::text[])
             as c(lead_id, id, run_id, journey_id, node_id, channel, template, status, at, payload)
         on conflict (lead_id, id) do nothing
         returning journey_id, node_id, channel, status, delivery_state
       )
       ${countNewSends('written')}`,
      [
        pgArray(sends.map((x) => x.leadId)),
        pgArray(sends.map((x) => x.id)),
        pgArray(sends.map((x) => x.runId)),
        pgArray(sends.map((x) => x.journeyId)),
        pgArray(sends.map((x) => x.nodeId)),
        pgArray(sends.map((x) => x.channel)),
        pgArray(sends.map((x) => x.template)),
        pgArray(sends.map((x) => x.status)),
        pgArray(sends.map((x) => x.at.toISOString())),
        pgArray(sends.map((x) => JSON.stringify(x.payload))),
      ],
    );
  }
}

/** The columns a lead change may set, each read from the change's JSON only when the change has it. */
const LEAD_TEXT_COLUMNS = ['email', 'phone', 'timezone', 'owner', 'stage'] as const;

/**
 * The batch's lead rows in one statement, each row written at most once: its changed fields
 * and its next `due_at` together. A field the change leaves out keeps its value, and a row
 * whose fields are unchanged and whose `due_at` is already the one given is not written at
 * all. Before, every lead of a batch was updated twice (its fields, then `due_at` by an
 * upsert), and each update of a row is a new row version that maintains every index of
 * `leads` (the trigram search index among them) unless it is HOT: the re-score bench spent
 * as long on those two writes as on everything else together (docs: packages/store/README.md).
 * Rows are found by key: each element probes the primary key (a nested loop), as the upsert did.
 */
async function saveLeadRows(tx: SqlQueryable, leads: readonly LeadChange[], dueAt: LeadWorkChanges['dueAt']): Promise<void> {
  if (leads.length === 0 && dueAt.length === 0) return;
  const rows = new Map<string, { id: string; set?: Omit<LeadChange, 'id'>; dueAt?: string | null }>();
  for (const { id, ...set } of leads) rows.set(id, { id, set });
  for (const d of dueAt) {
    const row = rows.get(d.leadId) ?? { id: d.leadId };
    row.dueAt = d.dueAt?.toISOString() ?? null;
    rows.set(d.leadId, row);
  }
  const text = LEAD_TEXT_COLUMNS.map((c) => `${c} = case when c.j -> 'set' ? '${c}' then c.j -> 'set' ->> '${c}' else l.${c} end`);
  // Sorted by id, so two transactions writing the same leads lock them in the same order.
  const sorted = [...rows.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  await tx.query(
    `update leads as l set ${text.join(', ')},
            score = case when c.j -> 'set' ? 'score' then (c.j -> 'set' ->> 'score')::double precision else l.score end,
            attributes = case when c.j -> 'set' ? 'attributes' then c.j -> 'set' -> 'attributes' else l.attributes end,
            consent = case when c.j -> 'set' ? 'consent' then c.j -> 'set' -> 'consent' else l.consent end,
            updated_at = case when c.j -> 'set' <> '{}' then now() else l.updated_at end,
            due_at = case when c.j ? 'dueAt' then (c.j ->> 'dueAt')::timestamptz else l.due_at end
       from (select e.j, e.j ->> 'id' as id from jsonb_array_elements($1::jsonb) as e(j)) as c
      where l.id = c.id
        and (c.j -> 'set' <> '{}' or (c.j ? 'dueAt' and l.due_at is distinct from (c.j ->> 'dueAt')::timestamptz))`,
    [sorted],
  );
}

/** The rows of `stepColumns`. */
const STEP_ROWS = `select * from unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::timestamptz[], $6::text[], $7::int[])`;

function stepColumns(steps: readonly StepChange[]): string[] {
  return [
    pgArray(steps.map((s) => s.leadId)),
    pgArray(steps.map((s) => s.runId)),
    pgArray(steps.map((s) => s.seq)),
    pgArray(steps.map((s) => s.nodeId)),
    pgArray(steps.map((s) => s.at.toISOString())),
    pgArray(steps.map((s) => s.handle)),
    pgArray(steps.map((s) => s.touch ?? null)),
  ];
}

/** Round robin: each handoff in a queue goes to its next member; no members → unassigned. */
async function nextQueueMember(tx: SqlQueryable, queue: string): Promise<string | null> {
  const [row] = await tx.query<{ member: string | null }>(
    `update queues set next_index = next_index + 1
      where name = $1 and cardinality(members) > 0
      returning members[((next_index - 1) % cardinality(members)) + 1] as member`,
    [queue],
  );
  return row?.member ?? null;
}
