import type { HistoryEvent, Lead } from './lead.js';
import { COUNT_OPERATORS, OPERATORS, type Condition, type Operator, type Where } from './schema.js';
import { isValidDuration, subtractDuration } from './time.js';

/**
 * Evaluates the journey format's conditions ("Values used everywhere") against a lead. It
 * runs for every lead at every step of the simulator, so it walks the tree directly, reads
 * dotted paths from a cache, and allocates nothing per evaluation.
 *
 * Value tests (`testValue`), shared by attribute tests and `where` prop tests:
 * - eq / neq: strict equality of two strings (case-sensitive), numbers or booleans.
 *   `value: null` asks whether the value is missing (undefined or null).
 * - gt / gte / lt / lte: two numbers, or two strings compared by code unit (so ISO dates
 *   compare in time order); anything else is false.
 * - in / nin: `value` is an array; in holds when the value equals a member. nin holds when it
 *   equals none and every member is of the value's own type (or null): asking whether a
 *   number is outside a list of strings compares across types.
 * - contains: a string containing a substring, or an array with an element equal to `value`.
 * - startsWith: two strings.
 * - exists: `value` absent or true → the value is neither undefined nor null; false → it is.
 * - Comparing across types is false, never an exception: a present value of another type
 *   (or an object where a scalar is needed) fails every op, neq and nin included. A missing
 *   value (undefined or null) passes neq and nin ("a lead without an industry is not
 *   retail") and fails every other op, unless `value` is null as above or exists asks.
 * - A test whose own `value` has the wrong shape for its op (eq with an object, in with a
 *   string) is false.
 *
 * Conditions: `all` of [] is true, `any` of [] is false. A malformed part (unknown op, a
 * node with none of all/any/not/attr/event, nesting deeper than 64) makes the whole
 * condition false where evaluation reaches it, `not` included, so a broken condition never
 * turns into "true". Extra keys on a node are ignored (the validator reports them).
 *
 * Field names: `score`, `stage`, `email`, `phone`, `timezone`, `owner`, `id` and
 * `consent.<channel>` (missing consent reads as "unknown") are the lead's own; any other name
 * is looked up in `lead.attributes`, with or without an `attributes.` prefix. A name is first
 * tried as one key (`{"company.size": 5}` as the API may store it), then as a dotted path
 * into nested objects. Only own properties are read, never the prototype's.
 */

export interface ConditionContext {
  lead: Lead;
  /** Oldest first. */
  history: readonly HistoryEvent[];
  now: number;
  zone: string;
}

/** Thrown inside evaluation for a malformed node; caught at the top and read as false. */
class MalformedCondition {}
const MALFORMED = new MalformedCondition();
const MAX_DEPTH = 64;

const KNOWN_OPERATORS: ReadonlySet<string> = new Set(OPERATORS);
const KNOWN_COUNT_OPERATORS: ReadonlySet<string> = new Set(COUNT_OPERATORS);
const DEFAULT_COUNT = { op: 'gte', value: 1 } as const;

/** Whether `condition` holds for the lead now. Never throws: anything malformed is false. */
export function evaluateCondition(condition: Condition, ctx: ConditionContext): boolean {
  try {
    return evaluate(condition, ctx, 0);
  } catch {
    return false;
  }
}

function evaluate(node: unknown, ctx: ConditionContext, depth: number): boolean {
  if (typeof node !== 'object' || node === null || depth > MAX_DEPTH) throw MALFORMED;
  const c = node as Record<string, unknown>;
  if (c.all !== undefined) {
    const children = c.all;
    if (!Array.isArray(children)) throw MALFORMED;
    for (let i = 0; i < children.length; i++) if (!evaluate(children[i], ctx, depth + 1)) return false;
    return true;
  }
  if (c.any !== undefined) {
    const children = c.any;
    if (!Array.isArray(children)) throw MALFORMED;
    for (let i = 0; i < children.length; i++) if (evaluate(children[i], ctx, depth + 1)) return true;
    return false;
  }
  if (c.not !== undefined) return !evaluate(c.not, ctx, depth + 1);
  if (c.attr !== undefined) {
    if (typeof c.attr !== 'string' || typeof c.op !== 'string' || !KNOWN_OPERATORS.has(c.op)) throw MALFORMED;
    return testValue(readLeadField(ctx.lead, c.attr), c as { op: Operator; value?: unknown });
  }
  if (c.event !== undefined) return engaged(c, ctx);
  throw MALFORMED;
}

function engaged(c: Record<string, unknown>, ctx: ConditionContext): boolean {
  const { event, where, within } = c;
  const count = c.count ?? DEFAULT_COUNT;
  if (typeof event !== 'string') throw MALFORMED;
  if (where !== undefined && (typeof where !== 'object' || where === null || Array.isArray(where))) throw MALFORMED;
  if (within !== undefined && typeof within !== 'string') throw MALFORMED;
  if (typeof count !== 'object' || count === null) throw MALFORMED;
  const { op, value: wanted } = count as Record<string, unknown>;
  if (typeof op !== 'string' || !KNOWN_COUNT_OPERATORS.has(op) || typeof wanted !== 'number') throw MALFORMED;

  let since = -Infinity;
  if (within !== undefined) {
    if (!isValidDuration(within)) return false;
    since = subtractDuration(ctx.now, within, ctx.zone);
  }
  const { history, now } = ctx;
  let seen = 0;
  for (let i = 0; i < history.length; i++) {
    const past = history[i]!;
    if (past.type !== event || past.at > now || past.at <= since) continue;
    if (where === undefined || matchesWhere(where as Where, past.props)) seen++;
  }
  return compareNumbers(seen, op, wanted);
}

