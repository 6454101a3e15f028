import { conditionSql, SqlParams, type ConditionJson } from './condition-sql.js';
import { LEAD_COLUMNS, type LeadRecord } from './leads.js';
import type { SqlQueryable } from './sql.js';

/**
 * The leads list (`GET /api/leads`): search, filters and a sort, a page at a time by keyset, so
 * page 20,000 costs what page 1 does. Each sort has its own index (migration 030) whose last
 * column is the id, and a cursor is the last row's (sort value, id): the next page is one row
 * comparison against it, never an OFFSET. A filter the sort's index does not hold is applied
 * to the rows the index walks, so a very selective filter walks more of it.
 */

export type LeadSort = 'id' | 'score' | 'activity';
export const LEAD_SORTS: readonly LeadSort[] = ['id', 'score', 'activity'];

export interface LeadListQuery {
  /** Part of the id, email or a name attribute (`name`, `firstName`, `lastName`, `first_name`, `last_name`, `company`), any case. */
  q?: string;
  stage?: string;
  owner?: string;
  minScore?: number;
  maxScore?: number;
  /** A journey-format condition, checked by the caller (a segment's, or one built in the list). */
  conditions?: readonly ConditionJson[];
  sort?: LeadSort;
  limit: number;
  cursor?: string;
  /** Engagement tests count events up to now (the engine's clock). */
  now: Date;
}

export interface ListedLead extends LeadRecord {
  lastActivityAt: Date | null;
}

export interface LeadPage {
  leads: ListedLead[];
  nextCursor: string | null;
}

/** A cursor that is not one this list made, or made for another sort. */
export class LeadCursorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LeadCursorError';
  }
}

interface SortPlan {
  /** The sorted expression (null for the id sort). */
  key: string | null;
  /** How the key reads back exactly for a cursor (text, microseconds kept). */
  keyText: string;
  /** The key's SQL type, to read the cursor's text back. */
  type: string;
}

const SORTS: Record<Exclude<LeadSort, 'id'>, SortPlan> = {
  score: { key: 'l.score', keyText: 'l.score::text', type: 'double precision' },
  activity: {
    key: `coalesce(l.last_activity_at, '-infinity'::timestamptz)`,
    keyText: `to_json(coalesce(l.last_activity_at, '-infinity'::timestamptz)) #>> '{}'`,
    type: 'timestamptz',
  },
};

export async function listLeads(db: SqlQueryable, query: LeadListQuery): Promise<LeadPage> {
  const sort = query.sort ?? 'id';
  const params = new SqlParams();
  const where: string[] = [];
  if (query.q !== undefined && query.q.trim() !== '') where.push(leadSearchSql(query.q, params));
  if (query.stage !== undefined) where.push(`l.stage = ${params.add(query.stage)}::text`);
  if (query.owner !== undefined) where.push(`l.owner = ${params.add(query.owner)}::text`);
  if (query.minScore !== undefined) where.push(`l.score >= ${params.add(query.minScore)}::double precision`);
  if (query.maxScore !== undefined) where.push(`l.score <= ${params.add(query.maxScore)}::double precision`);
  for (const condition of query.conditions ?? []) where.push(`(${conditionSql(condition, params, query.now)})`);

  const plan = sort === 'id' ? null : SORTS[sort];
  if (query.cursor !== undefined) {
    const [cursorSort, key, id] = decodeCursor(query.cursor);
    if (cursorSort !== sort) throw new LeadCursorError(`this cursor pages the list sorted by ${cursorSort}, not by ${sort}`);
    if (plan) where.push(`(${plan.key}, l.id) < (${params.add(key)}::text::${plan.type}, ${params.add(id)}::text)`);
    else where.push(`l.id > ${params.add(id)}::text`);
  }
  const order = plan ? `${plan.key} desc, l.id desc` : 'l.id';
  const rows = await db.query<ListedLead & { sortKey: string | null }>(
    `select ${LEAD_COLUMNS}, l.last_activity_at as "lastActivityAt", ${plan ? plan.keyText : 'null'} as "sortKey"
       from leads l
      ${where.length > 0 ? `where ${where.join(' and ')}` : ''}
      order by ${order}
      limit ${params.add(query.limit + 1)}::int`,
    params.values,
  );
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const last = page.at(-1);
  return {
    leads: page.map(({ sortKey: _key, ...lead }) => lead),
    nextCursor: more && last ? encodeCursor([sort, last.sortKey, last.id]) : null,
  };
}

