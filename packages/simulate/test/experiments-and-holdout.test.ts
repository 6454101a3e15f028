import { pickVariant, stableDraw, twoProportionPValue } from '@trellis/journey';
import { describe, expect, it } from 'vitest';
import { simulate, simulateRequestSchema } from '../src/index.js';

/**
 * A split with an experiment decided on virtual time, and a holdout group: the rules in
 * packages/journey (experiment.ts, holdout.ts) as the simulator plays them.
 */

const START = Date.parse('2026-03-02T09:00:00Z');
const DAY = 86_400_000;
const at = { x: 0, y: 0 };
const JOURNEY_ID = 'exp-journey';

function splitJourney(settings: Record<string, unknown> = {}) {
  return {
    schemaVersion: 1,
    name: 'Demo nurture',
    settings: { goal: { event: 'demo_booked' }, ...settings },
    nodes: [
      { id: 't', type: 'trigger', position: at, data: { on: { event: 'signup' } } },
      {
        id: 'split',
        type: 'split',
        position: at,
        data: {
          variants: [{ handle: 'A', weight: 50 }, { handle: 'B', weight: 50 }],
          experiment: { metric: 'goal', window: 'P7D', decideAfter: 'P14D' },
        },
      },
      { id: 'wa', type: 'wait', position: at, data: { for: 'P30D' } },
      { id: 'wb', type: 'wait', position: at, data: { for: 'P30D' } },
    ],
    edges: [
      { id: 'e1', source: 't', target: 'split' },
      { id: 'e2', source: 'split', sourceHandle: 'A', target: 'wa' },
      { id: 'e3', source: 'split', sourceHandle: 'B', target: 'wb' },
    ],
  };
}

const weightedVariant = (leadId: string) => pickVariant([{ handle: 'A', weight: 50 }, { handle: 'B', weight: 50 }], stableDraw(JOURNEY_ID, 'split', leadId)).handle;

/**
 * `perDay` leads sign up each day for `days` days; of those the split sends to B, every lead
 * whose number ends in 0-2 books a demo two days later (30%), of A's only those ending in 0 (10%).
 */
function traffic(rateA: number, rateB: number, days: number, perDay: number) {
  const leads: { id: string }[] = [];
  const events: { leadId: string; type: string; at: string }[] = [];
  for (let d = 0; d < days; d++) {
    for (let i = 0; i < perDay; i++) {
      const id = `lead-${d}-${i}`;
      leads.push({ id });
      const signup = START + d * DAY + i * 60_000;
      events.push({ leadId: id, type: 'signup', at: new Date(signup).toISOString() });
      const rate = weightedVariant(id) === 'A' ? rateA : rateB;
      if (i % 10 < rate * 10) events.push({ leadId: id, type: 'demo_booked', at: new Date(signup + 2 * DAY).toISOString() });
    }
  }
  return { leads, events };
}

function run(journey: unknown, data: ReturnType<typeof traffic>, until: string) {
  const outcome = simulate(simulateRequestSchema.parse({ journey, journeyId: JOURNEY_ID, start: new Date(START).toISOString(), until, ...data }));
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  return outcome.result;
}

describe('a split experiment in the simulator', () => {
  it('names B the winner at decideAfter when B converts 30% and A 10%, and every later lead takes B', () => {
    const data = traffic(0.1, 0.3, 20, 30);
    const result = run(splitJourney(), data, 'P30D');
    expect(result.experiments).toHaveLength(1);
    const decision = result.experiments![0]!;
    expect(decision.nodeId).toBe('split');
    expect(decision.decidedAt).toBe(START + 14 * DAY);
    expect(decision.winner).toBe('B');
    const { A, B } = decision.variants;
    // Leads of days 0-13 entered before the decision; those of day 12 and 13 booked after it, uncounted.
    expect(A!.entered + B!.entered).toBe(14 * 30);
    expect(decision.pValue).toBeCloseTo(twoProportionPValue(B!.goal, B!.entered, A!.goal, A!.entered)!, 12);
    expect(decision.pValue!).toBeLessThan(0.05);
    const later = result.leads.filter((l) => Number(l.id.split('-')[1]) >= 14);
    expect(later).toHaveLength(6 * 30);
    for (const lead of later) expect(lead.path.find((s) => s.nodeId === 'split')?.handle).toBe('B');
    const earlier = result.leads.filter((l) => Number(l.id.split('-')[1]) < 14);
    expect(new Set(earlier.map((l) => l.path.find((s) => s.nodeId === 'split')?.handle))).toEqual(new Set(['A', 'B']));
  });

  it('names no winner when both convert alike, and keeps the weights', () => {
    const result = run(splitJourney(), traffic(0.2, 0.2, 20, 30), 'P30D');
    expect(result.experiments![0]!.winner).toBeNull();
    const later = result.leads.filter((l) => Number(l.id.split('-')[1]) >= 14);
    expect(new Set(later.map((l) => l.path.find((s) => s.nodeId === 'split')?.handle))).toEqual(new Set(['A', 'B']));
  });

  it('does not decide before decideAfter has passed', () => {
    expect(run(splitJourney(), traffic(0.1, 0.3, 5, 30), 'P10D').experiments).toEqual([]);
  });
});

describe('a holdout group in the simulator', () => {
  it('holds out the hashed share of leads: no step, outcome holdout, the goal noticed within the window', () => {
    const journey = splitJourney({ holdout: { percent: 20, window: 'P5D' } });
    const data = traffic(0.3, 0.3, 3, 100);
    const result = run(journey, data, 'P30D');
    const heldOut = result.leads.filter((l) => l.outcome === 'holdout');
    const expected = data.leads.filter((l) => stableDraw(JOURNEY_ID, '$holdout', l.id) * 100 < 20);
    expect(heldOut.map((l) => l.id).sort()).toEqual(expected.map((l) => l.id).sort());
    expect(heldOut.length).toBeGreaterThan(30);
    expect(heldOut.length).toBeLessThan(90);
    for (const lead of heldOut) {
      expect(lead.path).toEqual([]);
      expect(lead.sends).toEqual([]);
    }
    // The treated leads meet the goal as before.
    const treated = result.leads.filter((l) => l.outcome !== 'holdout');
    expect(treated.some((l) => l.outcome === 'goal')).toBe(true);
  });
});
