import type { Journey } from '@trellis/journey';

/**
 * Values for test leads drawn from the journey's own conditions, so a simulation exercises both
 * sides of every field test: `company.size >= 200` gives sizes 100, 200 and 300; `industry in
 * [software, fintech]` gives software, fintech and something else.
 */

/** A field left out of the lead (for `exists`). */
export const ABSENT = Symbol('absent');
export type Candidate = unknown | typeof ABSENT;

/** Fields the generator sets itself (score bands, time zones, consents, contact details). */
const OWN_FIELDS = new Set(['score', 'email', 'phone', 'timezone', 'owner']);

function otherThan(value: unknown): unknown {
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'boolean') return !value;
  return 'other';
}

function candidatesFor(op: string, value: unknown): Candidate[] {
  switch (op) {
    case 'eq':
    case 'neq':
      return [value, otherThan(value)];
    case 'in':
    case 'nin': {
      const list = Array.isArray(value) ? value : [value];
      return [...list, 'other'];
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      if (typeof value !== 'number') return [value, otherThan(value)];
      const step = Math.max(1, Math.round(Math.abs(value) * 0.5));
      return [value - step, value, value + step];
    }
    case 'contains':
    case 'startsWith':
      return typeof value === 'string' ? [value, 'other'] : [value];
    case 'exists':
      return ['yes', ABSENT];
    default:
      return [];
  }
}

function collectTests(value: unknown, into: Array<{ attr: string; op: string; value: unknown }>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectTests(item, into);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (typeof record.attr === 'string' && typeof record.op === 'string') {
    into.push({ attr: record.attr, op: record.op, value: record.value });
    return;
  }
  for (const inner of Object.values(record)) collectTests(inner, into);
}

/** Candidate values per lead field the journey tests (consent and the generator's own fields aside). */
export function fieldCandidates(journey: Journey): Map<string, Candidate[]> {
  const tests: Array<{ attr: string; op: string; value: unknown }> = [];
  collectTests(journey.nodes.map((n) => n.data), tests);
  collectTests(journey.settings, tests);
  const candidates = new Map<string, Candidate[]>();
  for (const test of tests) {
    if (OWN_FIELDS.has(test.attr) || test.attr.startsWith('consent.')) continue;
    const known = candidates.get(test.attr) ?? [];
    for (const candidate of candidatesFor(test.op, test.value)) {
      if (!known.some((k) => k === candidate || (k !== ABSENT && candidate !== ABSENT && JSON.stringify(k) === JSON.stringify(candidate)))) {
        known.push(candidate);
      }
    }
    candidates.set(test.attr, known);
  }
  return candidates;
}

/** Sets `a.b.c` in a nested object (attribute names may be dotted paths). */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (!next || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}
