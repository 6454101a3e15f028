import { describe, expect, it } from 'vitest';
import { bearer, json, testApp } from '../testing.js';

describe('GET /api/me', () => {
  const app = testApp();

  it("answers the token's name and role, for every role", async () => {
    expect(await json(await app.request('/api/me', { headers: bearer('sales') }))).toEqual({ name: 'sales user', role: 'sales' });
    expect(await json(await app.request('/api/me', { headers: bearer('admin') }))).toEqual({ name: 'admin user', role: 'admin' });
  });

  it('is 401 without a token', async () => {
    expect((await app.request('/api/me')).status).toBe(401);
  });
});
