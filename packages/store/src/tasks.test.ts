import { expect, it } from 'vitest';
import { upsertLead } from './leads.js';
import { completeTask, getTask, listTasks, openTask } from './tasks.js';
import { describeEachDatabase } from './test-databases.js';

describeEachDatabase('tasks', (database) => {
  const dueAt = new Date('2026-03-02T09:00:00Z');

  it('opens one task per send', async () => {
    await upsertLead(database.db, 'task-ada');
    const task = await openTask(database.db, {
      leadId: 'task-ada',
      sendId: 'send-1',
      journeyId: 'j1',
      kind: 'call',
      title: 'Call Ada',
      script: 'Ask about the demo.',
      assignee: 'sam@example.com',
      dueAt,
    });
    expect(task).toEqual({
      id: expect.any(String),
      leadId: 'task-ada',
      sendId: 'send-1',
      journeyId: 'j1',
      kind: 'call',
      title: 'Call Ada',
      script: 'Ask about the demo.',
      assignee: 'sam@example.com',
      dueAt,
      status: 'open',
      result: null,
      createdAt: expect.any(Date),
      completedAt: null,
    });
    const again = await openTask(database.db, { ...task, title: 'Another title', sendId: 'send-1' });
    expect(again).toEqual(task);
  });

  it('lists by status and assignee, soonest due first', async () => {
    await upsertLead(database.db, 'task-bo');
    const base = { leadId: 'task-bo', kind: 'voicemail' as const, title: 't', script: 's' };
    await openTask(database.db, { ...base, sendId: 'late', assignee: 'kim@example.com', dueAt: new Date('2026-03-03T00:00:00Z') });
    await openTask(database.db, { ...base, sendId: 'early', assignee: 'kim@example.com', dueAt: new Date('2026-03-01T00:00:00Z') });
    await openTask(database.db, { ...base, sendId: 'other', assignee: 'lee@example.com', dueAt });
    const kims = await listTasks(database.db, { status: 'open', assignee: 'kim@example.com' });
    expect(kims.map((t) => t.sendId)).toEqual(['early', 'late']);
  });

  it('completes an open task once; completing again keeps the first result; unknown is null', async () => {
    await upsertLead(database.db, 'task-cy');
    const task = await openTask(database.db, { leadId: 'task-cy', sendId: 's', kind: 'call', title: 't', script: 's', dueAt });
    const done = await completeTask(database.db, task.id, 'connected');
    expect(done).toMatchObject({ id: task.id, status: 'done', result: 'connected', completedAt: expect.any(Date) });
    expect(await completeTask(database.db, task.id, 'no_answer')).toEqual(done);
    expect(await getTask(database.db, task.id)).toEqual(done);
    expect(await completeTask(database.db, 'no-such-task', 'x')).toBeNull();
    const open = await listTasks(database.db, { status: 'open' });
    expect(open.map((t) => t.id)).not.toContain(task.id);
  });
});
