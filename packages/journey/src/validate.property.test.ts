import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { journeySchema } from './schema.js';
import { hasErrors, PROBLEM_CODES, validateJourney, type Problem } from './validate.js';

const at = { x: 0, y: 0 };

/** A small valid journey using every node type; the mutations start from it. */
function baseJourney(): Record<string, unknown> {
  return {
    schemaVersion: 1,
    name: 'Property base',
    settings: {
      timezone: 'America/New_York',
      reentry: { mode: 'after', after: 'P30D' },
      exitWhen: { all: [{ attr: 'consent.email', op: 'eq', value: 'opted_out' }, { not: { event: 'x', within: 'P1D' } }] },
      quietHours: { from: '21:00', to: '07:30' },
      sendWindow: { days: ['mon', 'fri'], from: '09:00', to: '17:00' },
      frequencyCap: [{ channel: 'sms', max: 1, per: 'P1D' }],
    },
    nodes: [
      { id: 't', type: 'trigger', position: at, data: { on: { condition: { attr: 'score', op: 'gte', value: 50 } } } },
      { id: 's', type: 'send', position: at, data: { label: 'Hello', channel: 'email', template: 'hello' } },
      { id: 'w', type: 'wait', position: at, data: { until: { event: 'email_opened', timeout: 'PT12H' } } },
      { id: 'b', type: 'branch', position: at, data: { cases: [{ handle: 'yes', when: { any: [{ event: 'e', within: 'P2W' }] } }] } },
      { id: 'p', type: 'split', position: at, data: { variants: [{ handle: 'A', weight: 1 }, { handle: 'B', weight: 3 }] } },
      { id: 'u', type: 'update', position: at, data: { set: { stage: 'mql', 'attributes.tier': 'gold' } } },
      { id: 'h', type: 'handoff', position: at, data: { queue: 'q', assign: 'owner', sla: 'P1D' } },
      { id: 'd', type: 'wait', position: at, data: { for: 'P1M' } },
      // Its disqualified and SLA-expired paths end here: 'converted' would be lost_path_converts.
      { id: 'x', type: 'exit', position: at, data: { outcome: 'completed' } },
    ],
    edges: [
      { id: 'e1', source: 't', target: 's' },
      { id: 'e2', source: 's', target: 'w' },
      { id: 'e3', source: 'w', target: 'b', sourceHandle: 'event' },
      { id: 'e4', source: 'w', target: 'p', sourceHandle: 'timeout' },
      { id: 'e5', source: 'b', target: 'h', sourceHandle: 'yes' },
      { id: 'e6', source: 'b', target: 'x', sourceHandle: 'else' },
      { id: 'e7', source: 'p', target: 'u', sourceHandle: 'A' },
      { id: 'e8', source: 'p', target: 'x', sourceHandle: 'B' },
      { id: 'e9', source: 'u', target: 'd' },
      { id: 'e10', source: 'd', target: 's' },
      { id: 'e11', source: 'h', target: 'x', sourceHandle: 'accepted' },
      { id: 'e12', source: 'h', target: 'd', sourceHandle: 'recycled' },
      { id: 'e13', source: 'h', target: 'x', sourceHandle: 'disqualified' },
      { id: 'e14', source: 'h', target: 's', sourceHandle: 'sla_expired' },
    ],
  };
}

type Container = Record<string, unknown> | unknown[];

/** Every [container, key] inside a document, so a mutation can pick one by number. */
function slots(value: unknown, out: [Container, string | number][] = []): [Container, string | number][] {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push([value, i]);
      slots(item, out);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      out.push([value as Record<string, unknown>, key]);
      slots(item, out);
    }
  }
  return out;
}

function listOf(doc: Record<string, unknown>, key: 'nodes' | 'edges'): Record<string, unknown>[] {
  const list = doc[key];
  return Array.isArray(list) ? (list as Record<string, unknown>[]) : [];
}

function pick<T>(list: readonly T[], n: number): T | undefined {
  return list.length === 0 ? undefined : list[n % list.length];
}

const idLike = fc.oneof(fc.constantFrom('t', 's', 'w', 'b', 'x', 'e1', 'yes', 'out', 'else', 'A', 'event'), fc.string());

