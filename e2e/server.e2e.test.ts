import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './server.js';

describe('the started server, over real HTTP', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers health without a token', async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, db: 'embedded' });
  });

  it('validates a journey for the admin token it was started with', async () => {
    const res = await fetch(`${server.url}/api/validate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        schemaVersion: 1,
        name: 'Welcome',
        nodes: [
          { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: { event: 'form_submitted' } } },
          { id: 'done', type: 'exit', position: { x: 0, y: 100 }, data: { outcome: 'completed' } },
        ],
        edges: [{ id: 'e1', source: 'start', target: 'done' }],
      }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ problems: [] });
  });

  it('refuses the API without a token', async () => {
    const res = await fetch(`${server.url}/api/validate`, { method: 'POST' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });

  it('says how to log in when it starts', () => {
    expect(server.output()).toContain('log in with the token in TRELLIS_ADMIN_TOKEN (role admin)');
  });
});

describe('the start command without TRELLIS_ADMIN_TOKEN', () => {
  it('makes an admin token on the first start, prints it once, and only its place afterwards', async () => {
    const first = await startServer({ env: { TRELLIS_ADMIN_TOKEN: '' } });
    const printed = /^\s+(trl_\S+)$/m.exec(first.output())?.[1];
    await first.stop();
    expect(printed).toMatch(/^trl_/);

    const second = await startServer({ env: { TRELLIS_ADMIN_TOKEN: '', TRELLIS_DATA_DIR: first.dataDir } });
    try {
      expect(second.output()).not.toContain(printed!);
      expect(second.output()).toContain(`log in with the admin token kept in ${first.dataDir}/admin-token`);
      const res = await fetch(`${second.url}/api/openapi.json`, { headers: { authorization: `Bearer ${printed}` } });
      expect(res.status).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it('stops cleanly, exit code 0, on SIGTERM', async () => {
    const server = await startServer();
    expect(await server.stop()).toBe(0);
    expect(server.output()).toContain('SIGTERM: stopping');
  });
});
