import { describe, expect, it } from 'vitest';
import { simulate, simulateRequestSchema, SIMULATION_BUDGET, SimulationRun, startSimulation } from '../src/index.js';

/** What one simulation may cost: steps per lead (422), steps in all (413), and slices that match a run played at once. */

const START = '2026-03-02T09:00:00Z';

/** trigger → Wait `every` → Update → back to the wait: valid, and as busy as its wait is short. */
function loopEvery(every: string) {
  const at = { x: 0, y: 0 };
  return {
    schemaVersion: 1,
    name: 'Loop',
    nodes: [
      { id: 't', type: 'trigger', position: at, data: { on: { event: 'signup' } } },
      { id: 'w', type: 'wait', position: at, data: { for: every } },
      { id: 'u', type: 'update', position: at, data: { score: { add: 1 } } },
    ],
    edges: [
      { id: 'e1', source: 't', target: 'w' },
      { id: 'e2', source: 'w', target: 'u' },
      { id: 'e3', source: 'u', target: 'w' },
    ],
  };
}

function request(journey: unknown, leads: number, until: string) {
  const ids = Array.from({ length: leads }, (_, i) => `lead-${i}`);
  return simulateRequestSchema.parse({ journey, start: START, until, leads: ids.map((id) => ({ id })), events: ids.map((leadId) => ({ leadId, type: 'signup' })) });
}

describe('the simulation budget', () => {
  it('is 1,000,000 steps, 100,000 per lead and 10 seconds', () => {
    expect(SIMULATION_BUDGET).toEqual({ steps: 1_000_000, stepsPerLead: 100_000, seconds: 10 });
  });

  it('stops a lead that loops every second for a week after 100,000 steps, naming the lead, the instant and the step', () => {
    expect(simulate(request(loopEvery('PT1S'), 1, 'P7D'))).toEqual({
      ok: false,
      exceeded: {
        limit: 'stepsPerLead',
        message:
          'The simulation stopped: lead "lead-0" took more than 100,000 steps, the most one lead may take, by 2026-03-02T22:53:20.000Z ' +
          '(it was at step "w"); the journey goes round a loop too often to simulate. Make the loop\'s wait longer.',
      },
    });
  }, 60_000);

  it('stops 20 leads looping every minute for 30 days after 1,000,000 steps in all, though none reaches 100,000', () => {
    expect(simulate(request(loopEvery('PT1M'), 20, 'P30D'))).toEqual({
      ok: false,
      exceeded: {
        limit: 'steps',
        message:
          'The simulation stopped after more than 1,000,000 steps, the most one simulation may take, with virtual time at ' +
          '2026-03-19T17:40:00.000Z; simulate fewer leads or a shorter period.',
      },
    });
    // A million steps is seconds of CPU: ample time on a busy machine (this is no timing test).
  }, 60_000);

  it('plays the same simulation in slices as at once', () => {
    const ask = request(loopEvery('PT1H'), 30, 'P10D');
    const run = startSimulation(ask);
    if (!(run instanceof SimulationRun)) throw new Error('the journey should be valid');
    let slices = 0;
    let outcome = run.proceed(() => true);
    for (; outcome === null; outcome = run.proceed(() => true)) slices++;
    expect(slices).toBeGreaterThan(100);
    expect(outcome).toEqual(simulate(ask));
    expect(outcome.ok && outcome.result.leads[0]!.path).toHaveLength(2 + 2 * 240);
  }, 60_000);
});
