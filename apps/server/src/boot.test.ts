import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataDirLockedError } from '@trellis/store';
import { describePostgres } from '@trellis/store/test-databases';
import { describe, expect, it } from 'vitest';
import { bootTrellis, type BootOptions } from './boot.js';
import { readConfig } from './config.js';
import { json, welcomeJourney } from './testing.js';

/** The start-up wiring on the embedded database in a real data directory, as `npm start` runs it. */

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));
/** Every example template is saved: as many as the examples' templates file holds. */
const EXAMPLE_TEMPLATES = (JSON.parse(readFileSync(join(EXAMPLES, 'templates', 'templates.json'), 'utf8')) as unknown[]).length;

function options(dataDir: string, examplesDir = EXAMPLES, databaseUrl?: string): BootOptions {
  return {
    config: readConfig({ TRELLIS_DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) }),
    admin: { token: 'boot-admin', source: 'env' },
    env: {},
    examplesDir,
    log: () => undefined,
  };
}

const asAdmin = { authorization: 'Bearer boot-admin' };

describe('booting Trellis', () => {
  it('publishes the example journeys into an empty database, keeps data across restarts, and never reloads the examples', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'trellis-boot-'));
    const first = await bootTrellis(options(dataDir));
    try {
      expect(first.examples.templates).toHaveLength(EXAMPLE_TEMPLATES);
      expect(first.examples.journeys.map((e) => [e.id, e.outcome])).toEqual([
        ['incoming-lead-processing', { version: 1 }],
        ['lead-recycling', { version: 1 }],
        ['nurture-accelerator', { version: 1 }],
        ['speed-to-lead', { version: 1 }],
        ['stay-in-touch-drip', { version: 1 }],
      ]);
      expect(await json(await first.app.request('/api/health'))).toEqual({ ok: true, db: 'embedded' });
      const second = bootTrellis(options(dataDir));
      await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
      await expect(second).rejects.toThrow(`another Trellis server (pid ${process.pid}) is using ${dataDir}`);
      const created = await first.app.request('/api/journeys', {
        method: 'POST',
        headers: { ...asAdmin, 'content-type': 'application/json' },
        body: JSON.stringify(welcomeJourney),
      });
      expect(created.status).toBe(201);
    } finally {
      await first.stop();
    }

    const again = await bootTrellis(options(dataDir));
    try {
      expect(again.examples).toEqual({ journeys: [], templates: [] });
      const { journeys } = await json(await again.app.request('/api/journeys', { headers: asAdmin }));
      expect(journeys.map((j: { name: string }) => j.name).sort()).toEqual([
        'Incoming lead processing',
        'Lead recycling',
        'Nurture accelerator',
        'Speed-to-lead response',
        'Stay-in-touch drip',
        'Welcome',
      ]);
    } finally {
      await again.stop();
    }
  }, 120_000);

  it('keeps an example with problems as a draft and starts anyway', async () => {
    const examplesDir = mkdtempSync(join(tmpdir(), 'trellis-examples-'));
    mkdirSync(examplesDir, { recursive: true });
    writeFileSync(join(examplesDir, 'broken.json'), JSON.stringify({ ...welcomeJourney, name: 'Broken', edges: [] }));
    const trellis = await bootTrellis(options(mkdtempSync(join(tmpdir(), 'trellis-boot-')), examplesDir));
    try {
      expect(trellis.examples).toEqual({ journeys: [{ id: 'broken', name: 'Broken', outcome: { problems: expect.any(Number) } }], templates: [], scoring: false, senders: [] });
    } finally {
      await trellis.stop();
    }
  }, 120_000);
});

describePostgres('booting Trellis on a PostgreSQL server', (database) => {
  it('saves the example journeys as drafts: examples never go live by themselves on a real database', async () => {
    await database.db.query(`delete from journeys`);
    const trellis = await bootTrellis(options(mkdtempSync(join(tmpdir(), 'trellis-boot-')), EXAMPLES, database.databaseUrl));
    try {
      expect(trellis.examples.templates).toHaveLength(EXAMPLE_TEMPLATES);
      expect(trellis.examples.journeys.map((e) => [e.id, e.outcome])).toEqual([
        ['incoming-lead-processing', { draft: true }],
        ['lead-recycling', { draft: true }],
        ['nurture-accelerator', { draft: true }],
        ['speed-to-lead', { draft: true }],
        ['stay-in-touch-drip', { draft: true }],
      ]);
      const { journeys } = await json(await trellis.app.request('/api/journeys', { headers: asAdmin }));
      expect(journeys.map((j: { status: string; publishedVersion: number | null }) => [j.status, j.publishedVersion])).toEqual(
        Array.from({ length: 5 }, () => ['draft', null]),
      );
    } finally {
      await trellis.stop();
    }
  }, 120_000);
});