/** One edit a person (or a bug) might make; numbers pick their target in the current document. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('dropNode' as const), n: fc.nat() }),
  fc.record({ kind: fc.constant('dropEdge' as const), n: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), n: fc.nat(), edges: fc.boolean() }),
  fc.record({ kind: fc.constant('rename' as const), n: fc.nat(), edges: fc.boolean(), id: idLike }),
  fc.record({
    kind: fc.constant('rewire' as const),
    n: fc.nat(),
    end: fc.constantFrom('source', 'target', 'sourceHandle'),
    to: idLike,
  }),
  fc.record({ kind: fc.constant('set' as const), n: fc.nat(), value: fc.jsonValue({ maxDepth: 3 }) }),
  fc.record({ kind: fc.constant('delete' as const), n: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(doc: Record<string, unknown>, m: Mutation): void {
  const nodes = listOf(doc, 'nodes');
  const edges = listOf(doc, 'edges');
  switch (m.kind) {
    case 'dropNode':
      if (nodes.length > 0) nodes.splice(m.n % nodes.length, 1);
      break;
    case 'dropEdge':
      if (edges.length > 0) edges.splice(m.n % edges.length, 1);
      break;
    case 'duplicate': {
      const list = m.edges ? edges : nodes;
      const item = pick(list, m.n);
      if (item !== undefined) list.push(structuredClone(item));
      break;
    }
    case 'rename': {
      const item = pick(m.edges ? edges : nodes, m.n);
      if (typeof item === 'object' && item !== null) item.id = m.id;
      break;
    }
    case 'rewire': {
      const edge = pick(edges, m.n);
      if (typeof edge === 'object' && edge !== null) edge[m.end] = m.to;
      break;
    }
    case 'set': {
      const slot = pick(slots(doc), m.n);
      if (slot) (slot[0] as Record<string | number, unknown>)[slot[1]] = m.value;
      break;
    }
    case 'delete': {
      const slot = pick(slots(doc), m.n);
      if (!slot) break;
      if (Array.isArray(slot[0])) slot[0].splice(slot[1] as number, 1);
      else delete slot[0][slot[1]];
      break;
    }
  }
}

const mutatedJourney = fc.array(mutation, { minLength: 1, maxLength: 5 }).map((mutations) => {
  const doc = baseJourney();
  for (const m of mutations) mutate(doc, m);
  return doc;
});

const SEVERITIES: readonly unknown[] = ['error', 'warning'];
const CODES: readonly unknown[] = PROBLEM_CODES;

/** What is wrong with one problem's form, if anything (plain checks: thousands run per test). */
function malformation(problem: Problem, doc: unknown): string | undefined {
  if (!SEVERITIES.includes(problem.severity)) return 'severity';
  if (!CODES.includes(problem.code)) return 'code';
  if ((problem.severity === 'warning') !== (problem.code === 'missing_handle')) return 'severity of code';
  if (typeof problem.message !== 'string' || problem.message.length === 0) return 'message';
  // The validator's last-resort guard must never be what answers.
  if (problem.message.includes('could not be checked completely')) return 'guard';
  if (!Array.isArray(problem.path) || !problem.path.every((s) => typeof s === 'string' || typeof s === 'number')) return 'path';
  // A problem placed on a node or edge names the id found at that place.
  const [list, index] = problem.path;
  if (typeof index === 'number' && (list === 'nodes' || list === 'edges')) {
    const item = (doc as Record<string, { id?: unknown }[]>)[list]![index];
    const id = list === 'nodes' ? problem.nodeId : problem.edgeId;
    if (id !== undefined && id !== item?.id) return 'id';
  }
  return undefined;
}

function expectWellFormed(problems: unknown, doc: unknown): void {
  expect(Array.isArray(problems)).toBe(true);
  const wrong = (problems as Problem[]).flatMap((p) => {
    const what = malformation(p, doc);
    return what ? [{ what, problem: p }] : [];
  });
  expect(wrong).toEqual([]);
}

function expectErrorsWhenSchemaRejects(doc: unknown, problems: Problem[]): void {
  if (!journeySchema.safeParse(doc).success) expect(hasErrors(problems)).toBe(true);
}

describe('validateJourney on arbitrary input', () => {
  it('starts from a journey without problems', () => {
    expect(validateJourney(baseJourney())).toEqual([]);
  });

  it('never throws on random JSON, and errs whenever the schema rejects', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (doc) => {
        const problems = validateJourney(doc);
        expectWellFormed(problems, doc);
        expectErrorsWhenSchemaRejects(doc, problems);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('never throws on JavaScript values that are not JSON', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true }), (doc) => {
        expectWellFormed(validateJourney(doc), doc);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('never throws on edited journeys, places problems where it says, and errs whenever the schema rejects', () => {
    fc.assert(
      fc.property(mutatedJourney, (doc) => {
        const problems = validateJourney(doc);
        expectWellFormed(problems, doc);
        expectErrorsWhenSchemaRejects(doc, problems);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('never throws on a journey whose condition refers to itself', () => {
    const doc = baseJourney();
    const loop: Record<string, unknown> = { all: [] };
    (loop.all as unknown[]).push(loop, { not: loop });
    (doc.settings as Record<string, unknown>).goal = loop;
    expectWellFormed(validateJourney(doc), doc);
  });
});
