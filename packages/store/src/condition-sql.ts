/**
 * A journey-format condition (journey-format.md, "Values used everywhere") as a SQL predicate
 * on `leads l`, so a segment is counted and listed by the database, not lead by lead in Node.
 * The store imports nothing from @trellis/journey, so the condition arrives as plain JSON; the
 * server checks it with the journey's schema first, and apps/server/src/segment-sql.test.ts
 * holds this translation equal to the journey's `evaluateCondition` on the same leads.
 *
 * The semantics are the evaluator's (packages/journey/src/conditions.ts): strict types (a number
 * never equals a string), a missing value passes only neq/nin and `exists: false`, strings
 * order by code point ("C" collation: the evaluator's UTF-16 order differs only between
 * astral characters and U+E000–U+FFFF), an attribute name is tried as one key, then as a dotted
 * path. One difference, by design: an engagement test's `within` is counted back from `now` in
 * UTC, since a segment belongs to no journey whose time zone could apply (docs/spec-readings.md).
 */

export type ConditionJson = unknown;

export class ConditionSqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConditionSqlError';
  }
}

const OPERATORS = new Set(['eq', 'neq', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'contains', 'startsWith', 'exists']);
const COUNT_OPERATORS: Record<string, string> = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' };
const TEXT_FIELDS = new Set(['stage', 'email', 'phone', 'timezone', 'owner', 'id']);
const MAX_DEPTH = 64;

/** Collects parameters as a compiled predicate refers to them ($n). */
export class SqlParams {
  readonly values: unknown[] = [];
  constructor(private readonly offset = 0) {}
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.offset + this.values.length}`;
  }
  /** A JSON value as a jsonb parameter. */
  json(value: unknown): string {
    return `${this.add(value)}::jsonb`;
  }
}

/** The predicate for `condition` over `leads l`; `now` bounds engagement tests. */
export function conditionSql(condition: ConditionJson, params: SqlParams, now: Date): string {
  return compile(condition, params, now, 0);
}

function compile(node: unknown, params: SqlParams, now: Date, depth: number): string {
  if (typeof node !== 'object' || node === null || Array.isArray(node) || depth > MAX_DEPTH) throw new ConditionSqlError('a condition must be an object');
  const c = node as Record<string, unknown>;
  if (c.all !== undefined) return junction(c.all, 'and', 'true', params, now, depth);
  if (c.any !== undefined) return junction(c.any, 'or', 'false', params, now, depth);
  if (c.not !== undefined) return `not (${compile(c.not, params, now, depth + 1)})`;
  if (c.attr !== undefined) {
    if (typeof c.attr !== 'string' || typeof c.op !== 'string' || !OPERATORS.has(c.op)) throw new ConditionSqlError('an attribute test needs attr and a known op');
    return fieldTest(c.attr, c.op, c.value, params);
  }
  if (c.event !== undefined) return engagement(c, params, now);
  throw new ConditionSqlError('a condition needs all, any, not, attr or event');
}

function junction(children: unknown, joiner: string, empty: string, params: SqlParams, now: Date, depth: number): string {
  if (!Array.isArray(children)) throw new ConditionSqlError('all/any take a list');
  if (children.length === 0) return empty;
  return children.map((child) => `(${compile(child, params, now, depth + 1)})`).join(` ${joiner} `);
}

/** Fast paths on the lead's own columns where the test is a plain comparison; the rest through jsonb. */
function fieldTest(attr: string, op: string, value: unknown, params: SqlParams): string {
  if (attr === 'score' && typeof value === 'number' && ['eq', 'gt', 'gte', 'lt', 'lte'].includes(op)) {
    return `l.score ${COUNT_OPERATORS[op]} ${params.add(value)}::double precision`;
  }
  if (TEXT_FIELDS.has(attr) && op === 'eq' && typeof value === 'string') return `l.${attr} = ${params.add(value)}::text`;
  return valueTest(leadFieldJson(attr, params), op, value, params);
}

/** The jsonb value a condition's `attr` names on `leads l` (conditions.ts `readLeadField`). */
function leadFieldJson(attr: string, params: SqlParams): string {
  if (attr === 'score') return 'to_jsonb(l.score)';
  if (TEXT_FIELDS.has(attr)) return `to_jsonb(l.${attr})`;
  if (attr.startsWith('consent.')) return `coalesce(l.consent -> ${params.add(attr.slice('consent.'.length))}::text, '"unknown"'::jsonb)`;
  return pathJson('l.attributes', attr.startsWith('attributes.') ? attr.slice('attributes.'.length) : attr, params);
}

/** `path` in a jsonb object: first as one key, then as a dotted path (conditions.ts `readPath`). */
function pathJson(root: string, path: string, params: SqlParams): string {
  const key = params.add(path);
  if (!path.includes('.')) return `(${root} -> ${key}::text)`;
  const segments = params.add(path.split('.'));
  return `(case when ${root} ? ${key}::text then ${root} -> ${key}::text else ${root} #> ${segments}::text[] end)`;
}

