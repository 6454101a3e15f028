import { expect, it } from 'vitest';
import { claimDueLeads, nextDueAt, setLeadDueAt } from './due-leads.js';
import { openPostgresExecutor } from './postgres-executor.js';
import type { SqlExecutor } from './sql.js';
import { describeEachDatabase, describePostgres } from './test-databases.js';

const at = (iso: string) => new Date(iso);

async function addLeads(db: SqlExecutor, prefix: string, dueAts: (string | null)[]): Promise<void> {
  await db.query(
    `insert into leads (id, due_at)
     select $1 || n, (d.doc #>> '{}')::timestamptz
       from jsonb_array_elements($2::jsonb) with ordinality as d(doc, n)`,
    [prefix, dueAts],
  );
}

/** Workers that each claim a few due leads at a time and finish them, until none is left. */
async function drainWithWorkers(executors: SqlExecutor[], prefix: string, now: Date): Promise<string[]> {
  const claimed: string[] = [];
  await Promise.all(
    executors.map(async (db) => {
      for (;;) {
        const batch = await db.transaction(async (tx) => {
          const leads = (await claimDueLeads(tx, 3, now)).filter((lead) => lead.id.startsWith(prefix));
          // Hold the locks a moment so the workers overlap.
          await new Promise((resolve) => setTimeout(resolve, 5));
          for (const lead of leads) await setLeadDueAt(tx, lead.id, null);
          return leads.map((lead) => lead.id);
        });
        if (batch.length === 0) return;
        claimed.push(...batch);
      }
    }),
  );
  return claimed;
}

describeEachDatabase('claiming due leads', (database) => {
  it('claims leads due by now, earliest first, up to the limit', async () => {
    await addLeads(database.db, 'order-', [
      '2026-03-02T09:00:03Z',
      '2026-03-02T09:00:01Z',
      null,
      '2026-03-02T09:00:02Z',
      '2026-03-02T09:10:00Z',
    ]);
    const now = at('2026-03-02T09:05:00Z');
    const claimed = await database.db.transaction((tx) => claimDueLeads(tx, 2, now));
    expect(claimed).toEqual([
      { id: 'order-2', dueAt: at('2026-03-02T09:00:01Z') },
      { id: 'order-4', dueAt: at('2026-03-02T09:00:02Z') },
    ]);
    const all = await database.db.transaction((tx) => claimDueLeads(tx, 10, now));
    expect(all.map((lead) => lead.id)).toEqual(['order-2', 'order-4', 'order-1']);
    // Done with them: nothing is due until order-5 at 09:10.
    await database.db.transaction(async (tx) => {
      for (const lead of all) await setLeadDueAt(tx, lead.id, null);
    });
    expect(await database.db.transaction((tx) => claimDueLeads(tx, 10, now))).toEqual([]);
  });

  it("goes by the engine's clock, whatever the database's says: a lead due in 2999 is claimed when the engine says it is 3000", async () => {
    await addLeads(database.db, 'clock-', ['2000-01-01T00:00:00Z', '2999-01-01T00:00:00Z']);
    const claimed = await database.db.transaction((tx) => claimDueLeads(tx, 100, at('3000-01-01T00:00:00Z')));
    expect(claimed.filter((lead) => lead.id.startsWith('clock-'))).toEqual([
      { id: 'clock-1', dueAt: at('2000-01-01T00:00:00Z') },
      { id: 'clock-2', dueAt: at('2999-01-01T00:00:00Z') },
    ]);
    expect(await nextDueAt(database.db)).toEqual(at('2000-01-01T00:00:00Z'));
    await database.db.transaction(async (tx) => {
      await setLeadDueAt(tx, 'clock-1', null);
      await setLeadDueAt(tx, 'clock-2', null);
    });
  });

  it('hands each due lead to exactly one of several workers', async () => {
    await addLeads(database.db, 'work-', Array.from({ length: 30 }, (_, i) => `2026-03-02T09:00:${String(i).padStart(2, '0')}Z`));
    const claimed = await drainWithWorkers([database.db, database.db, database.db], 'work-', at('2026-03-02T10:00:00Z'));
    expect(claimed.sort()).toEqual(Array.from({ length: 30 }, (_, i) => `work-${i + 1}`).sort());
  });
});

describePostgres('claiming due leads from several connections', (database) => {
  it('skips the leads another transaction holds instead of waiting for them', async () => {
    await addLeads(database.db, 'held-', ['2026-03-02T09:00:01Z', '2026-03-02T09:00:02Z', '2026-03-02T09:00:03Z']);
    const now = at('2026-03-02T10:00:00Z');
    const other = openPostgresExecutor(database.databaseUrl!, { maxConnections: 1 });
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let firstClaimed!: () => void;
      const claimedByFirst = new Promise<void>((resolve) => (firstClaimed = resolve));
      const first = database.db.transaction(async (tx) => {
        const leads = await claimDueLeads(tx, 2, now);
        firstClaimed();
        await held;
        return leads.map((lead) => lead.id);
      });
      await claimedByFirst;
      const second = await other.transaction(async (tx) => (await claimDueLeads(tx, 10, now)).map((lead) => lead.id));
      release();
      expect(await first).toEqual(['held-1', 'held-2']);
      expect(second).toEqual(['held-3']);
    } finally {
      await other.close();
      await database.db.query(`update leads set due_at = null where id like 'held-%'`);
    }
  });

  it('never gives the same lead to workers on separate connection pools', async () => {
    await addLeads(database.db, 'pool-', Array.from({ length: 60 }, () => '2026-03-02T09:00:00Z'));
    const servers = Array.from({ length: 4 }, () => openPostgresExecutor(database.databaseUrl!, { maxConnections: 2 }));
    try {
      const claimed = await drainWithWorkers([...servers, ...servers], 'pool-', at('2026-03-02T10:00:00Z'));
      expect(claimed).toHaveLength(60);
      expect(new Set(claimed).size).toBe(60);
    } finally {
      await Promise.all(servers.map((server) => server.close()));
    }
  });
});
