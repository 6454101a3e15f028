import { describe, expect, it } from 'vitest';
import { anyOf, bearerToken, staticTokens } from './auth.js';
import { bearer, jsonRequest, testApp, welcomeJourney, json } from './testing.js';

const app = testApp();

describe('bearer auth on /api', () => {
  it('lets /api/health through without a token', async () => {
    const res = await app.request('/api/health');
    expect(res.status).toBe(200);
  });

  it('answers 401 unauthorized when the token is missing', async () => {
    const res = await app.request('/api/validate', { method: 'POST' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(await json(res)).toEqual({
      error: { code: 'unauthorized', message: 'Send "Authorization: Bearer <token>" with this request.' },
    });
  });

  it('answers 401 unauthorized for an unknown token', async () => {
    const res = await app.request('/api/validate', { method: 'POST', headers: { authorization: 'Bearer not-a-token' } });
    expect(res.status).toBe(401);
    expect(await json(res)).toEqual({
      error: { code: 'unauthorized', message: 'That bearer token is not known (it may have been revoked).' },
    });
  });

  it('answers 401 for an Authorization header that is not a bearer', async () => {
    const res = await app.request('/api/validate', { method: 'POST', headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } });
    expect(res.status).toBe(401);
    expect((await json(res)).error.message).toBe('The Authorization header must be "Bearer <token>".');
  });

  it('checks the token before anything else about the request', async () => {
    const res = await app.request('/api/validate', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(res.status).toBe(401);
  });

  it('asks for a token on unknown /api paths too, then answers 404', async () => {
    expect((await app.request('/api/nothing-here')).status).toBe(401);
    const res = await app.request('/api/nothing-here', { headers: bearer('marketer') });
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ error: { code: 'not_found', message: 'No route for GET /api/nothing-here.' } });
  });

  it('answers 403 forbidden to a role without the right', async () => {
    const res = await app.request('/api/validate', jsonRequest(welcomeJourney, 'ingest'));
    expect(res.status).toBe(403);
    expect(await json(res)).toEqual({
      error: { code: 'forbidden', message: 'The ingest role cannot do this; it needs one of: admin, marketer, reviewer, operator.' },
    });
  });

  it('lets admin do everything and the named roles do their routes', async () => {
    for (const role of ['admin', 'marketer', 'reviewer', 'operator'] as const) {
      const res = await app.request('/api/validate', jsonRequest(welcomeJourney, role));
      expect(res.status, role).toBe(200);
    }
    expect((await app.request('/api/validate', jsonRequest(welcomeJourney, 'sales'))).status).toBe(403);
  });
});

describe('bearerToken', () => {
  it('reads the token of a bearer header, whatever the scheme case', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Bearer  abc ')).toBe('abc');
  });

  it('has nothing for other schemes, empty or absent headers', () => {
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('token directories', () => {
  it('finds a static token by its value, and nothing for others', async () => {
    const tokens = staticTokens([{ token: 's3cret', principal: { name: 'ops', role: 'operator' } }]);
    expect(await tokens.lookup('s3cret')).toEqual({ name: 'ops', role: 'operator' });
    expect(await tokens.lookup('s3cret ')).toBeUndefined();
    expect(await tokens.lookup('')).toBeUndefined();
  });

  it('anyOf asks each directory in turn', async () => {
    const first = staticTokens([{ token: 'a', principal: { name: 'A', role: 'sales' } }]);
    const second = staticTokens([{ token: 'b', principal: { name: 'B', role: 'ingest' } }]);
    const both = anyOf(first, second);
    expect(await both.lookup('a')).toEqual({ name: 'A', role: 'sales' });
    expect(await both.lookup('b')).toEqual({ name: 'B', role: 'ingest' });
    expect(await both.lookup('c')).toBeUndefined();
  });
});
