import type { SqlQueryable } from './sql.js';

/**
 * Live edits (docs/live-edits.md): the running leads of a journey counted by version and node
 * for the publish review, and a move of them onto a newly published version, a batch of leads
 * per transaction. The rules (where a lead lands, its new wake-up) are the journey package's;
 * these are the reads and writes around them. Every write is keyed by lead, and a batch's leads
 * are locked with `lockLeads` first, the lock the engine's workers hold while they work on a
 * lead, so a lead a worker is processing is moved after that worker commits, never half.
 */

export interface InFlightCount {
  version: number;
  nodeId: string;
  leads: number;
}

/** Running leads by version and node: one GROUP BY, answered by the `runs_at_node` index. */
export function inFlightCounts(db: SqlQueryable, journeyId: string): Promise<InFlightCount[]> {
  return db.query<InFlightCount>(
    `select version, node_id as "nodeId", count(*)::int8 as leads
       from runs where journey_id = $1 and status = 'active'
      group by version, node_id
      order by version, node_id`,
    [journeyId],
  );
}

export interface JourneyMoveGroup {
  fromVersion: number;
  fromNode: string;
  /** Where those leads went; null: they stayed on their version. */
  toNode: string | null;
  leads: number;
}

export interface JourneyMove {
  journeyId: string;
  /** The version leads were moved to. */
  version: number;
  map: Record<string, string | null>;
  startedAt: Date;
  finishedAt: Date | null;
  afterLeadId: string;
  moved: number;
  stayed: number;
  nodes: JourneyMoveGroup[];
}

const MOVE_COLUMNS = `journey_id as "journeyId", version, map, started_at as "startedAt", finished_at as "finishedAt",
  after_lead_id as "afterLeadId", moved, stayed, nodes`;

/** Records that the leads of earlier versions move to `version` (once: a second call changes nothing). */
export async function startJourneyMove(
  db: SqlQueryable,
  move: { journeyId: string; version: number; map: Record<string, string | null>; at: Date },
): Promise<void> {
  await db.query(
    `insert into journey_moves (journey_id, version, map, started_at) values ($1, $2, $3::jsonb, $4)
     on conflict (journey_id, version) do nothing`,
    [move.journeyId, move.version, move.map, move.at],
  );
}

/** The journey's moves, newest version first: its history of live edits, with counts. */
export function journeyMoves(db: SqlQueryable, journeyId: string): Promise<JourneyMove[]> {
  return db.query<JourneyMove>(`select ${MOVE_COLUMNS} from journey_moves where journey_id = $1 order by version desc`, [journeyId]);
}

/** Moves a restart cut short (or still going), oldest first. */
export function unfinishedJourneyMoves(db: SqlQueryable): Promise<JourneyMove[]> {
  return db.query<JourneyMove>(`select ${MOVE_COLUMNS} from journey_moves where finished_at is null order by started_at, journey_id`);
}

/** Locks the move's row for one batch: two servers continuing the same move take turns. */
export async function lockJourneyMove(tx: SqlQueryable, journeyId: string, version: number): Promise<JourneyMove | null> {
  const [row] = await tx.query<JourneyMove>(
    `select ${MOVE_COLUMNS} from journey_moves where journey_id = $1 and version = $2 for update`,
    [journeyId, version],
  );
  return row ?? null;
}

/** The next leads, by id after `afterLeadId`, with a running lead of an earlier version. */
export async function nextInFlightLeadIds(
  tx: SqlQueryable,
  journeyId: string,
  toVersion: number,
  afterLeadId: string,
  limit: number,
): Promise<string[]> {
  const rows = await tx.query<{ leadId: string }>(
    `select distinct lead_id as "leadId" from runs
      where journey_id = $1 and status = 'active' and version < $2 and lead_id > $3
      order by lead_id limit $4`,
    [journeyId, toVersion, afterLeadId, limit],
  );
  return rows.map((r) => r.leadId);
}

export interface InFlightRun {
  leadId: string;
  runId: string;
  version: number;
  nodeId: string;
  /** `runs.state` as the engine stored it (RunState, stepCount, machine). */
  state: Record<string, unknown>;
  wakeAt: Date | null;
  timezone: string | null;
}

