import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { staticTokens } from './auth.js';
import { createLogger } from './logger.js';

function appWithLog(level: Parameters<typeof createLogger>[0] = 'info') {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const app = createApp({ config: {}, services: { tokens: staticTokens([]), logger: createLogger(level, sink) } });
  return { app, lines };
}

describe('request logs', () => {
  it('writes one JSON line per request: method, path without the query string, status, milliseconds', async () => {
    const { app, lines } = appWithLog();
    await app.request('/api/health?access_token=hunter2');
    await app.request('/api/journeys', { method: 'POST' });
    expect(lines.map(({ time, ms, ...rest }) => ({ ...rest, time: typeof time, ms: typeof ms }))).toEqual([
      { level: 'info', service: 'trellis', msg: 'request', method: 'GET', path: '/api/health', status: 200, time: 'string', ms: 'number' },
      { level: 'info', service: 'trellis', msg: 'request', method: 'POST', path: '/api/journeys', status: 401, time: 'string', ms: 'number' },
    ]);
    expect(JSON.stringify(lines)).not.toContain('hunter2');
  });

  it('logs the route, not the token, for links that carry one (tracking, unsubscribe)', async () => {
    const { app, lines } = appWithLog();
    await app.request('/t/c/tok_secret_click');
    await app.request('/t/u/tok_secret_optout', { method: 'POST' });
    expect(lines.map((line) => line.path)).toEqual(['/t/c/:token', '/t/u/:token']);
    expect(JSON.stringify(lines)).not.toContain('tok_secret');
  });

  it('follows LOG_LEVEL: at warn, requests are not logged', async () => {
    const { app, lines } = appWithLog('warn');
    await app.request('/api/health');
    expect(lines).toEqual([]);
  });
});
