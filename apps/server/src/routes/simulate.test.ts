import type { Journey } from '@trellis/journey';
import { SIMULATION_LIMITS } from '@trellis/simulate';
import { describe, expect, it } from 'vitest';
import { json, jsonRequest, testApp, welcomeJourney } from '../testing.js';

const app = testApp();
const simulate = (body: unknown) => app.request('/api/simulate', jsonRequest(body));

/** The welcome journey with two days' pause between the email and the end. */
const withPause: Journey = {
  ...welcomeJourney,
  nodes: [
    ...welcomeJourney.nodes.filter((n) => n.id !== 'done'),
    { id: 'pause', type: 'wait', position: { x: 0, y: 150 }, data: { for: 'P2D' } },
    { id: 'done', type: 'exit', position: { x: 0, y: 200 }, data: { outcome: 'completed' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'hello' },
    { id: 'e2', source: 'hello', target: 'pause' },
    { id: 'e3', source: 'pause', target: 'done' },
  ],
};

describe('POST /api/simulate', () => {
  it("answers 200 with each lead's outcome, path and sends over virtual time", async () => {
    const res = await simulate({
      journey: withPause,
      start: '2026-03-02T09:00:00Z',
      until: 'P3D',
      leads: [{ id: 'ada' }],
      events: [{ leadId: 'ada', type: 'form_submitted', at: '2026-03-02T09:00:00Z' }],
    });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      leads: [
        {
          id: 'ada',
          outcome: 'completed',
          path: [
            { nodeId: 'start', at: '2026-03-02T09:00:00.000Z', handle: 'out' },
            { nodeId: 'hello', at: '2026-03-02T09:00:00.000Z', handle: 'out' },
            { nodeId: 'pause', at: '2026-03-02T09:00:00.000Z', handle: 'out' },
            { nodeId: 'done', at: '2026-03-04T09:00:00.000Z' },
          ],
          sends: [{ nodeId: 'hello', channel: 'email', template: 'welcome', at: '2026-03-02T09:00:00.000Z', status: 'sent' }],
        },
      ],
    });
  });

  it('leaves the outcome null for a lead still waiting at `until`', async () => {
    const res = await simulate({
      journey: withPause,
      start: '2026-03-02T09:00:00Z',
      until: 'P1D',
      leads: [{ id: 'ada' }],
      events: [{ leadId: 'ada', type: 'form_submitted' }],
    });
    expect(res.status).toBe(200);
    const { leads } = await json(res);
    expect(leads[0].outcome).toBeNull();
    expect(leads[0].path.at(-1)).toEqual({ nodeId: 'pause', at: '2026-03-02T09:00:00.000Z' });
  });

  it('answers 422 invalid_journey with the problems of an invalid journey', async () => {
    const broken = { ...withPause, nodes: withPause.nodes.map((n) => (n.id === 'pause' ? { ...n, data: { for: 'two days' } } : n)) };
    const res = await simulate({ journey: broken, start: '2026-03-02T09:00:00Z', until: 'P1D' });
    expect(res.status).toBe(422);
    const { error } = await json(res);
    expect(error.code).toBe('invalid_journey');
    expect(error.message).toBe('The journey cannot be simulated: it has 1 error.');
    expect(error.problems.map((p: { code: string; path: unknown[] }) => [p.code, p.path])).toEqual([
      ['bad_duration', ['nodes', 2, 'data', 'for']],
    ]);
  });

  it('answers 400 invalid_body naming the path of each schema failure', async () => {
    const res = await simulate({ journey: withPause, start: 'yesterday', until: 'P1D', leads: [{ id: 'ada', score: 'high' }] });
    expect(res.status).toBe(400);
    const { error } = await json(res);
    expect(error.code).toBe('invalid_body');
    expect(error.problems).toEqual([
      { path: ['start'], message: 'must be an ISO 8601 date-time such as 2026-03-02T09:00:00Z' },
      { path: ['leads', 0, 'score'], message: 'Invalid input: expected number, received string' },
    ]);
  });

  it('answers 400 invalid_body naming `until` when it is neither a duration nor a date-time after start', async () => {
    for (const [until, message] of [
      ['forever', 'must be a duration from start (P90D) or a date-time (2026-06-01T00:00:00Z), not "forever"'],
      ['2026-03-01T00:00:00Z', 'must not be before start (2026-03-02T09:00:00.000Z)'],
    ]) {
      const res = await simulate({ journey: withPause, start: '2026-03-02T09:00:00Z', until });
      expect(res.status).toBe(400);
      expect((await json(res)).error).toMatchObject({ code: 'invalid_body', problems: [{ path: ['until'], message }] });
    }
  });

  it('answers 413 too_large past 10,000 leads, before checking the schema', async () => {
    const leads = Array.from({ length: SIMULATION_LIMITS.leads + 1 }, () => ({ id: 42 }));
    const res = await simulate({ journey: withPause, start: 'not checked', until: 'P1D', leads });
    expect(res.status).toBe(413);
    expect(await json(res)).toEqual({
      error: { code: 'too_large', message: 'A simulation takes at most 10,000 leads; this one has 10,001.' },
    });
  });

  it('answers 413 too_large past 1,000,000 events', async () => {
    // Bare numbers keep the body small; the count alone decides.
    const events = new Array(SIMULATION_LIMITS.events + 1).fill(0);
    const res = await simulate({ journey: withPause, start: '2026-03-02T09:00:00Z', until: 'P1D', events });
    expect(res.status).toBe(413);
    expect(await json(res)).toEqual({
      error: { code: 'too_large', message: 'A simulation takes at most 1,000,000 events; this one has 1,000,001.' },
    });
  });

  it('accepts bodies far past the 1 MiB other routes allow', async () => {
    const leads = Array.from({ length: 5000 }, (_, i) => ({ id: `lead-${i}`, attributes: { note: 'x'.repeat(200) } }));
    const body = { journey: withPause, start: '2026-03-02T09:00:00Z', until: 'P1D', leads };
    expect(JSON.stringify(body).length).toBeGreaterThan(1024 * 1024);
    const res = await simulate(body);
    expect(res.status).toBe(200);
    expect((await json(res)).leads).toHaveLength(5000);
  });
});

