import { expect, it } from 'vitest';
import { lockHandoffLead, recordHandoffAnswer } from './handoff-answers.js';
import {
  activeRunIds,
  journeyCounters,
  journeyVersionDocuments,
  markJourneyLeadsDue,
  publishedJourneyStatuses,
  releaseHeldSends,
} from './engine-journeys.js';
import { createJourney, publishJourney, setJourneyStatus } from './journeys.js';
import { claimSegmentSweepPage, finishSegmentSweepPage, queueSegmentSweep } from './segment-sweeps.js';
import type { SqlExecutor } from './sql.js';
import { describeEachDatabase } from './test-databases.js';

const at = (iso: string) => new Date(iso);

const document = (sendNode: string) => ({
  nodes: [
    { id: 't', type: 'trigger' },
    { id: sendNode, type: 'send' },
    { id: 'w', type: 'wait' },
  ],
});

async function addRun(db: SqlExecutor, leadId: string, journeyId: string, nodeId: string, { status = 'active', wakeAt = null as string | null } = {}) {
  await db.query(`insert into leads (id) values ($1) on conflict do nothing`, [leadId]);
  await db.query(
    `insert into runs (lead_id, id, journey_id, version, status, node_id, wake_at) values ($1, $2, $3, 1, $4, $5, $6)`,
    [leadId, `${journeyId}-${leadId}-${nodeId}`, journeyId, status, nodeId, wakeAt],
  );
}

const dueAtOf = async (db: SqlExecutor, leadId: string) =>
  (await db.query<{ dueAt: Date | null }>(`select due_at as "dueAt" from leads where id = $1`, [leadId]))[0]!.dueAt;

