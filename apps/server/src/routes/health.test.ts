import { describe, expect, it } from 'vitest';
import { testApp, json } from '../testing.js';

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
