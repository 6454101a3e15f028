import { describeEachDatabase } from '@trellis/store/test-databases';
import { beforeAll, expect, it } from 'vitest';
import { bearer, dataTestApp, json, jsonRequest } from '../testing.js';

describeEachDatabase('token routes', (database) => {
  let app: ReturnType<typeof dataTestApp>['app'];
  beforeAll(() => {
    app = dataTestApp(database.db).app;
  });

  it('issues a token (201) shown once, which then works with its role, and lists it without the secret', async () => {
    const res = await app.request('/api/tokens', jsonRequest({ name: 'CRM sync', role: 'ingest' }, 'admin'));
    expect(res.status).toBe(201);
    const { id, token } = await json(res);
    expect(token).toMatch(/^trl_[A-Za-z0-9_-]{43}$/);

    const asIngest = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const put = await app.request('/api/leads/token-lead', { method: 'PUT', headers: asIngest, body: '{"score": 1}' });
    expect(put.status).toBe(200);
    const read = await app.request('/api/journeys', { headers: asIngest });
    expect(read.status).toBe(403);
    expect(await json(read)).toEqual({
      error: { code: 'forbidden', message: 'The ingest role cannot do this; it needs one of: admin, marketer, reviewer, operator.' },
    });

    const { tokens } = await json(await app.request('/api/tokens', { headers: bearer('admin') }));
    expect(tokens.find((x: { id: string }) => x.id === id)).toEqual({ id, name: 'CRM sync', role: 'ingest', createdAt: expect.any(String), revokedAt: null });
    expect(JSON.stringify(tokens)).not.toContain(token);
  });

  it('revokes a token (204): it is refused with 401 from then on; revoking again is 404', async () => {
    const { id, token } = await json(await app.request('/api/tokens', jsonRequest({ name: 'Temp', role: 'reviewer' }, 'admin')));
    expect((await app.request('/api/journeys', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await app.request(`/api/tokens/${id}`, { method: 'DELETE', headers: bearer('admin') })).status).toBe(204);
    const after = await app.request('/api/journeys', { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
    expect((await app.request(`/api/tokens/${id}`, { method: 'DELETE', headers: bearer('admin') })).status).toBe(404);
  });

  it('refuses an unknown role or a missing name with 400 invalid_body', async () => {
    const res = await app.request('/api/tokens', jsonRequest({ name: ' ', role: 'owner' }, 'admin'));
    expect(res.status).toBe(400);
    expect((await json(res)).error.problems.map((p: { path: unknown[] }) => p.path)).toEqual([['name'], ['role']]);
  });
});
