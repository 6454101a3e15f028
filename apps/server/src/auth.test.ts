import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { AUTH_FAILURE_LIMIT, anyOf, authenticate, bearerToken, staticTokens, type AuthEnv } from './auth.js';
import { handleError } from './errors.js';
import { TokenBuckets } from './rate-limit.js';
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

describe('failed bearer tokens, limited per client address', () => {
  let now = 0;
  const tokens = staticTokens([{ token: 'good-token', principal: { name: 'ops', role: 'operator' } }]);
  const limited = new Hono<AuthEnv>();
  limited.onError(handleError(() => undefined));
  limited.use('*', authenticate(tokens, { failures: new TokenBuckets(AUTH_FAILURE_LIMIT, () => now), clientOf: (c) => c.req.header('x-client') ?? '' }));
  limited.get('/', (c) => c.text('ok'));
  const call = (client: string, token: string) => limited.request('/', { headers: { 'x-client': client, authorization: `Bearer ${token}` } });

  it('answers 429 with Retry-After once a client has tried 20 unknown tokens, and earns one try back every 3 s', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await call('10.0.0.1', `guess-${i}`)).status);
    expect(statuses).toEqual([...Array<number>(20).fill(401), 429, 429]);
    const refused = await call('10.0.0.1', 'guess-again');
    expect(refused.headers.get('retry-after')).toBe('3');
    expect(await json(refused)).toEqual({ error: { code: 'too_many_requests', message: 'Too many unknown bearer tokens from this address; try again in 3 s.' } });
    // Past the limit even a right guess is refused unseen: otherwise its 200 would tell it apart.
    expect((await call('10.0.0.1', 'good-token')).status).toBe(429);
    expect((await call('10.0.0.2', 'another-guess')).status).toBe(401);
    now += 3_000;
    expect([(await call('10.0.0.1', 'good-token')).status, (await call('10.0.0.1', 'guess')).status, (await call('10.0.0.1', 'guess')).status]).toEqual([200, 401, 429]);
  });

  it('never counts good tokens: a busy client with a good token is not slowed', async () => {
    for (let i = 0; i < 500; i++) expect((await call('10.0.0.3', 'good-token')).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await call('10.0.0.3', `guess-${i}`)).status);
    expect(statuses).toEqual([...Array<number>(20).fill(401), 429]);
  });

  it('limits the app the server serves: 300 unknown tokens in a row end in 429', async () => {
    const app = testApp();
    const statuses = new Set<number>();
    for (let i = 0; i < 300; i++) statuses.add((await app.request('/api/me', { headers: { authorization: `Bearer guess-${i}` } })).status);
    expect([...statuses]).toEqual([401, 429]);
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