/** The running runs of earlier versions of these leads, read after they are locked. */
export function loadInFlightRuns(tx: SqlQueryable, leadIds: readonly string[], journeyId: string, toVersion: number): Promise<InFlightRun[]> {
  return tx.query<InFlightRun>(
    `select r.lead_id as "leadId", r.id as "runId", r.version, r.node_id as "nodeId", r.state, r.wake_at as "wakeAt", l.timezone
       from runs r join leads l on l.id = r.lead_id
      where r.lead_id = any($1::text[]) and r.journey_id = $2 and r.status = 'active' and r.version < $3
      order by r.lead_id, r.id`,
    [[...leadIds], journeyId, toVersion],
  );
}

export interface RunMoveRow {
  leadId: string;
  runId: string;
  fromVersion: number;
  fromNode: string;
  toNode: string;
  state: Record<string, unknown>;
  wakeAt: Date | null;
  /** A path step at the new node, when it has another id than the old one (seq: the run's next). */
  step: { seq: number; at: Date } | null;
  /** The `journey_moved` event on the lead's timeline. */
  event: { id: string; at: Date; props: Record<string, unknown> };
}

export interface MoveBatch {
  journeyId: string;
  toVersion: number;
  moves: RunMoveRow[];
  /** Leads of this batch kept on their version (no target), by version and node. */
  stayed: { fromVersion: number; fromNode: string; leads: number }[];
  afterLeadId: string;
  /** The batch was the last: the move is over. */
  finishedAt: Date | null;
}

/**
 * Writes one batch of moves in the caller's transaction (the leads locked): the runs on the new
 * version, a path step where the node's id changed, an open handoff following its lead to the
 * mapped node, the timeline event, the live counts, the leads' next work (a wake-up that came
 * earlier), and the move's counts and progress.
 */
export async function saveMoveBatch(tx: SqlQueryable, batch: MoveBatch): Promise<void> {
  const { moves } = batch;
  if (moves.length > 0) {
    await tx.query(
      `update runs as r set version = $2::int, node_id = c."toNode", state = c.state, wake_at = c."wakeAt"
         from jsonb_to_recordset($1::jsonb) as c("leadId" text, "runId" text, "toNode" text, state jsonb, "wakeAt" timestamptz)
        where r.lead_id = c."leadId" and r.id = c."runId"`,
      [moves.map((m) => ({ leadId: m.leadId, runId: m.runId, toNode: m.toNode, state: m.state, wakeAt: m.wakeAt })), batch.toVersion],
    );
    const steps = moves.filter((m) => m.step !== null);
    if (steps.length > 0) {
      await tx.query(
        `insert into steps (lead_id, run_id, seq, node_id, at)
         select c."leadId", c."runId", c.seq, c."toNode", c.at
           from jsonb_to_recordset($1::jsonb) as c("leadId" text, "runId" text, seq int, "toNode" text, at timestamptz)
         on conflict (lead_id, run_id, seq) do nothing`,
        [steps.map((m) => ({ leadId: m.leadId, runId: m.runId, seq: m.step!.seq, toNode: m.toNode, at: m.step!.at }))],
      );
      await tx.query(
        `update handoffs as h set node_id = c."toNode"
           from jsonb_to_recordset($1::jsonb) as c("leadId" text, "runId" text, "fromNode" text, "toNode" text)
          where h.lead_id = c."leadId" and h.run_id = c."runId" and h.node_id = c."fromNode" and h.status = 'open'`,
        [steps.map((m) => ({ leadId: m.leadId, runId: m.runId, fromNode: m.fromNode, toNode: m.toNode }))],
      );
      await addNodeStats(tx, batch.journeyId, steps);
    }
    await tx.query(
      `insert into events (lead_id, id, type, at, props, processed_at)
       select c."leadId", c.id, 'journey_moved', c.at, c.props, c.at
         from jsonb_to_recordset($1::jsonb) as c("leadId" text, id text, at timestamptz, props jsonb)
       on conflict (lead_id, id) do nothing`,
      [moves.map((m) => ({ leadId: m.leadId, ...m.event }))],
    );
    // A wake-up that came earlier makes the lead due then: past wake-ups (a shortened wait) are
    // taken by the workers' normal claims, earliest first, a batch at a time.
    await tx.query(
      `update leads as l set due_at = least(l.due_at, c."wakeAt")
         from jsonb_to_recordset($1::jsonb) as c("leadId" text, "wakeAt" timestamptz)
        where l.id = c."leadId" and c."wakeAt" is not null`,
      [moves.map((m) => ({ leadId: m.leadId, wakeAt: m.wakeAt }))],
    );
  }
  const groups = new Map<string, { fromVersion: number; fromNode: string; toNode: string | null; leads: number }>();
  const count = (fromVersion: number, fromNode: string, toNode: string | null, leads: number) => {
    const key = JSON.stringify([fromVersion, fromNode, toNode]);
    const group = groups.get(key) ?? { fromVersion, fromNode, toNode, leads: 0 };
    group.leads += leads;
    groups.set(key, group);
  };
  for (const m of moves) count(m.fromVersion, m.fromNode, m.toNode, 1);
  for (const s of batch.stayed) count(s.fromVersion, s.fromNode, null, s.leads);
  const [row] = await tx.query<{ nodes: { fromVersion: number; fromNode: string; toNode: string | null; leads: number }[] }>(
    `select nodes from journey_moves where journey_id = $1 and version = $2`,
    [batch.journeyId, batch.toVersion],
  );
  for (const g of row?.nodes ?? []) count(g.fromVersion, g.fromNode, g.toNode, g.leads);
  const nodes = [...groups.values()].sort((a, b) => a.fromVersion - b.fromVersion || (a.fromNode < b.fromNode ? -1 : a.fromNode > b.fromNode ? 1 : 0));
  await tx.query(
    `update journey_moves set moved = moved + $3, stayed = stayed + $4, nodes = $5::jsonb, after_lead_id = $6, finished_at = $7
      where journey_id = $1 and version = $2`,
    [
      batch.journeyId,
      batch.toVersion,
      moves.length,
      batch.stayed.reduce((sum, s) => sum + s.leads, 0),
      nodes,
      batch.afterLeadId,
      batch.finishedAt,
    ],
  );
}

