import { compileJourney, journeySchema, machineStateValue, type RunState } from '@trellis/journey';
import { createJourney, journeyMoves, leadTimeline, saveJourneyDraft, type SqlExecutor } from '@trellis/store';
import { describeEachDatabase, describePostgres } from '@trellis/store/test-databases';
import { storeTemplatesOf } from '@trellis/store/test-templates';
import { expect, it } from 'vitest';
import { Engine, EngineError } from '../src/index.js';

/**
 * Live edits (docs/live-edits.md): publishing a new version with `inFlight: 'move'` puts the
 * leads inside on it. A lead at a wait wakes at the new wait's time counted from when it entered;
 * a lead being processed by a worker is moved after the worker commits, never half.
 */

const at = { x: 0, y: 0 };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-03-02T09:00:00Z');

/** Each test's journey starts on its own event, so the journeys of the tests before it take none of its leads. */
let trigger = 'form_submitted';

function drip(wait: string, second = 'P3D') {
  return {
    schemaVersion: 1,
    name: 'Drip',
    settings: {},
    nodes: [
      { id: 't', type: 'trigger', position: at, data: { on: { event: trigger } } },
      { id: 'w', type: 'wait', position: at, data: { for: wait } },
      { id: 'hello', type: 'send', position: at, data: { channel: 'email', template: 'live-edit-hello' } },
      { id: 'w2', type: 'wait', position: at, data: { for: second } },
      { id: 'x', type: 'exit', position: at, data: { outcome: 'done' } },
    ],
    edges: [
      { id: 'e1', source: 't', target: 'w' },
      { id: 'e2', source: 'w', target: 'hello' },
      { id: 'e3', source: 'hello', target: 'w2' },
      { id: 'e4', source: 'w2', target: 'x' },
    ],
  };
}

interface StoredRun {
  leadId: string;
  version: number;
  nodeId: string;
  wakeAt: Date | null;
  state: RunState & { machine: unknown; stepCount: number };
}

const runsOf = (db: SqlExecutor, journeyId: string) =>
  db.query<StoredRun>(
    `select lead_id as "leadId", version, node_id as "nodeId", wake_at as "wakeAt", state from runs where journey_id = $1 order by lead_id`,
    [journeyId],
  );

async function setUp(db: SqlExecutor, clock: { now: number }, leads: number, groups: number, spacingMs: number, firstWait = 'P3D') {
  const suffix = Math.random().toString(36).slice(2, 8);
  const journeyId = `live-${suffix}`;
  trigger = `signed_up_${suffix}`;
  const engine = new Engine(db, { now: () => clock.now, batchSize: 50 });
  await storeTemplatesOf(db, drip(firstWait));
  await createJourney(db, { id: journeyId, name: 'Drip', draft: drip(firstWait) });
  expect(await engine.publish(journeyId)).toEqual({ version: 1 });
  const perGroup = leads / groups;
  for (let g = 0; g < groups; g++) {
    clock.now = T0 + g * spacingMs;
    const events = Array.from({ length: perGroup }, (_, i) => ({
      id: `ev-${g}-${i}`,
      leadId: `lead-${suffix}-${String(g * perGroup + i).padStart(4, '0')}`,
      type: trigger,
    }));
    await engine.ingest(events);
    await engine.worker.drain();
  }
  return { engine, journeyId, suffix };
}