function compareNumbers(actual: number, op: string, wanted: number): boolean {
  switch (op) {
    case 'eq':
      return actual === wanted;
    case 'neq':
      return actual !== wanted;
    case 'gt':
      return actual > wanted;
    case 'gte':
      return actual >= wanted;
    case 'lt':
      return actual < wanted;
    case 'lte':
      return actual <= wanted;
    default:
      return false;
  }
}

const LEAD_FIELDS: ReadonlySet<string> = new Set(['score', 'stage', 'email', 'phone', 'timezone', 'owner', 'id']);
const CONSENT_PREFIX = 'consent.';
const ATTRIBUTES_PREFIX = 'attributes.';

/** The value a condition's `attr` names on the lead (field names in the block at the top). */
export function readLeadField(lead: Lead, attr: string): unknown {
  if (typeof lead !== 'object' || lead === null || typeof attr !== 'string') return undefined;
  if (LEAD_FIELDS.has(attr)) return (lead as unknown as Record<string, unknown>)[attr];
  if (attr.startsWith(CONSENT_PREFIX)) {
    const channel = attr.slice(CONSENT_PREFIX.length);
    const consent = lead.consent;
    return consent && Object.hasOwn(consent, channel) ? consent[channel] : 'unknown';
  }
  const path = attr.startsWith(ATTRIBUTES_PREFIX) ? attr.slice(ATTRIBUTES_PREFIX.length) : attr;
  return readPath(lead.attributes, path);
}

const PATH_CACHE_LIMIT = 10_000;
const pathCache = new Map<string, readonly string[]>();

function pathSegments(path: string): readonly string[] {
  let segments = pathCache.get(path);
  if (segments === undefined) {
    if (pathCache.size >= PATH_CACHE_LIMIT) pathCache.clear();
    segments = path.split('.');
    pathCache.set(path, segments);
  }
  return segments;
}

/** `path` in `root`: first as one key, then as a dotted path through nested objects. */
function readPath(root: unknown, path: string): unknown {
  if (typeof root !== 'object' || root === null) return undefined;
  if (Object.hasOwn(root, path)) return (root as Record<string, unknown>)[path];
  if (!path.includes('.')) return undefined;
  let current: unknown = root;
  for (const segment of pathSegments(path)) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** Whether every prop test in `where` passes against `props` (no `where` always matches). */
export function matchesWhere(where: Where | undefined, props: Record<string, unknown> | undefined): boolean {
  if (where === undefined) return true;
  if (typeof where !== 'object' || where === null) return false;
  for (const key in where) {
    if (!Object.hasOwn(where, key)) continue;
    if (!testValue(readPath(props, key), where[key]!)) return false;
  }
  return true;
}

type Scalar = string | number | boolean;

function isScalar(value: unknown): value is Scalar {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean';
}

/** One value test, with the semantics set out at the top of this file. Never throws. */
export function testValue(actual: unknown, test: { op: Operator; value?: unknown }): boolean {
  if (typeof test !== 'object' || test === null) return false;
  const { op, value } = test;
  const missing = actual === undefined || actual === null;
  switch (op) {
    case 'exists':
      if (value === undefined || value === true) return !missing;
      return value === false ? missing : false;
    case 'eq':
      if (value === null) return missing;
      return isScalar(value) && actual === value;
    case 'neq':
      if (value === null) return !missing;
      if (!isScalar(value)) return false;
      return missing || (typeof actual === typeof value && actual !== value);
    case 'in':
      if (!Array.isArray(value)) return false;
      return missing ? value.includes(null) : isScalar(actual) && value.indexOf(actual) !== -1;
    case 'nin':
      if (!Array.isArray(value)) return false;
      if (missing) return !value.includes(null);
      return isScalar(actual) && outsideList(actual, value);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return ordered(actual, op, value);
    case 'contains':
      if (typeof actual === 'string') return typeof value === 'string' && actual.includes(value);
      return Array.isArray(actual) && isScalar(value) && actual.indexOf(value) !== -1;
    case 'startsWith':
      return typeof actual === 'string' && typeof value === 'string' && actual.startsWith(value);
    default:
      return false;
  }
}

function outsideList(actual: Scalar, list: readonly unknown[]): boolean {
  const type = typeof actual;
  for (let i = 0; i < list.length; i++) {
    const member = list[i];
    if (member === actual) return false;
    if (member !== null && typeof member !== type) return false;
  }
  return true;
}

function ordered(actual: unknown, op: 'gt' | 'gte' | 'lt' | 'lte', value: unknown): boolean {
  const comparable =
    (typeof actual === 'number' && typeof value === 'number') ||
    (typeof actual === 'string' && typeof value === 'string');
  if (!comparable) return false;
  const a = actual as number | string;
  const b = value as number | string;
  switch (op) {
    case 'gt':
      return a > b;
    case 'gte':
      return a >= b;
    case 'lt':
      return a < b;
    case 'lte':
      return a <= b;
  }
}
