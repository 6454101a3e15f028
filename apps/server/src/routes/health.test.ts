import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { dataTestApp, json, testApp } from '../testing.js';

describe('GET /api/health', () => {
  it('says ok and that the database is embedded when DATABASE_URL is unset', async () => {
    const res = await testApp().request('/api/health');
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ ok: true, db: 'embedded' });
  });

  it('says postgres when DATABASE_URL is set', async () => {
    const res = await testApp({ config: { databaseUrl: 'postgres://127.0.0.1:5432/trellis' } }).request('/api/health');
    expect(await json(res)).toEqual({ ok: true, db: 'postgres' });
  });
});

describeEachDatabase('GET /api/health on a database', (database) => {
  it('names the database actually open', async () => {
    const res = await dataTestApp(database.db).app.request('/api/health');
    expect(await json(res)).toEqual({ ok: true, db: database.kind });
  });
});
