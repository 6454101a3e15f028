import { randomBytes } from 'node:crypto';
import { openDatabase, openPostgresExecutor } from '@trellis/store';
import { describeEachDatabase, describePostgres, TEST_POSTGRES_ADMIN_URL } from '@trellis/store/test-databases';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { staticTokens } from '../auth.js';
import { createStartingApp } from '../starting-app.js';
import { dataTestApp, json } from '../testing.js';

describe('GET /api/ready while the server starts (main.ts listens before it migrates)', () => {
  it('is 503 not_ready, needs no token, while /api/health already answers', async () => {
    const app = createStartingApp({ databaseUrl: undefined });
    const ready = await app.request('/api/ready');
    expect(ready.status).toBe(503);
    expect(await json(ready)).toEqual({ error: { code: 'not_ready', message: 'Trellis is starting: opening and migrating the database.' } });
    expect(await json(await app.request('/api/health'))).toEqual({ ok: true, db: 'embedded' });
  });

  it('answers every other request 503 starting, with Retry-After', async () => {
    const res = await createStartingApp({ databaseUrl: 'postgres://127.0.0.1/trellis' }).request('/api/journeys', { method: 'POST' });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await json(res)).toEqual({
      error: { code: 'starting', message: 'Trellis is starting (opening and migrating the database); try again in a moment.' },
    });
  });
});

describeEachDatabase('GET /api/ready on a database', (database) => {
  it('is 200 with the database kind, without a token, once the database answers', async () => {
    const res = await dataTestApp(database.db).app.request('/api/ready');
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ ready: true, db: database.kind });
  });

  it('is 503 not_ready while the server stops', async () => {
    const { runtime } = dataTestApp(database.db);
    const app = createApp({ config: {}, services: { tokens: staticTokens([]), runtime, phase: () => 'stopping' } });
    const res = await app.request('/api/ready');
    expect(res.status).toBe(503);
    expect(await json(res)).toEqual({ error: { code: 'not_ready', message: 'Trellis is stopping.' } });
  });
});

describePostgres('GET /api/ready when the database goes away', () => {
  it('turns 503 not_ready, saying the database does not answer, once the database is gone', async () => {
    const name = `trellis_ready_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = openPostgresExecutor(TEST_POSTGRES_ADMIN_URL, { maxConnections: 1 });
    await admin.query(`create database ${name}`);
    const db = await openDatabase({ databaseUrl: TEST_POSTGRES_ADMIN_URL.replace(/\/postgres$/, `/${name}`), dataDir: '' });
    try {
      const { app } = dataTestApp(db);
      expect((await app.request('/api/ready')).status).toBe(200);
      await admin.query(`drop database ${name} with (force)`);
      const res = await app.request('/api/ready');
      expect(res.status).toBe(503);
      const { error } = await json(res);
      expect(error.code).toBe('not_ready');
      expect(error.message).toMatch(/^The database does not answer: /);
    } finally {
      await db.close().catch(() => undefined);
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.close();
    }
  });
});