/** trigger → Wait `every` → Update → back to the wait, for `leads` leads that sign up at start. */
function loopRequest(every: string, leads: number, until: string) {
  const at = { x: 0, y: 0 };
  const ids = Array.from({ length: leads }, (_, i) => `lead-${i}`);
  return {
    journey: {
      schemaVersion: 1,
      name: 'Loop',
      nodes: [
        { id: 't', type: 'trigger', position: at, data: { on: { event: 'signup' } } },
        { id: 'w', type: 'wait', position: at, data: { label: 'Again', for: every } },
        { id: 'u', type: 'update', position: at, data: { label: 'Bump', score: { add: 1 } } },
      ],
      edges: [
        { id: 'e1', source: 't', target: 'w' },
        { id: 'e2', source: 'w', target: 'u' },
        { id: 'e3', source: 'u', target: 'w' },
      ],
    },
    start: '2026-03-02T09:00:00Z',
    until,
    leads: ids.map((id) => ({ id })),
    events: ids.map((leadId) => ({ leadId, type: 'signup' })),
  };
}

describe('POST /api/simulate with a hostile journey', () => {
  it('answers 422 invalid_journey for a loop through a Wait of PT0S (it used to stop the server and exhaust its heap)', async () => {
    const res = await simulate(loopRequest('PT0S', 1, 'P1D'));
    expect(res.status).toBe(422);
    const { error } = await json(res);
    expect(error.code).toBe('invalid_journey');
    expect(error.problems).toEqual([
      {
        severity: 'error',
        code: 'instant_loop',
        message:
          'These steps form a loop that never pauses, so a lead would go round forever: Wait "Again", Update "Bump"; ' +
          'a wait, timeout or SLA of zero length (PT0S) is no pause (Wait "Again")',
        nodeId: 'w',
        path: ['nodes', 1],
      },
    ]);
  });

  it('answers 422 too_much_work when one lead takes more than 100,000 steps (a loop every second for a week)', async () => {
    const res = await simulate(loopRequest('PT1S', 1, 'P7D'));
    expect(res.status).toBe(422);
    expect(await json(res)).toEqual({
      error: {
        code: 'too_much_work',
        message:
          'The simulation stopped: lead "lead-0" took more than 100,000 steps, the most one lead may take, by 2026-03-02T22:53:20.000Z ' +
          '(it was at step "w"); the journey goes round a loop too often to simulate. Make the loop\'s wait longer.',
      },
    });
  });

  it('answers 413 too_large past 1,000,000 steps in all, and /api/health answers within a second meanwhile', async () => {
    let settled = false;
    const hostile = Promise.resolve(simulate(loopRequest('PT1M', 20, 'P30D'))).finally(() => (settled = true));
    const asked = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const health = await app.request('/api/health');
    expect(health.status).toBe(200);
    expect(performance.now() - asked).toBeLessThan(1_000);
    expect(settled).toBe(false);

    const res = await hostile;
    expect(res.status).toBe(413);
    expect(await json(res)).toEqual({
      error: {
        code: 'too_large',
        message:
          'The simulation stopped after more than 1,000,000 steps, the most one simulation may take, with virtual time at ' +
          '2026-03-19T17:40:00.000Z; simulate fewer leads or a shorter period.',
      },
    });
    // A million steps take seconds of CPU on a busy machine: the test may take that long.
  }, 30_000);
});
