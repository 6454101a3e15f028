import { simulate, simulateRequestSchema } from '@trellis/simulate';
import { describe, expect, it } from 'vitest';
import { runSimulation } from './run-simulation.js';
import { welcomeJourney } from './testing.js';

/** 200 leads through a journey that waits a minute and goes round again, for 10 days: ~3 s of work at once. */
function busy() {
  const at = { x: 0, y: 0 };
  const ids = Array.from({ length: 200 }, (_, i) => `lead-${i}`);
  return simulateRequestSchema.parse({
    journey: {
      schemaVersion: 1,
      name: 'Busy',
      nodes: [
        { id: 't', type: 'trigger', position: at, data: { on: { event: 'signup' } } },
        { id: 'w', type: 'wait', position: at, data: { for: 'PT1M' } },
        { id: 'u', type: 'update', position: at, data: { score: { add: 1 } } },
      ],
      edges: [
        { id: 'e1', source: 't', target: 'w' },
        { id: 'e2', source: 'w', target: 'u' },
        { id: 'e3', source: 'u', target: 'w' },
      ],
    },
    start: '2026-03-02T09:00:00Z',
    until: 'P10D',
    leads: ids.map((id) => ({ id })),
    events: ids.map((leadId) => ({ leadId, type: 'signup' })),
  });
}

describe('runSimulation', () => {
  it('stops a simulation that runs past its seconds, saying how long it may run', async () => {
    const began = performance.now();
    expect(await runSimulation(busy(), { seconds: 0.2 })).toEqual({
      ok: false,
      exceeded: {
        limit: 'seconds',
        message: 'The simulation stopped after 0.2 seconds, the most one simulation may run; simulate fewer leads or a shorter period.',
      },
    });
    expect(performance.now() - began).toBeLessThan(1_000);
  });

  it('lets timers run between its slices', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const outcome = await runSimulation(busy(), { seconds: 0.3 });
    clearInterval(timer);
    expect(outcome).toMatchObject({ ok: false, exceeded: { limit: 'seconds' } });
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it('answers what simulate answers at once when it fits its budget', async () => {
    const request = simulateRequestSchema.parse({
      journey: welcomeJourney,
      start: '2026-03-02T09:00:00Z',
      until: 'P1D',
      leads: [{ id: 'ada' }],
      events: [{ leadId: 'ada', type: 'form_submitted' }],
    });
    expect(await runSimulation(request)).toEqual(simulate(request));
  });
});
