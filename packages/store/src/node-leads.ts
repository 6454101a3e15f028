import { SqlParams } from './condition-sql.js';
import { LeadCursorError, leadSearchSql } from './lead-list.js';
import type { SqlQueryable } from './sql.js';

/**
 * The leads at a node now (the operator's "Leads here now", issue 18): a search and a sort over
 * every lead at the node, a page at a time by keyset, so that with 50,000 leads at a step the
 * one searched for is found and the first page of a sort is the first of all of them. A cursor
 * is the last row's (sort value, lead id); the next page is one row comparison against it.
 * Indexes: by time here `runs_at_node_by_time_here` (migration 057); by score and by last
 * activity the leads' own (migration 030) drive the join; by lead id and by wake-up the node's
 * runs are read through `runs_at_node` and the page taken from them.
 */

export type NodeLeadSort = 'id' | 'time-here' | 'wakes' | 'score' | 'activity';
export const NODE_LEAD_SORTS: readonly NodeLeadSort[] = ['id', 'time-here', 'wakes', 'score', 'activity'];

export interface LeadAtNode {
  leadId: string;
  runId: string;
  version: number;
  /** When the lead came to this node (this time: a run that loops comes back to a node). */
  enteredAt: Date;
  wakeAt: Date | null;
  email: string | null;
  score: number;
  stage: string | null;
  /** The lead's latest own event (not a record change); null before its first. */
  lastActivityAt: Date | null;
  /** At a handoff held for a recycle's return date: that date (the handoff is not open yet). */
  heldUntil: Date | null;
  /** The lead's own time zone, which its waits' times of day are read in. */
  timezone: string | null;
  /** At a cadence: how many of its touches the lead has made (the run's `state.touch`); null elsewhere. */
  touch: number | null;
}

export interface NodeLeadsQuery {
  /** Part of the lead's id, email or a name attribute, any case (as the leads list's `q`). */
  q?: string;
  sort?: NodeLeadSort;
  limit: number;
  /** From the previous page's `nextCursor`, made for the same sort. */
  cursor?: string;
  /** The id sort only: the last lead id seen (what pages were before cursors). */
  after?: string;
}

export interface NodeLeadsPage {
  leads: LeadAtNode[];
  nextCursor: string | null;
  /** How many leads at the node match the search (all of them without one). */
  total: number;
}

interface SortPlan {
  /** The sorted expression, over runs `r` and leads `l`. */
  key: string;
  /** How the key reads back exactly for a cursor. */
  keyText: string;
  /** The key's SQL type, to read the cursor's text back. */
  type: 'text' | 'double precision' | 'timestamptz';
  descending: boolean;
  /** The tie-break column: the one the key's index ends with. */
  id: 'r.lead_id' | 'l.id';
  /** What a cursor's key must look like, so a made-up one is a 400, never a database error. */
  keyPattern: RegExp;
}

const FLOAT = /^-?(\d+(\.\d+)?(e[+-]?\d+)?|Infinity)$/;
const TIME = /^(-?infinity|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d))$/;
const timeText = (expression: string) => `to_json(${expression}) #>> '{}'`;

/** Must match migration 057's index expression exactly, or the planner cannot use it. */
const TIME_HERE = `coalesce((r.state->>'nodeEnteredAt')::float8, 0)`;
const WAKES = `coalesce(r.wake_at, 'infinity'::timestamptz)`;
const ACTIVITY = `coalesce(l.last_activity_at, '-infinity'::timestamptz)`;

const SORTS: Record<NodeLeadSort, SortPlan> = {
  id: { key: 'r.lead_id', keyText: 'r.lead_id', type: 'text', descending: false, id: 'r.lead_id', keyPattern: /^[^\u0000]*$/ },
  // Longest here first: the earliest arrival.
  'time-here': { key: TIME_HERE, keyText: `${TIME_HERE}::text`, type: 'double precision', descending: false, id: 'r.lead_id', keyPattern: FLOAT },
  // Soonest wake-up first; leads waiting on nothing but an event last.
  wakes: { key: WAKES, keyText: timeText(WAKES), type: 'timestamptz', descending: false, id: 'r.lead_id', keyPattern: TIME },
  score: { key: 'l.score', keyText: 'l.score::text', type: 'double precision', descending: true, id: 'l.id', keyPattern: FLOAT },
  activity: { key: ACTIVITY, keyText: timeText(ACTIVITY), type: 'timestamptz', descending: true, id: 'l.id', keyPattern: TIME },
};