describeEachDatabase('publishing with in-flight leads', (database) => {
  it('moves 1,000 leads at a 3-day wait onto a 1-day wait: those past a day go on at once, the rest at their new time, none lost or doubled', async () => {
    const db = database.db;
    const clock = { now: T0 };
    // Ten groups of 100 leads, entering 6 hours apart (0 h … 54 h after T0).
    const { engine, journeyId } = await setUp(db, clock, 1_000, 10, 6 * HOUR);
    clock.now = T0 + 60 * HOUR;
    await saveJourneyDraft(db, journeyId, { name: 'Drip', draft: drip('P1D') });

    const preview = await engine.previewPublish(journeyId);
    expect(preview.version).toBe(2);
    expect(preview.inFlight).toEqual([{ fromVersion: 1, fromNode: 'w', toNode: 'w', leads: 1_000 }]);
    expect(preview.changes.map((c) => c.text)).toEqual(['Changed wait w']);

    expect(await engine.publish(journeyId, { inFlight: 'move' })).toEqual({ version: 2, moved: 1_000, stayed: 0 });
    const moved = await runsOf(db, journeyId);
    expect(moved).toHaveLength(1_000);
    for (const run of moved) {
      expect(run.version).toBe(2);
      expect(run.state.machine).toBe('w');
      expect(run.wakeAt!.getTime()).toBe(run.state.nodeEnteredAt + DAY);
    }
    const [history] = await journeyMoves(db, journeyId);
    expect(history).toMatchObject({ version: 2, moved: 1_000, stayed: 0, nodes: [{ fromVersion: 1, fromNode: 'w', toNode: 'w', leads: 1_000 }] });
    expect(history!.finishedAt).not.toBeNull();

    // At 60 h the seven groups that entered at 36 h or before are a day in: they are sent on now.
    await engine.worker.drain();
    const sentNow = await db.query<{ n: number }>(`select count(*)::int as n from sends where journey_id = $1`, [journeyId]);
    expect(sentNow[0]!.n).toBe(700);
    // The other three go on at their new wake-up, a day after they entered.
    for (const [hours, total] of [[66, 800], [72, 900], [78, 1_000]] as const) {
      clock.now = T0 + hours * HOUR;
      await engine.worker.drain();
      const sends = await db.query<{ n: number; leads: number }>(
        `select count(*)::int as n, count(distinct lead_id)::int as leads from sends where journey_id = $1`,
        [journeyId],
      );
      expect(sends[0]).toEqual({ n: total, leads: total });
    }
    const afterAll = await runsOf(db, journeyId);
    expect(afterAll.map((r) => [r.version, r.nodeId])).toEqual(Array.from({ length: 1_000 }, () => [2, 'w2']));
    const stats = await db.query<{ nodeId: string; current: number }>(
      `select node_id as "nodeId", current::int from node_stats where journey_id = $1 and current <> 0`,
      [journeyId],
    );
    expect(stats).toEqual([{ nodeId: 'w2', current: 1_000 }]);

    const timeline = await leadTimeline(db, afterAll[0]!.leadId);
    const movedItems = timeline.filter((item) => item.kind === 'event' && item.type === 'journey_moved');
    expect(movedItems).toHaveLength(1);
    expect(movedItems[0]).toMatchObject({
      props: { journeyId, fromVersion: 1, fromNode: 'w', fromTitle: 'Wait 3 days', toVersion: 2, toNode: 'w', toTitle: 'Wait 1 day' },
    });
  }, 120_000);

  it('keeps the leads on their version with `stay`, and refuses a draft with no changes', async () => {
    const db = database.db;
    const clock = { now: T0 };
    const { engine, journeyId } = await setUp(db, clock, 20, 2, 12 * HOUR);
    clock.now = T0 + 30 * HOUR;
    await expect(engine.publish(journeyId)).rejects.toThrow(EngineError);
    await expect(engine.publish(journeyId)).rejects.toMatchObject({ code: 'no_changes' });
    // The same journey with its keys in another order and its nodes elsewhere is no change either.
    const reordered = drip('P3D');
    const shuffled = { edges: reordered.edges, nodes: reordered.nodes.map((n) => ({ data: n.data, position: { x: 5, y: 9 }, type: n.type, id: n.id })), settings: {}, name: 'Drip', schemaVersion: 1 };
    await saveJourneyDraft(db, journeyId, { name: 'Drip', draft: shuffled });
    await expect(engine.publish(journeyId)).rejects.toMatchObject({ code: 'no_changes' });

    await saveJourneyDraft(db, journeyId, { name: 'Drip', draft: drip('P1D') });
    expect(await engine.publish(journeyId, { inFlight: 'stay' })).toEqual({ version: 2 });
    const runs = await runsOf(db, journeyId);
    expect(runs.map((r) => [r.version, r.wakeAt!.getTime() - r.state.nodeEnteredAt])).toEqual(Array.from({ length: 20 }, () => [1, 3 * DAY]));
    expect(await journeyMoves(db, journeyId)).toEqual([]);
  }, 60_000);

  it('leaves a lead whose node has no target on its version, and follows the map to a renamed wait', async () => {
    const db = database.db;
    const clock = { now: T0 };
    const { engine, journeyId } = await setUp(db, clock, 10, 1, 0);
    clock.now = T0 + HOUR;
    const renamed = drip('P3D');
    renamed.nodes[1] = { id: 'pause', type: 'wait', position: at, data: { for: 'PT2H' } };
    renamed.edges = renamed.edges.map((e) => ({ ...e, source: e.source === 'w' ? 'pause' : e.source, target: e.target === 'w' ? 'pause' : e.target }));
    await saveJourneyDraft(db, journeyId, { name: 'Drip', draft: renamed });
    expect((await engine.previewPublish(journeyId)).inFlight).toEqual([{ fromVersion: 1, fromNode: 'w', toNode: null, leads: 10 }]);
    expect((await engine.previewPublish(journeyId, { w: 'hello' })).mapProblems).toEqual([
      { path: ['map', 'w'], message: 'leads at wait "w" can only move to a wait; "hello" is a send' },
    ]);

    expect(await engine.publish(journeyId, { inFlight: 'move', map: { w: 'pause' } })).toEqual({ version: 2, moved: 10, stayed: 0 });
    const runs = await runsOf(db, journeyId);
    expect(runs.map((r) => [r.version, r.nodeId, r.state.machine, r.wakeAt!.getTime()])).toEqual(Array.from({ length: 10 }, () => [2, 'pause', 'pause', T0 + 2 * HOUR]));
    // The path shows the lead at the new node; the live counts moved with it.
    const steps = await db.query<{ nodeId: string }>(`select node_id as "nodeId" from steps where lead_id = $1 order by seq`, [runs[0]!.leadId]);
    expect(steps.map((s) => s.nodeId)).toEqual(['t', 'w', 'pause']);
    const stats = await db.query<{ nodeId: string; current: number }>(
      `select node_id as "nodeId", current::int from node_stats where journey_id = $1 and current <> 0`,
      [journeyId],
    );
    expect(stats).toEqual([{ nodeId: 'pause', current: 10 }]);

    // Version 3 drops the wait altogether: with no map, the leads stay on version 2.
    const without = drip('P3D');
    without.nodes.splice(1, 1);
    without.edges = [{ id: 'e1', source: 't', target: 'hello' }, ...without.edges.slice(2)];
    await saveJourneyDraft(db, journeyId, { name: 'Drip', draft: without });
    expect(await engine.publish(journeyId, { inFlight: 'move' })).toEqual({ version: 3, moved: 0, stayed: 10 });
    expect((await runsOf(db, journeyId)).every((r) => r.version === 2)).toBe(true);

    // And they go on in version 2 as before.
    clock.now = T0 + 3 * HOUR;
    await engine.worker.drain();
    expect((await runsOf(db, journeyId)).map((r) => [r.version, r.nodeId])).toEqual(Array.from({ length: 10 }, () => [2, 'w2']));
  }, 60_000);

  it('moves leads beside a running worker without half-moving one: each is moved before or after the worker steps it, never during', async () => {
    const db = database.db;
    const clock = { now: T0 };
    const { engine, journeyId } = await setUp(db, clock, 300, 1, 0, 'P1D');
    // A day and an hour on, every lead's first wait is over: the worker steps them all to w2
    // while the publish moves them onto version 2, whose w2 is five days.
    clock.now = T0 + DAY + HOUR;
    const v2 = drip('P1D', 'P5D');
    await saveJourneyDraft(db, journeyId, { name: 'Drip', draft: v2 });
    const worker = new Engine(db, { now: () => clock.now, batchSize: 10, concurrency: 2, pollMs: 5 });
    await worker.start();
    try {
      expect(await engine.publish(journeyId, { inFlight: 'move' })).toMatchObject({ version: 2, moved: 300 });
    } finally {
      await worker.stop();
    }
    await engine.worker.drain();

    const compiled = compileJourney(journeySchema.parse(v2));
    const runs = await runsOf(db, journeyId);
    expect(runs).toHaveLength(300);
    for (const run of runs) {
      // Had the worker written back a run it read before the move, the run would be on
      // version 2 with version 1's three-day wake-up, or the move's event would be missing.
      expect([run.version, run.nodeId, run.state.nodeId]).toEqual([2, 'w2', 'w2']);
      expect(run.wakeAt!.getTime()).toBe(clock.now + 5 * DAY);
      expect(run.state.machine).toEqual(machineStateValue(compiled, run.state));
    }
    const events = await db.query<{ leadId: string; n: number }>(
      `select lead_id as "leadId", count(*)::int as n from events where type = 'journey_moved' and lead_id = any($1::text[]) group by lead_id`,
      [runs.map((r) => r.leadId)],
    );
    expect(events.length).toBe(300);
    expect(events.every((e) => e.n === 1)).toBe(true);
    const sends = await db.query<{ n: number; leads: number }>(
      `select count(*)::int as n, count(distinct lead_id)::int as leads from sends where journey_id = $1`,
      [journeyId],
    );
    expect(sends[0]).toEqual({ n: 300, leads: 300 });
    const stats = await db.query<{ nodeId: string; current: number }>(
      `select node_id as "nodeId", current::int from node_stats where journey_id = $1 and current <> 0`,
      [journeyId],
    );
    expect(stats).toEqual([{ nodeId: 'w2', current: 300 }]);
  }, 120_000);
});

