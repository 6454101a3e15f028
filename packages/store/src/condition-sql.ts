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
  /**
   * A JSON scalar as jsonb. Through a typed parameter: postgres.js sends a JS boolean typed as
   * boolean, which PostgreSQL will not cast to jsonb.
   */
  scalar(value: string | number | boolean): string {
    const type = typeof value === 'string' ? 'text' : typeof value === 'number' ? 'numeric' : 'boolean';
    return `to_jsonb(${this.add(value)}::${type})`;
  }
  /** A JSON array or object as jsonb. */
  json(value: object): string {
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
  // Containment reads one key without building the value: the cheapest test of a plain attribute
  // (a scalar in jsonb contains only an equal scalar; numbers compare as numbers, like ===).
  const key = attr.startsWith('attributes.') ? attr.slice('attributes.'.length) : attr;
  const plainAttribute = !TEXT_FIELDS.has(attr) && attr !== 'score' && !attr.startsWith('consent.') && !key.includes('.');
  if (plainAttribute && op === 'eq' && isScalar(value)) return `l.attributes @> ${params.json({ [key]: value })}`;
  if (plainAttribute && op === 'in' && Array.isArray(value) && !value.includes(null) && value.length <= 50 && value.every(isScalar)) {
    return value.length === 0 ? 'false' : `(${value.map((member) => `l.attributes @> ${params.json({ [key]: member })}`).join(' or ')})`;
  }
  return valueTest(() => leadFieldJson(attr, params), op, value, params);
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
function valueTest(read: () => string, op: string, value: unknown, params: SqlParams): string {
  // A test that is false whatever the value adds no parameter: an unused one has no type.
  if (alwaysFalse(op, value)) return 'false';
  const v = read();
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
      return `coalesce(${v} = ${params.scalar(value as string | number | boolean)}, false)`;
    case 'neq':
      if (value === null) return present;
      return `(${missing} or (${typed(typeof value)} and ${v} <> ${params.scalar(value as string | number | boolean)}))`;
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
      if (mixedTypes(value)) return `(${whenMissing})`;
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
      // CASE, not AND: SQL may evaluate AND's sides in any order, and a cast of a string to numeric fails.
      if (typeof value === 'number') return `(case when jsonb_typeof(${v}) = 'number' then (${v})::numeric ${sign} ${params.add(value)}::numeric else false end)`;
      if (typeof value === 'string') return `(${typed('string')} and ${text} collate "C" ${sign} ${params.add(value)}::text collate "C")`;
      return 'false';
    }
    case 'contains': {
      const member = `(${typed('array')} and exists (select 1 from jsonb_array_elements(${v}) as m(e) where m.e = ${params.scalar(value as string | number | boolean)}))`;
      if (typeof value !== 'string') return member;
      return `((${typed('string')} and strpos(${text}, ${params.add(value)}::text) > 0) or ${member})`;
    }
    case 'startsWith':
      return typeof value === 'string' ? `(${typed('string')} and starts_with(${text}, ${params.add(value)}::text))` : 'false';
    default:
      throw new ConditionSqlError(`unknown op "${op}"`);
  }
}

/** A `nin` list no present value can be outside: members of several types, or not scalars. */
function mixedTypes(list: readonly unknown[]): boolean {
  const types = new Set(list.filter((m) => m !== null).map((m) => typeof m));
  return types.size > 1 || [...types].some((t) => !['string', 'number', 'boolean'].includes(t));
}

/** Tests whose own `value` has the wrong shape for the op: false for every lead (conditions.ts). */
function alwaysFalse(op: string, value: unknown): boolean {
  switch (op) {
    case 'exists':
      return value !== undefined && typeof value !== 'boolean';
    case 'eq':
    case 'neq':
      return value !== null && !isScalar(value);
    case 'in':
      return !Array.isArray(value) || (!value.some(isScalar) && !value.includes(null));
    case 'nin':
      return !Array.isArray(value) || (value.includes(null) && mixedTypes(value));
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return typeof value !== 'number' && typeof value !== 'string';
    case 'contains':
      return !isScalar(value);
    case 'startsWith':
      return typeof value !== 'string';
    default:
      return false;
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
  if (where !== undefined && (typeof where !== 'object' || where === null || Array.isArray(where))) throw new ConditionSqlError('where must be an object');
  const tests = Object.entries((where ?? {}) as Record<string, unknown>);
  for (const [key, test] of tests) {
    if (typeof test === 'object' && test !== null && (typeof (test as { op?: unknown }).op !== 'string' || !OPERATORS.has((test as { op: string }).op))) {
      throw new ConditionSqlError(`unknown op in where.${key}`);
    }
  }
  // Decided before any parameter is added: a parameter the SQL does not use has no type.
  if (within !== undefined && (typeof within !== 'string' || !DURATION.test(within))) return 'false';
  if (tests.some(([, test]) => typeof test !== 'object' || test === null)) return 'false';
  const at = params.add(now.toISOString());
  const filters = [`e.lead_id = l.id`, `e.type = ${params.add(event)}::text`, `e.at <= ${at}::timestamptz`];
  // PostgreSQL reads ISO 8601 durations, calendar months included; counted in UTC. Its
  // timestamps stop at 4713 BC: a window longer than 5,000 years reaches before any event
  // (they are from the years 0001 to 9999), so it is all of history.
  if (typeof within === 'string' && roughDays(within) <= 5_000 * 366) {
    filters.push(`e.at > ((${at}::timestamptz at time zone 'UTC') - ${params.add(within)}::interval) at time zone 'UTC'`);
  }
  for (const [key, test] of tests) {
    const { op, value } = test as { op: string; value?: unknown };
    filters.push(valueTest(() => pathJson('e.props', key, params), op, value, params));
  }
  const matching = `select 1 from events e where ${filters.join(' and ')}`;
  if (count.op === 'gte' && count.value === 1) return `exists (${matching})`;
  return `(select count(*) from (${matching}) as m) ${COUNT_OPERATORS[count.op]} ${params.add(count.value)}::numeric`;
}

/** A duration's length in days, months and years at their longest: only to tell "beyond any history". */
function roughDays(duration: string): number {
  const [, y, m, w, d, , h, min, sec] = DURATION.exec(duration)!.map((part) => Number.parseInt(part ?? '0', 10));
  return y! * 366 + m! * 31 + w! * 7 + d! + (h! + (min! + sec! / 60) / 60) / 24;
}