/** How many leads meet every condition (a segment's live count). */
export async function countLeads(db: SqlQueryable, conditions: readonly ConditionJson[], now: Date): Promise<number> {
  const params = new SqlParams();
  const where = conditions.map((condition) => `(${conditionSql(condition, params, now)})`);
  const [row] = await db.query<{ count: number }>(
    `select count(*)::int8 as count from leads l ${where.length > 0 ? `where ${where.join(' and ')}` : ''}`,
    params.values,
  );
  return row!.count;
}

/** `countLeads` for several condition lists in one pass over the leads (a page of segments). */
export async function countLeadsEach(db: SqlQueryable, conditionLists: readonly (readonly ConditionJson[])[], now: Date): Promise<number[]> {
  if (conditionLists.length === 0) return [];
  const params = new SqlParams();
  const counts = conditionLists.map((conditions, i) => {
    const where = conditions.map((condition) => `(${conditionSql(condition, params, now)})`).join(' and ') || 'true';
    return `count(*) filter (where ${where})::int8 as c${i}`;
  });
  const [row] = await db.query<Record<string, number>>(`select ${counts.join(', ')} from leads l`, params.values);
  return conditionLists.map((_, i) => row![`c${i}`]!);
}

type Cursor = [LeadSort, string | null, string];

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new LeadCursorError('this is not a cursor from a previous page of the leads list');
  }
  const ok =
    Array.isArray(value) &&
    value.length === 3 &&
    (LEAD_SORTS as readonly unknown[]).includes(value[0]) &&
    (typeof value[1] === 'string' || (value[1] === null && value[0] === 'id')) &&
    typeof value[2] === 'string' &&
    // A key the database could not read back would be a 500: only what listLeads writes passes.
    (value[0] !== 'score' || /^-?(\d+(\.\d+)?(e[+-]?\d+)?|Infinity)$/.test(value[1] as string)) &&
    (value[0] !== 'activity' || /^(-infinity|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d))$/.test(value[1] as string)) &&
    !/[\u0000]/.test(value[1] ?? '') &&
    !/[\u0000]/.test(value[2] as string);
  if (!ok) throw new LeadCursorError('this is not a cursor from a previous page of the leads list');
  return value as Cursor;
}

/**
 * The lead `l` matches a search: part of its id, email or a name attribute, any case, `%` and
 * `_` taken as letters. The same expression as the trigram index (migration 030).
 */
export function leadSearchSql(q: string, params: SqlParams): string {
  return `lead_search_text(l.id, l.email, l.attributes) like ${params.add(`%${escapeLike(q.trim().toLowerCase())}%`)}::text`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

/** The leads holding each email, matched trimmed and ignoring case (keys as `emailKey` makes them). */
export async function leadIdsByEmail(db: SqlQueryable, emailKeys: readonly string[]): Promise<Map<string, string>> {
  if (emailKeys.length === 0) return new Map();
  const rows = await db.query<{ key: string; id: string }>(
    `select distinct on (lower(email)) lower(email) as key, id from leads
      where email is not null and lower(email) = any($1::text[])
      order by lower(email), id`,
    [[...emailKeys]],
  );
  return new Map(rows.map((row) => [row.key, row.id]));
}

/** Which of these ids are leads already. */
export async function existingLeadIds(db: SqlQueryable, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.query<{ id: string }>(`select id from leads where id = any($1::text[])`, [[...ids]]);
  return new Set(rows.map((row) => row.id));
}
