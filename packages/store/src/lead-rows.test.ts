import { expect, it } from 'vitest';
import { noLeadWorkChanges, saveLeadWork } from './lead-work.js';
import { describeEachDatabase } from './test-databases.js';

/**
 * A batch writes each lead row at most once: its changed fields and its next due_at in one
 * update; fields a change leaves out keep their values; a lead with nothing new is not written.
 */
describeEachDatabase('saving lead rows', (database) => {
  it('writes changed fields and due_at in one update per lead, and none for a lead with nothing new', async () => {
    const db = database.db;
    const due = new Date('2026-03-03T09:00:00.000Z');
    await db.query(
      `insert into leads (id, email, score, stage, attributes, consent, due_at)
       values ('rows-a', 'a@example.com', 5, 'lead', '{"industry":"retail"}', '{"email":"granted"}', null),
              ('rows-b', 'b@example.com', 7, 'mql', '{}', '{}', $1)`,
      [due],
    );
    const written = await db.transaction(async (tx) => {
      const changes = noLeadWorkChanges();
      changes.leads.push({ id: 'rows-a', score: 55, stage: 'mql', email: null });
      changes.dueAt.push({ leadId: 'rows-a', dueAt: due }, { leadId: 'rows-b', dueAt: due });
      await saveLeadWork(tx, changes);
      const [stats] = await tx.query<{ updates: number }>(`select n_tup_upd::int as updates from pg_stat_xact_user_tables where relname = 'leads'`);
      return stats!.updates;
    });
    // rows-a once (fields and due_at together), rows-b not at all (its due_at was already that).
    expect(written).toBe(1);
    const rows = await db.query(
      `select id, email, score, stage, attributes, consent, due_at as "dueAt" from leads where id like 'rows-%' order by id`,
    );
    expect(rows).toEqual([
      { id: 'rows-a', email: null, score: 55, stage: 'mql', attributes: { industry: 'retail' }, consent: { email: 'granted' }, dueAt: due },
      { id: 'rows-b', email: 'b@example.com', score: 7, stage: 'mql', attributes: {}, consent: {}, dueAt: due },
    ]);
  });

  it('clears due_at when the lead has nothing more to do, and writes attributes given', async () => {
    const db = database.db;
    await db.query(`insert into leads (id, due_at) values ('rows-c', '2026-03-01T00:00:00Z')`);
    const changes = noLeadWorkChanges();
    changes.leads.push({ id: 'rows-c', attributes: { company: { size: 200 } } });
    changes.dueAt.push({ leadId: 'rows-c', dueAt: null });
    await db.transaction((tx) => saveLeadWork(tx, changes));
    expect(await db.query(`select attributes, due_at as "dueAt" from leads where id = 'rows-c'`)).toEqual([{ attributes: { company: { size: 200 } }, dueAt: null }]);
  });
});
