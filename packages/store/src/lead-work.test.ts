import { expect, it } from 'vitest';
import { loadLeadWork, saveLeadWork, type LeadWorkChanges } from './lead-work.js';
import { describeEachDatabase } from './test-databases.js';

/** The engine's batch writes go as array literals: every character must come back as it went in. */

const NASTY = 'a "quoted", back\\slash, {braces}, NULL, comma,; newline\n, tab\t, émoji 🚀';

function changesFor(leadId: string): LeadWorkChanges {
  const at = new Date('2026-03-02T09:00:00.000Z');
  return {
    leads: [],
    runs: [
      {
        leadId,
        id: 'run-1',
        journeyId: 'j',
        version: 1,
        status: 'active',
        nodeId: 'wait',
        state: { note: NASTY, stepCount: 2 },
        wakeAt: new Date('2026-03-03T09:00:00.000Z'),
        outcome: null,
        enteredAt: at,
        endedAt: null,
      },
    ],
    steps: [
      { leadId, runId: 'run-1', seq: 0, nodeId: 'trigger', at, handle: 'NULL' },
      { leadId, runId: 'run-1', seq: 1, nodeId: 'wait', at, handle: null },
    ],
    leftSteps: [],
    sends: [
      {
        leadId,
        id: 'run-1.0',
        runId: 'run-1',
        journeyId: 'j',
        nodeId: 'hello',
        channel: 'email',
        template: NASTY,
        status: 'sent',
        at,
        payload: { lead: { attributes: { quote: NASTY } } },
      },
    ],
    handoffsOpened: [],
    handoffsClosed: [],
    emittedEvents: [],
    processedEvents: [],
    nodeStats: [],
    outcomes: [],
    dueAt: [{ leadId, dueAt: null }],
  };
}

describeEachDatabase('lead work', (database) => {
  it('writes runs, steps and sends with any characters in them, and reads them back unchanged', async () => {
    const leadId = 'lead "with" {odd}, id';
    await database.db.query(`insert into leads (id, due_at) values ($1, now())`, [leadId]);
    await database.db.transaction((tx) => saveLeadWork(tx, changesFor(leadId)));

    const work = await database.db.transaction((tx) => loadLeadWork(tx, [leadId], { history: false, sendsSince: new Date(0) }));
    expect(work.runs).toEqual([
      { leadId, id: 'run-1', journeyId: 'j', version: 1, state: { note: NASTY, stepCount: 2 }, wakeAt: new Date('2026-03-03T09:00:00.000Z') },
    ]);
    expect(work.recentSends).toEqual([{ leadId, channel: 'email', at: new Date('2026-03-02T09:00:00.000Z') }]);
    const [send] = await database.db.query<{ template: string; payload: unknown }>(`select template, payload from sends where lead_id = $1`, [leadId]);
    expect(send).toEqual({ template: NASTY, payload: { lead: { attributes: { quote: NASTY } } } });
    const steps = await database.db.query(`select seq, node_id as "nodeId", handle from steps where lead_id = $1 order by seq`, [leadId]);
    expect(steps).toEqual([
      { seq: 0, nodeId: 'trigger', handle: 'NULL' },
      { seq: 1, nodeId: 'wait', handle: null },
    ]);
    const [lead] = await database.db.query<{ dueAt: Date | null }>(`select due_at as "dueAt" from leads where id = $1`, [leadId]);
    expect(lead!.dueAt).toBeNull();
  });

  it('sets the handle of a step the lead left, keeping when it entered; reads active runs and when each journey last ended', async () => {
    const leadId = 'lead-left';
    await database.db.query(`insert into leads (id, due_at) values ($1, now())`, [leadId]);
    await database.db.transaction((tx) => saveLeadWork(tx, changesFor(leadId)));

    const later = new Date('2026-03-03T09:00:00.000Z');
    const done = (id: string, journeyId: string, endedAt: string) => ({
      leadId,
      id,
      journeyId,
      version: 1,
      status: 'done' as const,
      nodeId: 'x',
      state: { stepCount: 1 },
      wakeAt: null,
      outcome: 'completed',
      enteredAt: new Date('2026-01-01T00:00:00.000Z'),
      endedAt: new Date(endedAt),
    });
    await database.db.transaction((tx) =>
      saveLeadWork(tx, {
        ...changesFor(leadId),
        runs: [done('run-1', 'j', '2026-03-03T09:00:00.000Z'), done('run-0', 'j', '2026-02-01T00:00:00.000Z'), done('run-k', 'k', '2026-02-15T00:00:00.000Z')],
        steps: [{ leadId, runId: 'run-1', seq: 2, nodeId: 'x', at: later, handle: null }],
        // Where and when the lead entered come along; only the handle is written.
        leftSteps: [{ leadId, runId: 'run-1', seq: 1, nodeId: 'wait', at: later, handle: 'out' }],
        sends: [],
        dueAt: [{ leadId, dueAt: later }],
      }),
    );

    const steps = await database.db.query(`select seq, node_id as "nodeId", at, handle from steps where lead_id = $1 order by seq`, [leadId]);
    const at = new Date('2026-03-02T09:00:00.000Z');
    expect(steps).toEqual([
      { seq: 0, nodeId: 'trigger', at, handle: 'NULL' },
      { seq: 1, nodeId: 'wait', at, handle: 'out' },
      { seq: 2, nodeId: 'x', at: later, handle: null },
    ]);
    const leads = await database.db.query(`select id, due_at as "dueAt" from leads where id like 'lead-left%'`);
    expect(leads).toEqual([{ id: leadId, dueAt: later }]);

    await database.db.transaction((tx) =>
      saveLeadWork(tx, { ...changesFor(leadId), runs: [{ ...changesFor(leadId).runs[0]!, id: 'run-2' }], steps: [], sends: [] }),
    );
    const work = await database.db.transaction((tx) => loadLeadWork(tx, [leadId], { history: false, sendsSince: null }));
    expect(work.runs.map((r) => r.id)).toEqual(['run-2']);
    expect(work.lastEnded.sort((a, b) => a.journeyId.localeCompare(b.journeyId))).toEqual([
      { leadId, journeyId: 'j', endedAt: new Date('2026-03-03T09:00:00.000Z') },
      { leadId, journeyId: 'k', endedAt: new Date('2026-02-15T00:00:00.000Z') },
    ]);
  });
});
