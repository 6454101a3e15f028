import { describe, expect, it } from 'vitest';
import { HTTPException } from 'hono/http-exception';
import { defineRoute } from './route.js';
import { bearer, testApp, json } from './testing.js';

const failing = defineRoute({
  method: 'get',
  path: '/api/fail',
  operationId: 'fail',
  summary: 'fails',
  roles: ['marketer'],
  responses: {},
  handle: () => {
    throw new TypeError('cannot read properties of undefined (secret detail)');
  },
});

const refusing = defineRoute({
  method: 'get',
  path: '/api/refuse',
  operationId: 'refuse',
  summary: 'refuses',
  roles: 'public',
  responses: {},
  handle: () => {
    throw new HTTPException(400, { message: 'no thanks' });
  },
});

describe('error answers', () => {
  it('answers an unexpected fault with 500 internal, no detail, and logs it with its stack', async () => {
    const logged: string[] = [];
    const app = testApp({ routes: [failing], log: (line) => logged.push(line) });
    const res = await app.request('/api/fail', { headers: bearer('marketer') });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: 'internal', message: 'Something went wrong on the server; it has been logged.' },
    });
    expect(text).not.toContain('secret detail');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^internal error on GET \/api\/fail: TypeError: cannot read properties of undefined \(secret detail\)\n\s+at /);
  });

  it("shapes Hono's own client errors like every other error", async () => {
    const app = testApp({ routes: [refusing] });
    const res = await app.request('/api/refuse');
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error: { code: 'bad_request', message: 'no thanks' } });
  });

  it('answers 404 not_found as JSON outside /api too', async () => {
    const app = testApp();
    const res = await app.request('/no/such/page');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await json(res)).toEqual({ error: { code: 'not_found', message: 'No route for GET /no/such/page.' } });
  });

  it('answers 405 method_not_allowed, with Allow, for a known path and the wrong method', async () => {
    const app = testApp();
    const res = await app.request('/api/validate', { headers: bearer('marketer') });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(await json(res)).toEqual({
      error: { code: 'method_not_allowed', message: '/api/validate answers POST, not GET.' },
    });
  });
});