/** A lead moved to a node of another id leaves one node's count and enters the other's (in key order, as the engine adds them). */
async function addNodeStats(tx: SqlQueryable, journeyId: string, moves: readonly RunMoveRow[]): Promise<void> {
  const deltas = new Map<string, { current: number; entered: number }>();
  const add = (nodeId: string, current: number, entered: number) => {
    const d = deltas.get(nodeId) ?? { current: 0, entered: 0 };
    d.current += current;
    d.entered += entered;
    deltas.set(nodeId, d);
  };
  for (const m of moves) {
    add(m.fromNode, -1, 0);
    add(m.toNode, 1, 1);
  }
  const rows = [...deltas.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([nodeId, d]) => ({ journeyId, nodeId, ...d }));
  await tx.query(
    `insert into node_stats as s (journey_id, node_id, current, entered)
     select c."journeyId", c."nodeId", c.current, c.entered
       from jsonb_to_recordset($1::jsonb) as c("journeyId" text, "nodeId" text, current bigint, entered bigint)
     on conflict (journey_id, node_id) do update
       set current = s.current + excluded.current, entered = s.entered + excluded.entered`,
    [rows],
  );
}

/**
 * `limit` running leads of each (version, node) group (`leads`: how many it has), or all of a
 * smaller one: the "what if" simulation's sample, stratified so every step with leads is in it.
 * A larger group is thinned by a hash of the lead id (every `leads / limit`-th by hash, topped
 * up when the hash picks too few): a fixed, spread-out pick in one pass of the group with a
 * top-N sort on a boolean, where sorting a million running leads by an md5 of the id took 11 s
 * on PostgreSQL (bench/in-flight.bench.ts); a plain `limit` would take the leads first stored.
 */
export async function sampleInFlightLeadIds(
  db: SqlQueryable,
  journeyId: string,
  groups: readonly { version: number; nodeId: string; leads: number; limit: number }[],
): Promise<string[]> {
  if (groups.length === 0) return [];
  const rows = await db.query<{ leadId: string }>(
    `select s.lead_id as "leadId"
       from unnest($2::int[], $3::text[], $4::int[], $5::int[]) as g(version, node_id, lim, step)
       cross join lateral (
         select lead_id from runs
          where journey_id = $1 and status = 'active' and version = g.version and node_id = g.node_id
          -- The hash's picks first; a group the hash thins too far is topped up, so each has its share.
          order by g.step > 1 and (hashtext(lead_id) & 2147483647) % g.step <> 0
          limit g.lim) s
      order by 1`,
    [
      journeyId,
      groups.map((g) => g.version),
      groups.map((g) => g.nodeId),
      groups.map((g) => g.limit),
      groups.map((g) => Math.max(1, Math.floor(g.leads / Math.max(1, g.limit)))),
    ],
  );
  return [...new Set(rows.map((r) => r.leadId))];
}
