import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tablesDueForUpkeep, upkeepEmbeddedTables } from './embedded-upkeep.js';
import { leadIdsByEmail } from './lead-list.js';
import { migrate } from './migrate.js';
import { openPgliteExecutor, type EmbeddedExecutor } from './pglite-executor.js';

describe('tables due for upkeep', () => {
  it('are those never vacuumed that hold pages, and those that moved by a tenth and at least 8 pages', () => {
    expect(
      tablesDueForUpkeep([
        { name: 'empty', pagesThen: 0, pagesNow: 0 },
        { name: 'new', pagesThen: 0, pagesNow: 8 },
        { name: 'tiny', pagesThen: 0, pagesNow: 7 },
        { name: 'grown', pagesThen: 1000, pagesNow: 1100 },
        { name: 'barely', pagesThen: 1000, pagesNow: 1099 },
        { name: 'shrunk', pagesThen: 100, pagesNow: 80 },
      ]),
    ).toEqual(['new', 'grown', 'shrunk']);
  });
});

describe('upkeep of the embedded database', () => {
  let db: EmbeddedExecutor;
  beforeAll(async () => {
    db = await openPgliteExecutor({ upkeepEveryMs: 0 });
    await migrate(db);
  });
  afterAll(() => db.close());

  it('analyses a table that grew, so a lookup of 250 leads by email uses the index instead of reading all 20,000', async () => {
    await db.query(`insert into leads (id, email) select 'up-' || g, 'up-' || g || '@example.com' from generate_series(1, 20000) g`);
    const emails = Array.from({ length: 250 }, (_, i) => `up-${i * 7 + 1}@example.com`);
    const plan = async () => {
      let asked: { text: string; params?: readonly unknown[] } | undefined;
      await leadIdsByEmail({ query: async (text, params) => ((asked = { text, params }), []) }, emails);
      const rows = await db.query<{ 'QUERY PLAN': string }>(`explain ${asked!.text}`, asked!.params);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    };
    expect(await plan()).toMatch(/Seq Scan on leads/);
    const done = await upkeepEmbeddedTables(db);
    expect(done).toContain('public.leads');
    expect(await plan()).toMatch(/leads_email_key/);
    expect((await leadIdsByEmail(db, emails)).size).toBe(250);
    // Nothing changed since: nothing to do.
    expect(await upkeepEmbeddedTables(db)).toEqual([]);
  });
});
