import { describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './server.js';

/**
 * What the spec promises about stopping: a 2xx on POST /api/events means the events are
 * durable, whatever happens next (kill -9 included), and SIGTERM stops cleanly even with live
 * stats streams open. Real processes on one embedded data directory.
 */

const handoffJourney = {
  schemaVersion: 1,
  name: 'Demo request',
  settings: {},
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: { event: 'demo_requested' } } },
    { id: 'sales', type: 'handoff', position: { x: 0, y: 120 }, data: { queue: 'inside-sales', assign: 'round_robin', sla: 'PT4H' } },
    { id: 'won', type: 'exit', position: { x: -150, y: 240 }, data: { outcome: 'converted' } },
    { id: 'lost', type: 'exit', position: { x: 150, y: 240 }, data: { outcome: 'lost' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'sales' },
    { id: 'e2', source: 'sales', sourceHandle: 'accepted', target: 'won' },
    { id: 'e3', source: 'sales', sourceHandle: 'recycled', target: 'lost' },
    { id: 'e4', source: 'sales', sourceHandle: 'disqualified', target: 'lost' },
    { id: 'e5', source: 'sales', sourceHandle: 'sla_expired', target: 'lost' },
  ],
};

function api(server: RunningServer) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert exact values of the answers
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  };
}

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('stopping the server', () => {
  it('keeps every acknowledged event across kill -9, and processes it after the restart', async () => {
    const first = await startServer();
    const call = api(first);
    const { body: created } = await call('POST', '/api/journeys', handoffJourney);
    expect((await call('POST', `/api/journeys/${created.id}/publish`)).body).toEqual({ version: 1 });
    const events = Array.from({ length: 200 }, (_, i) => ({ id: `web-${i}`, leadId: `lead-${i}`, type: 'demo_requested' }));
    const answer = await call('POST', '/api/events', { events });
    expect(answer).toEqual({ status: 202, body: { accepted: 200, duplicates: 0, rejected: [] } });
    await first.kill();

    const second = await startServer({ dataDir: first.dataDir, token: first.token });
    try {
      const stats = await eventually(
        async () => (await api(second)('GET', `/api/journeys/${created.id}/stats`)).body,
        (s) => s.nodes.sales?.entered === 200,
      );
      expect(stats).toEqual({ version: 1, nodes: { start: { current: 0, entered: 200 }, sales: { current: 200, entered: 200 } }, outcomes: {} });
      // The same batch again changes nothing: every id was kept.
      expect((await api(second)('POST', '/api/events', { events })).body).toEqual({ accepted: 0, duplicates: 200, rejected: [] });
    } finally {
      await second.stop();
    }
  });

  it('stops with exit code 0 on SIGTERM while a stats stream is open, ending the stream', async () => {
    const server = await startServer();
    const res = await fetch(`${server.url}/api/journeys/speed-to-lead/stats/stream`, { headers: { authorization: `Bearer ${server.token}` } });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toMatch(/^event: stats\ndata: \{"version":1,/);
    const started = Date.now();
    expect(await server.stop()).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    let ended = false;
    while (!ended) ended = (await reader.read()).done;
    expect(server.output()).toContain('Stopped.');
  });
});