describeEachDatabase('what the engine reads and changes about journeys', (database) => {
  it('lists published journeys with their status, and reads the documents of the versions asked for', async () => {
    await createJourney(database.db, { id: 'pub-a', name: 'A', draft: document('s') });
    await createJourney(database.db, { id: 'pub-draft', name: 'Draft', draft: document('s') });
    await publishJourney(database.db, 'pub-a', document('s'));
    await publishJourney(database.db, 'pub-a', document('s2'));
    await setJourneyStatus(database.db, 'pub-a', 'paused');
    const statuses = (await publishedJourneyStatuses(database.db)).filter((j) => j.id.startsWith('pub-'));
    expect(statuses).toEqual([{ id: 'pub-a', status: 'paused', publishedVersion: 2 }]);
    const documents = await journeyVersionDocuments(database.db, [
      { journeyId: 'pub-a', version: 1 },
      { journeyId: 'pub-a', version: 9 },
    ]);
    expect(documents).toEqual([{ journeyId: 'pub-a', version: 1, document: document('s') }]);
    expect(await journeyVersionDocuments(database.db, [])).toEqual([]);
  });

  it("reads a journey's counters, empty before any lead", async () => {
    expect(await journeyCounters(database.db, 'counted')).toEqual({ nodes: [], outcomes: [] });
    await database.db.query(`insert into node_stats (journey_id, node_id, current, entered) values ('counted', 'w', 2, 5), ('counted', 'a', 0, 1)`);
    await database.db.query(`insert into outcome_stats (journey_id, outcome, count) values ('counted', 'done', 3)`);
    expect(await journeyCounters(database.db, 'counted')).toEqual({
      nodes: [
        { nodeId: 'a', current: 0, entered: 1 },
        { nodeId: 'w', current: 2, entered: 5 },
      ],
      outcomes: [{ outcome: 'done', count: 3 }],
    });
  });

  it("releases the sends a pause held, at the engine's time, and leaves waits and finished runs alone", async () => {
    await createJourney(database.db, { id: 'held', name: 'Held', draft: document('mail') });
    await publishJourney(database.db, 'held', document('mail'));
    await addRun(database.db, 'held-1', 'held', 'mail');
    await addRun(database.db, 'held-2', 'held', 'w');
    await addRun(database.db, 'held-3', 'held', 'mail', { status: 'done' });
    await database.db.query(`update leads set due_at = '2020-01-01T00:00:00Z' where id = 'held-1'`);
    const now = at('2030-05-01T10:00:00Z');
    expect(await database.db.transaction((tx) => releaseHeldSends(tx, 'held', now))).toBe(1);
    // An earlier due time stays: the lead was already due.
    expect(await dueAtOf(database.db, 'held-1')).toEqual(at('2020-01-01T00:00:00Z'));
    expect(await dueAtOf(database.db, 'held-2')).toBeNull();
    const [run] = await database.db.query<{ wakeAt: Date }>(`select wake_at as "wakeAt" from runs where lead_id = 'held-1'`);
    expect(run!.wakeAt).toEqual(now);
  });

  it("makes every lead with an active run in the journey due at the engine's time, and names a lead's active runs", async () => {
    await addRun(database.db, 'arch-1', 'arch', 'w', { wakeAt: '2031-01-01T00:00:00Z' });
    await addRun(database.db, 'arch-2', 'arch', 'w', { status: 'done' });
    await addRun(database.db, 'arch-1', 'arch', 'mail');
    const now = at('2030-05-01T10:00:00Z');
    expect(await database.db.transaction((tx) => markJourneyLeadsDue(tx, 'arch', now))).toBe(1);
    expect(await dueAtOf(database.db, 'arch-1')).toEqual(now);
    expect(await dueAtOf(database.db, 'arch-2')).toBeNull();
    expect(await activeRunIds(database.db, 'arch-1', 'arch')).toEqual(['arch-arch-1-mail', 'arch-arch-1-w']);
    expect(await activeRunIds(database.db, 'arch-2', 'arch')).toEqual([]);
  });

  it('sweeps a segment journey over the leads a page at a time, once, and remembers where it stopped', async () => {
    await database.db.query(`insert into leads (id) select 'sweep-' || n from generate_series(1, 5) as n`);
    await queueSegmentSweep(database.db, 'seg', 1);
    await queueSegmentSweep(database.db, 'seg', 1);
    await database.db.query(`update segment_sweeps set after_lead_id = 'sweep-' where journey_id = 'seg'`);
    const pages: string[][] = [];
    for (;;) {
      const page = await database.db.transaction(async (tx) => {
        const claimed = await claimSegmentSweepPage(tx, 2);
        if (claimed) await finishSegmentSweepPage(tx, claimed, 2);
        return claimed;
      });
      if (!page) break;
      pages.push(page.leadIds.filter((id) => id.startsWith('sweep-')));
    }
    expect(pages).toEqual([['sweep-1', 'sweep-2'], ['sweep-3', 'sweep-4'], ['sweep-5']]);
  });

  it('answers a handoff under its lead\'s lock: the status as it is now, the answer and its note stored', async () => {
    await database.db.query(`insert into leads (id) values ('answered')`);
    await database.db.query(
      `insert into handoffs (lead_id, id, run_id, journey_id, node_id, queue, status) values ('answered', 'h-1', 'r-1', 'j', 'sales', 'q', 'open')`,
    );
    expect(await database.db.transaction((tx) => lockHandoffLead(tx, 'nope'))).toBeNull();
    await database.db.transaction(async (tx) => {
      expect(await lockHandoffLead(tx, 'h-1')).toEqual({ leadId: 'answered', runId: 'r-1', status: 'open' });
      await recordHandoffAnswer(tx, {
        leadId: 'answered',
        handoffId: 'h-1',
        answer: 'recycled',
        note: 'Call back after budget season',
        author: 'Sales Person',
        at: at('2030-05-01T10:00:00Z'),
        returnAt: at('2030-08-01T09:00:00Z'),
      });
    });
    const [handoff] = await database.db.query(
      `select status, note, answered_at as "answeredAt", answered_by as "answeredBy", return_at as "returnAt" from handoffs where id = 'h-1'`,
    );
    expect(handoff).toEqual({
      status: 'recycled',
      note: 'Call back after budget season',
      answeredAt: at('2030-05-01T10:00:00Z'),
      answeredBy: 'Sales Person',
      returnAt: at('2030-08-01T09:00:00Z'),
    });
    const notes = await database.db.query(`select author, body, handoff_id as "handoffId" from lead_notes where lead_id = 'answered'`);
    expect(notes).toEqual([{ author: 'Sales Person', body: 'Call back after budget season', handoffId: 'h-1' }]);
  });
});
