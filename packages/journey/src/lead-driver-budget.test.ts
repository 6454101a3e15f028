import { describe, expect, it } from 'vitest';
import { compileJourney } from './compile.js';
import { driveLead, type JourneyCatalog, type LiveJourney } from './lead-driver.js';
import { newLead } from './lead.js';
import { journeySchema } from './schema.js';
import { MAX_STEPS_AT_ONE_INSTANT } from './step-budget.js';

const at = { x: 0, y: 0 };
const NOW = Date.parse('2026-03-03T14:12:00Z');

/**
 * Equivalence run seed 12, case 2248, made small: a segment journey (score ≥ 5, re-entry
 * always) whose steps set the score to 1 and then to 10. Each run ends at once with the lead
 * back in the segment, and each of its two score changes enters the journey again: one cause
 * fanning out into a tree that doubles at every level. Counted per branch, no branch met the
 * budget before 2^200 runs and the simulator never answered.
 */
function outAndBackIn(): LiveJourney {
  const journey = journeySchema.parse({
    schemaVersion: 1,
    name: 'Out and back in',
    settings: { reentry: { mode: 'always' } },
    nodes: [
      { id: 't', type: 'trigger', position: at, data: { on: { segment: { attr: 'score', op: 'gte', value: 5 } } } },
      { id: 'low', type: 'update', position: at, data: { score: { set: 1 } } },
      { id: 'high', type: 'update', position: at, data: { score: { set: 10 } } },
    ],
    edges: [
      { id: 'e1', source: 't', target: 'low' },
      { id: 'e2', source: 'low', target: 'high' },
    ],
  });
  return { journeyId: 'out-and-back-in', version: 1, status: 'active', compiled: compileJourney(journey) };
}

describe('the step budget across everything one input sets off', () => {
  it('stops a journey that takes the lead out of its segment and back, however the re-entries fan out', () => {
    const live = outAndBackIn();
    const catalog: JourneyCatalog = { entryJourneys: [live], version: (id, v) => (id === live.journeyId && v === 1 ? live : undefined) };
    let ids = 0;
    const driven = driveLead(
      {
        now: NOW,
        lead: { ...newLead('ada'), score: 8 },
        history: [],
        runs: [],
        lastEndedAt: new Map(),
        recentSends: [],
        events: [],
        inputs: [{ kind: 'segment', journeyId: live.journeyId }],
      },
      catalog,
      () => `run-${++ids}`,
    );
    const steps = driven.moves.flatMap((m) => m.effects).filter((e) => e.type === 'step').length;
    expect(steps).toBeGreaterThan(0);
    expect(steps).toBeLessThanOrEqual(MAX_STEPS_AT_ONE_INSTANT + 3);
    const outcomes = driven.runs.map((r) => r.state.outcome);
    expect(outcomes.at(-1)).toBe('error');
    expect(outcomes.filter((o) => o === 'error')).toHaveLength(1);
  });
});