const SCALAR_TYPES = `('string', 'number', 'boolean')`;

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** conditions.ts `testValue` over a jsonb expression `v` (SQL null or JSON null: missing). */
function valueTest(v: string, op: string, value: unknown, params: SqlParams): string {
  const missing = `(${v} is null or jsonb_typeof(${v}) = 'null')`;
  const present = `(${v} is not null and jsonb_typeof(${v}) <> 'null')`;
  const typed = (type: string) => `coalesce(jsonb_typeof(${v}) = '${type}', false)`;
  const text = `(${v} #>> '{}')`;
  switch (op) {
    case 'exists':
      if (value === undefined || value === true) return present;
      return value === false ? missing : 'false';
    case 'eq':
      if (value === null) return missing;
      return isScalar(value) ? `coalesce(${v} = ${params.json(value)}, false)` : 'false';
    case 'neq':
      if (value === null) return present;
      if (!isScalar(value)) return 'false';
      return `(${missing} or (${typed(typeof value)} and ${v} <> ${params.json(value)}))`;
    case 'in': {
      if (!Array.isArray(value)) return 'false';
      const members = value.filter(isScalar);
      const among = members.length === 0 ? 'false' : `coalesce(${v} in (select jsonb_array_elements(${params.json(members)})), false)`;
      return value.includes(null) ? `(${missing} or ${among})` : among;
    }
    case 'nin': {
      if (!Array.isArray(value)) return 'false';
      const whenMissing = value.includes(null) ? 'false' : missing;
      const types = new Set(value.filter((m) => m !== null).map((m) => typeof m));
      // The evaluator: every non-null member must share the value's type, and none equal it.
      if (types.size > 1 || [...types].some((t) => !['string', 'number', 'boolean'].includes(t))) return `(${whenMissing})`;
      const members = value.filter(isScalar);
      const outside =
        types.size === 0
          ? `coalesce(jsonb_typeof(${v}) in ${SCALAR_TYPES}, false)`
          : `(${typed([...types][0]!)} and ${v} not in (select jsonb_array_elements(${params.json(members)})))`;
      return `(${whenMissing} or ${outside})`;
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const sign = COUNT_OPERATORS[op]!;
      if (typeof value === 'number') return `(${typed('number')} and (${text})::numeric ${sign} ${params.add(value)}::numeric)`;
      if (typeof value === 'string') return `(${typed('string')} and ${text} collate "C" ${sign} ${params.add(value)}::text collate "C")`;
      return 'false';
    }
    case 'contains':
      if (typeof value === 'string') return `(${typed('string')} and strpos(${text}, ${params.add(value)}::text) > 0)`;
      if (!isScalar(value)) return 'false';
      return `(${typed('array')} and exists (select 1 from jsonb_array_elements(${v}) as m(e) where m.e = ${params.json(value)}))`;
    case 'startsWith':
      return typeof value === 'string' ? `(${typed('string')} and starts_with(${text}, ${params.add(value)}::text))` : 'false';
    default:
      throw new ConditionSqlError(`unknown op "${op}"`);
  }
}

const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

function engagement(c: Record<string, unknown>, params: SqlParams, now: Date): string {
  const { event, where, within } = c;
  const count = (c.count ?? { op: 'gte', value: 1 }) as Record<string, unknown>;
  if (typeof event !== 'string') throw new ConditionSqlError('an engagement test names its event');
  if (typeof count !== 'object' || count === null || typeof count.op !== 'string' || !COUNT_OPERATORS[count.op] || typeof count.value !== 'number') {
    throw new ConditionSqlError('count needs an op and a number');
  }
  const at = params.add(now.toISOString());
  const filters = [`e.lead_id = l.id`, `e.type = ${params.add(event)}::text`, `e.at <= ${at}::timestamptz`];
  if (within !== undefined) {
    if (typeof within !== 'string' || !DURATION.test(within)) return 'false';
    // PostgreSQL reads ISO 8601 durations, calendar months included; counted in UTC.
    filters.push(`e.at > ((${at}::timestamptz at time zone 'UTC') - ${params.add(within)}::interval) at time zone 'UTC'`);
  }
  if (where !== undefined) {
    if (typeof where !== 'object' || where === null || Array.isArray(where)) throw new ConditionSqlError('where must be an object');
    for (const [key, test] of Object.entries(where as Record<string, unknown>)) {
      if (typeof test !== 'object' || test === null) return 'false';
      const { op, value } = test as Record<string, unknown>;
      if (typeof op !== 'string' || !OPERATORS.has(op)) throw new ConditionSqlError(`unknown op in where.${key}`);
      filters.push(valueTest(pathJson('e.props', key, params), op, value, params));
    }
  }
  const matching = `select 1 from events e where ${filters.join(' and ')}`;
  if (count.op === 'gte' && count.value === 1) return `exists (${matching})`;
  return `(select count(*) from (${matching}) as m) ${COUNT_OPERATORS[count.op]} ${params.add(count.value)}::numeric`;
}
