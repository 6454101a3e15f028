import { validateJourney } from '@trellis/journey';
import { openMigratedEmbeddedDatabase } from '@trellis/store/test-databases';
import type { SqlExecutor } from '@trellis/store';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseDraws, START, type Case } from './equivalence/cases.js';
import { caseOf, describeCase, differences, EngineSide, inSimulator } from './equivalence/observe.js';

/**
 * What the editor's simulation shows is what the live engine does: the same journey and the
 * same events give the same paths, sends, outcomes and scores in the simulator and in the
 * engine on PGlite with a virtual clock, because both run the one per-lead driver
 * (`driveLead`). EQUIVALENCE_RUNS sets the number of generated cases (300 by default; the
 * `equivalence` script runs 10,000).
 */

const RUNS = Number(process.env.EQUIVALENCE_RUNS ?? 300);
const HOUR = 3_600_000;

let db: SqlExecutor;
let side: EngineSide;
let cases = 0;
const nextTag = () => `c${String(++cases).padStart(5, '0')}`;

beforeAll(async () => {
  db = await openMigratedEmbeddedDatabase();
  side = new EngineSide(db);
}, 120_000);
afterAll(() => db?.close());

async function bothWays(c: Case, journeyId: string) {
  const simulated = inSimulator(c, journeyId);
  const live = await side.play(c, journeyId);
  return { simulated, live, differences: differences(simulated, live) };
}

const at = (id: string, type: string, data: Record<string, unknown>, y: number) => ({ id, type, position: { x: 0, y }, data });

describe('the simulator and the engine', () => {
  it('put each of 20 leads through a 50/50 split in the same variant (the simulator keyed the split by the name, the engine by the id)', async () => {
    const tag = nextTag();
    const c: Case = {
      journey: {
        schemaVersion: 1,
        name: 'Subject line test',
        nodes: [
          at('t', 'trigger', { on: { event: 'form_submitted' } }, 0),
          at('n0', 'split', { variants: [{ handle: 'A', weight: 1 }, { handle: 'B', weight: 1 }] }, 100),
          at('n1', 'exit', { outcome: 'got_a' }, 200),
          at('n2', 'exit', { outcome: 'got_b' }, 200),
        ],
        edges: [
          { id: 'e1', source: 't', target: 'n0' },
          { id: 'e2', source: 'n0', target: 'n1', sourceHandle: 'A' },
          { id: 'e3', source: 'n0', target: 'n2', sourceHandle: 'B' },
        ],
      },
      leads: Array.from({ length: 20 }, (_, i) => ({ id: `${tag}-l${i}`, patch: { score: 0 } })),
      events: Array.from({ length: 20 }, (_, i) => ({ id: `${tag}-e${i}`, leadId: `${tag}-l${i}`, type: 'form_submitted', at: START + i * HOUR, props: {} })),
      answers: [],
    };
    const { simulated, live, differences: found } = await bothWays(c, `${tag}-split`);
    expect(found).toEqual([]);
    const outcomes = simulated.map((lead) => lead.outcome);
    expect(live.map((lead) => lead.outcome)).toEqual(outcomes);
    // Both variants are drawn: the test would pass trivially if every lead went one way.
    expect(new Set(outcomes)).toEqual(new Set(['got_a', 'got_b']));
  }, 60_000);

  it("meet a wait for score_changed with the lead's own score change in both (the simulator let it time out)", async () => {
    const tag = nextTag();
    const c: Case = {
      journey: {
        schemaVersion: 1,
        name: 'Hears its own score',
        nodes: [
          at('t', 'trigger', { on: { event: 'form_submitted' } }, 0),
          at('n0', 'update', { score: { add: 10 } }, 100),
          at('n1', 'wait', { until: { event: 'score_changed', timeout: 'P1D' } }, 200),
          at('n2', 'exit', { outcome: 'heard' }, 300),
          at('n3', 'exit', { outcome: 'timed_out' }, 300),
        ],
        edges: [
          { id: 'e1', source: 't', target: 'n0' },
          { id: 'e2', source: 'n0', target: 'n1' },
          { id: 'e3', source: 'n1', target: 'n2', sourceHandle: 'event' },
          { id: 'e4', source: 'n1', target: 'n3', sourceHandle: 'timeout' },
        ],
      },
      leads: [{ id: `${tag}-l0`, patch: { score: 5 } }],
      events: [{ id: `${tag}-e0`, leadId: `${tag}-l0`, type: 'form_submitted', at: START + HOUR, props: {} }],
      answers: [],
    };
    const { simulated, differences: found } = await bothWays(c, `${tag}-echo`);
    expect(found).toEqual([]);
    expect(simulated).toEqual([
      {
        id: `${tag}-l0`,
        runs: [
          [
            { nodeId: 't', at: '2026-03-02T10:00:00.000Z', handle: 'out', touch: null },
            { nodeId: 'n0', at: '2026-03-02T10:00:00.000Z', handle: 'out', touch: null },
            { nodeId: 'n1', at: '2026-03-02T10:00:00.000Z', handle: 'event', touch: null },
            { nodeId: 'n2', at: '2026-03-02T10:00:00.000Z', handle: null, touch: null },
          ],
        ],
        sends: [],
        outcome: 'heard',
        score: 15,
      },
    ]);
  }, 60_000);

  it(`agree on ${RUNS} generated journeys and event streams: paths, sends, outcomes and scores`, async () => {
    await fc.assert(
      fc.asyncProperty(caseDraws, async (draws) => {
        const tag = nextTag();
        const c = caseOf(draws, tag, `${tag}-j`);
        expect(validateJourney(c.journey).filter((p) => p.severity === 'error')).toEqual([]);
        const { differences: found } = await bothWays(c, `${tag}-j`);
        if (found.length > 0) {
          throw new Error(`the simulator and the engine disagree:\n${found.join('\n')}\n${describeCase(c)}`);
        }
      }),
      { numRuns: RUNS },
    );
  }, 600_000);
});
