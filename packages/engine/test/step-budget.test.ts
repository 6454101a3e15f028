import { MAX_STEPS_AT_ONE_INSTANT } from '@trellis/journey';
import { createJourney, leadJourneys, leadTimeline, publishJourney } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { beforeAll, expect, it } from 'vitest';
import { Engine } from '../src/index.js';

/**
 * A lead going round a loop without pausing is stopped by the step budget in the one pure step
 * (`advance`), committed with outcome `error` and the loop in words, and the worker goes on with
 * the other leads: it used to take every batch, forever, at ~550 steps a second.
 */

type NodeSpec = [id: string, type: string, data: Record<string, unknown>];

function journey(name: string, nodes: NodeSpec[], edges: [string, string, string?][]) {
  return {
    schemaVersion: 1,
    name,
    nodes: nodes.map(([id, type, data], i) => ({ id, type, position: { x: 0, y: i * 100 }, data })),
    edges: edges.map(([source, target, sourceHandle], i) => ({ id: `edge-${i}`, source, target, sourceHandle: sourceHandle ?? 'out' })),
  };
}

const REASON = 'stopped after 1,000 steps at one instant: the path Update "Bump" → Wait "No time" → Update "Bump" loops without pausing';

describeEachDatabase('the step budget in the engine', (database) => {
  let engine: Engine;
  let uniq = 0;
  const id = (prefix: string) => `${prefix}-${++uniq}-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(() => {
    engine = new Engine(database.db);
  });

  async function ingest(leadId: string, type: string) {
    const answer = await engine.ingest([{ id: id('ev'), leadId, type }]);
    expect(answer.accepted).toBe(1);
  }

  const runsOf = (leadId: string) =>
    database.db.query<{ journeyId: string; status: string; nodeId: string; outcome: string | null; wakeAt: Date | null }>(
      `select journey_id as "journeyId", status, node_id as "nodeId", outcome, wake_at as "wakeAt" from runs where lead_id = $1 order by entered_at`,
      [leadId],
    );
  const stepCount = async (leadId: string) =>
    Number((await database.db.query<{ n: number }>(`select count(*)::int as n from steps where lead_id = $1`, [leadId]))[0]!.n);

  it('stops a lead going round a PT0S wait (published before the validator refused it) with outcome error and the loop on its timeline, and goes on with other leads', async () => {
    // Stored as it was published before `instant_loop` knew that PT0S is no pause.
    const spinner = id('j');
    const doc = journey(
      'Spinner',
      [
        ['t', 'trigger', { on: { event: 'spin' } }],
        ['w', 'wait', { label: 'No time', for: 'PT0S' }],
        ['u', 'update', { label: 'Bump', score: { add: 1 } }],
      ],
      [['t', 'w'], ['w', 'u'], ['u', 'w']],
    );
    await createJourney(database.db, { id: spinner, name: doc.name, draft: doc });
    expect(await publishJourney(database.db, spinner, doc)).toMatchObject({ version: 1 });
    const calm = id('j');
    const calmDoc = journey('Calm', [['t', 'trigger', { on: { event: 'hello' } }], ['x', 'exit', { outcome: 'greeted' }]], [['t', 'x']]);
    await createJourney(database.db, { id: calm, name: calmDoc.name, draft: calmDoc });
    await engine.publish(calm);
    engine.worker.catalog.invalidate();

    const spinning = id('lead');
    const other = id('lead');
    await ingest(spinning, 'spin');
    await ingest(other, 'hello');
    // One batch holds both leads: the spinner is stopped inside it and the batch commits.
    expect(await engine.worker.processDueBatch()).toBe(2);
    expect(await engine.worker.processDueBatch()).toBe(0);

    expect(await runsOf(spinning)).toEqual([{ journeyId: spinner, status: 'done', nodeId: 'w', outcome: 'error', wakeAt: null }]);
    expect(await stepCount(spinning)).toBe(MAX_STEPS_AT_ONE_INSTANT);
    expect(await runsOf(other)).toEqual([{ journeyId: calm, status: 'done', nodeId: 'x', outcome: 'greeted', wakeAt: null }]);

    expect(await leadJourneys(database.db, spinning)).toEqual([
      expect.objectContaining({ journeyId: spinner, status: 'done', nodeId: 'w', outcome: 'error', reason: REASON }),
    ]);
    const steps = (await leadTimeline(database.db, spinning, 5_000)).filter((item) => item.kind === 'step');
    expect(steps).toHaveLength(MAX_STEPS_AT_ONE_INSTANT);
    expect(steps.at(-1)).toMatchObject({ nodeId: 'w', handle: 'out', reason: REASON });
    expect(steps.filter((s) => 'reason' in s)).toHaveLength(1);
    expect((await engine.stats(spinner)).outcomes).toEqual({ error: 1 });
  });

  it("stops runs set off by their own score changes (an event wait on score_changed after an update), which spun inside one transaction", async () => {
    const echo = id('j');
    await createJourney(database.db, {
      id: echo,
      name: 'Echo',
      draft: journey(
        'Echo',
        [
          ['t', 'trigger', { on: { event: 'echo' } }],
          ['u', 'update', { score: { add: 1 } }],
          ['w', 'wait', { until: { event: 'score_changed', timeout: 'P1D' } }],
        ],
        [['t', 'u'], ['u', 'w'], ['w', 'u', 'event']],
      ),
    });
    expect(await engine.publish(echo)).toEqual({ version: 1 });
    const lead = id('lead');
    await ingest(lead, 'echo');
    await engine.worker.drain();
    expect(await runsOf(lead)).toEqual([{ journeyId: echo, status: 'done', nodeId: 'u', outcome: 'error', wakeAt: null }]);
    expect(await leadJourneys(database.db, lead)).toEqual([
      expect.objectContaining({
        outcome: 'error',
        reason: 'stopped after 1,000 steps at one instant: the path Wait → Update → Wait loops without pausing',
      }),
    ]);
    const [row] = await database.db.query<{ score: number }>(`select score from leads where id = $1`, [lead]);
    expect(row!.score).toBe(500);
  });
});
