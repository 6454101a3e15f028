import { describe, expect, it } from 'vitest';
import { bearer, json, testApp } from './testing.js';

const app = testApp();

describe('the edge check of path parameters and query strings', () => {
  it('refuses a NUL in a path parameter with 400 invalid_path naming it', async () => {
    const res = await app.request('/api/journeys/a%00b', { headers: bearer('marketer') });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({
      error: {
        code: 'invalid_path',
        message: 'The path parameter id must not contain the NUL character (\\u0000).',
        problems: [{ path: ['id'], message: 'must not contain the NUL character (\\u0000)' }],
      },
    });
  });

  it('refuses a NUL in a query value with 400 invalid_query naming the parameter', async () => {
    const res = await app.request('/api/handoffs?queue=in%00side', { headers: bearer('sales') });
    expect(res.status).toBe(400);
    expect((await json(res)).error).toEqual({
      code: 'invalid_query',
      message: 'The query parameter queue must not contain the NUL character (\\u0000).',
      problems: [{ path: ['queue'], message: 'must not contain the NUL character (\\u0000)' }],
    });
  });

  it('refuses a path parameter longer than 2,048 bytes of UTF-8', async () => {
    const res = await app.request(`/api/queues/${encodeURIComponent('é'.repeat(1_100))}`, { headers: bearer('sales') });
    expect(res.status).toBe(400);
    expect((await json(res)).error.message).toBe('The path parameter name must be at most 2,048 bytes (got 2,200).');
  });

  it('checks the token before the URL: an unknown caller learns nothing about it', async () => {
    expect((await app.request('/api/journeys/a%00b')).status).toBe(401);
  });
});
