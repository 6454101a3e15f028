import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { getHandoff, listHandoffs, returningHandoffs } from './lead-views.js';
import { upsertLead } from './leads.js';
import { completeTask, getTask, listTasks, openTask } from './tasks.js';
import { describeEachDatabase } from './test-databases.js';

describeEachDatabase('lead cards on handoffs and tasks', (database) => {
  /** A lead with an open handoff and an open task, in a queue and for an assignee of its own. */
  async function leadAtTheDesk(patch: Parameters<typeof upsertLead>[2]) {
    const db = database.db;
    const lead = `card-${randomUUID()}`;
    const queue = `queue-${lead}`;
    await upsertLead(db, lead, patch);
    await db.query(
      `insert into handoffs (lead_id, id, run_id, journey_id, node_id, queue, due_at) values ($1, $2, 'r1', 'j1', 'sales', $3, $4)`,
      [lead, `h-${lead}`, queue, new Date('2026-03-02T13:00:00Z')],
    );
    const task = await openTask(db, { leadId: lead, sendId: 's1', kind: 'call', title: 'Call', script: '', assignee: queue, dueAt: new Date() });
    return { lead, queue, task };
  }

  it('names the lead by first and last name, its email and its company, on handoffs and tasks alike', async () => {
    const { lead, queue, task } = await leadAtTheDesk({
      email: 'ada@example.com',
      attributes: { first_name: 'Ada', last_name: 'Lovelace', company: 'Analytical Engines' },
    });
    const card = { email: 'ada@example.com', name: 'Ada Lovelace', company: 'Analytical Engines' };
    expect(await listHandoffs(database.db, { queue })).toMatchObject([{ leadId: lead, lead: card }]);
    expect((await getHandoff(database.db, `h-${lead}`))?.lead).toEqual(card);
    expect(await listTasks(database.db, { assignee: queue })).toMatchObject([{ id: task.id, lead: card }]);
    expect((await getTask(database.db, task.id))?.lead).toEqual(card);
    expect((await completeTask(database.db, task.id, 'connected'))?.lead).toEqual(card);
    expect((await completeTask(database.db, task.id, 'again'))?.lead).toEqual(card);
  });

  it('reads camelCase names and a company object, and leaves out what is not text', async () => {
    const camel = await leadAtTheDesk({ attributes: { firstName: ' Bo ', company: { name: 'Bo & Co', size: 40 } } });
    expect((await listHandoffs(database.db, { queue: camel.queue }))[0]?.lead).toEqual({ email: null, name: 'Bo', company: 'Bo & Co' });
    const plain = await leadAtTheDesk({ email: 'cy@example.com', attributes: { name: 'Cy Young', first_name: '', company: { size: 40 } } });
    expect((await listTasks(database.db, { assignee: plain.queue }))[0]?.lead).toEqual({ email: 'cy@example.com', name: 'Cy Young', company: null });
    const bare = await leadAtTheDesk({ attributes: { first_name: 7, company: ['x'] } });
    expect((await listHandoffs(database.db, { queue: bare.queue }))[0]?.lead).toEqual({ email: null, name: null, company: null });
  });

  it('names a recycled lead coming back', async () => {
    const { lead, queue } = await leadAtTheDesk({ email: 'dee@example.com', attributes: { firstName: 'Dee', lastName: 'Dee' } });
    await database.db.query(`insert into runs (lead_id, id, journey_id, version, status, node_id) values ($1, 'r1', 'j1', 1, 'active', 'wait')`, [lead]);
    await database.db.query(`update handoffs set status = 'recycled', return_at = $2 where lead_id = $1`, [lead, new Date('2099-01-01T09:00:00Z')]);
    expect(await returningHandoffs(database.db, { now: new Date(), queue })).toMatchObject([
      { leadId: lead, lead: { email: 'dee@example.com', name: 'Dee Dee', company: null } },
    ]);
  });
});