describePostgres('a move meeting a worker mid-transaction', (database) => {
  it('waits for the worker to commit, then moves the lead from where the worker left it', async () => {
    const db = database.db;
    const clock = { now: T0 };
    const { engine, journeyId } = await setUp(db, clock, 20, 1, 0, 'P1D');
    clock.now = T0 + DAY + HOUR;
    await saveJourneyDraft(db, journeyId, { name: 'Drip', draft: drip('P1D', 'P5D') });
    const leadIds = (await runsOf(db, journeyId)).map((r) => r.leadId);

    let publishing: Promise<unknown> | undefined;
    let settledWhileHeld = false;
    // A worker's transaction: it holds the leads, steps them past the wait to w2 on version 1,
    // and has not committed when the publish starts moving them.
    await db.transaction(async (tx) => {
      await engine.worker.processLeadsNow(tx, new Map(leadIds.map((id) => [id, []])));
      publishing = engine.publish(journeyId, { inFlight: 'move' });
      void publishing.then(() => (settledWhileHeld = true));
      await new Promise((resolve) => setTimeout(resolve, 500));
    });
    expect(settledWhileHeld).toBe(false);
    expect(await publishing).toEqual({ version: 2, moved: 20, stayed: 0 });
    await engine.worker.drain();

    const runs = await runsOf(db, journeyId);
    expect(runs.map((r) => [r.version, r.nodeId, r.wakeAt!.getTime()])).toEqual(leadIds.map(() => [2, 'w2', clock.now + 5 * DAY]));
    const moves = await db.query<{ fromNode: string }>(
      `select props->>'fromNode' as "fromNode" from events where type = 'journey_moved' and lead_id = any($1::text[])`,
      [leadIds],
    );
    // Moved after the worker: from w2, where it left them, not from the wait it had read.
    expect(moves.map((m) => m.fromNode)).toEqual(leadIds.map(() => 'w2'));
    const stats = await db.query<{ nodeId: string; current: number }>(
      `select node_id as "nodeId", current::int from node_stats where journey_id = $1 and current <> 0`,
      [journeyId],
    );
    expect(stats).toEqual([{ nodeId: 'w2', current: 20 }]);
  }, 60_000);
});
