import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testApp, json } from './testing.js';

function builtEditor(): string {
  const dist = mkdtempSync(join(tmpdir(), 'trellis-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Trellis</title><div id="root"></div>');
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log("editor")');
  return dist;
}

describe('serving the built editor', () => {
  const app = testApp({ config: { webDist: builtEditor() } });

  it('serves index.html at /', async () => {
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('<title>Trellis</title>');
  });

  it('serves the build files', async () => {
    const res = await app.request('/assets/app.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(await res.text()).toBe('console.log("editor")');
  });

  it("answers the editor's own pages with index.html, so a reload keeps working", async () => {
    const res = await app.request('/journeys/welcome/review');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Trellis</title>');
  });

  it('keeps a missing file a 404, not index.html', async () => {
    const res = await app.request('/assets/missing.js');
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('not_found');
  });

  it('never answers an /api path with the editor', async () => {
    const res = await app.request('/api/nothing', { headers: { authorization: 'Bearer marketer-secret-token' } });
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ error: { code: 'not_found', message: 'No route for GET /api/nothing.' } });
  });

  it('serves no editor when the build folder is absent', async () => {
    const res = await testApp({ config: { webDist: join(tmpdir(), 'no-such-dist') } }).request('/');
    expect(res.status).toBe(404);
  });
});