const COLUMNS = `r.lead_id as "leadId", r.id as "runId", r.version,
  coalesce(to_timestamp((r.state->>'nodeEnteredAt')::float8 / 1000), r.entered_at) as "enteredAt", r.wake_at as "wakeAt",
  l.email, l.score, l.stage, l.last_activity_at as "lastActivityAt", l.timezone,
  to_timestamp((r.state->>'returnToSalesAt')::float8 / 1000) as "heldUntil",
  (r.state->>'touch')::int as touch`;

/** A page of the leads at a node, with how many match in all. */
export async function nodeLeadsPage(db: SqlQueryable, journeyId: string, nodeId: string, query: NodeLeadsQuery): Promise<NodeLeadsPage> {
  const sort = query.sort ?? 'id';
  const plan = SORTS[sort];
  const params = new SqlParams();
  // Both tables are keyed by lead, so the join stays on one shard when leads are distributed.
  const where = [`r.journey_id = ${params.add(journeyId)}::text`, `r.node_id = ${params.add(nodeId)}::text`, `r.status = 'active'`];
  const search = query.q !== undefined && query.q.trim() !== '';
  if (search) where.push(leadSearchSql(query.q!, params));
  const countParams = [...params.values];
  const countWhere = [...where];

  if (query.cursor !== undefined) {
    const [cursorSort, key, id] = decodeCursor(query.cursor);
    if (cursorSort !== sort) throw new LeadCursorError(`this cursor pages the leads sorted by ${cursorSort}, not by ${sort}`);
    const op = plan.descending ? '<' : '>';
    where.push(`(${plan.key}, ${plan.id}) ${op} (${params.add(key)}::text::${plan.type}, ${params.add(id)}::text)`);
  } else if (query.after !== undefined) {
    if (sort !== 'id') throw new LeadCursorError('`after` (a lead id) pages the id sort only; other sorts page by cursor');
    where.push(`r.lead_id > ${params.add(query.after)}::text`);
  }
  const direction = plan.descending ? 'desc' : '';
  const rows = await db.query<LeadAtNode & { sortKey: string }>(
    `select ${COLUMNS}, ${plan.keyText} as "sortKey"
       from runs r join leads l on l.id = r.lead_id
      where ${where.join(' and ')}
      order by ${plan.key} ${direction}, ${plan.id} ${direction}
      limit ${params.add(query.limit + 1)}::int`,
    params.values,
  );
  const [count] = await db.query<{ total: number }>(
    search
      ? `select count(*)::int8 as total from runs r join leads l on l.id = r.lead_id where ${countWhere.join(' and ')}`
      : `select count(*)::int8 as total from runs r where ${countWhere.join(' and ')}`,
    countParams,
  );
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const last = page.at(-1);
  return {
    leads: page.map(({ sortKey: _key, ...lead }) => lead),
    nextCursor: more && last ? encodeCursor([sort, last.sortKey, last.leadId]) : null,
    total: Number(count!.total),
  };
}

/** The leads at a node now, by lead id, paged by `after` (the last lead id seen). */
export async function leadsAtNode(db: SqlQueryable, journeyId: string, nodeId: string, page: { limit: number; after?: string }): Promise<LeadAtNode[]> {
  return (await nodeLeadsPage(db, journeyId, nodeId, page)).leads;
}

type Cursor = [NodeLeadSort, string, string];

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  const notOurs = new LeadCursorError('this is not a cursor from a previous page of the leads at this node');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw notOurs;
  }
  if (!Array.isArray(value) || value.length !== 3 || !(NODE_LEAD_SORTS as readonly unknown[]).includes(value[0])) throw notOurs;
  const [sort, key, id] = value as [NodeLeadSort, unknown, unknown];
  // A key the database could not read back would be a 500: only what this module writes passes.
  if (typeof key !== 'string' || typeof id !== 'string' || !SORTS[sort].keyPattern.test(key) || id.includes('\u0000')) throw notOurs;
  return [sort, key, id];
}
