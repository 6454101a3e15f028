import { createJourney, saveJourneyDraft } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { storeTemplatesOf } from '@trellis/store/test-templates';
import { expect, it } from 'vitest';
import { Engine } from '../src/index.js';

/**
 * A lead inside a cadence when the marketer publishes a changed cadence and moves the leads
 * (docs/live-edits.md, "In a cadence"): it keeps its entry time, goes on at the first touch after
 * now that it has not made (a touch added in the past is not sent late), and when it leaves, the
 * handle lands on the step by which it entered the cadence, however the move counted its touches.
 */

const HOUR = 3_600_000;
const START = Date.parse('2026-03-02T09:00:00Z');

function chase(cadenceId: string, times: [string, string][], trigger = 'asked') {
  return {
    schemaVersion: 1,
    name: 'Chase',
    settings: { timezone: 'UTC' },
    nodes: [
      { id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: { on: { event: trigger } } },
      {
        id: cadenceId,
        type: 'cadence',
        position: { x: 0, y: 100 },
        data: { touches: times.map(([at, template]) => ({ at, channel: 'email', template })), stopOn: { event: 'replied' } },
      },
      { id: 'x', type: 'exit', position: { x: 0, y: 200 }, data: { outcome: 'completed' } },
    ],
    edges: [
      { id: 'e1', source: 't', target: cadenceId },
      { id: 'e2', source: cadenceId, sourceHandle: 'done', target: 'x' },
      { id: 'e3', source: cadenceId, sourceHandle: 'stopped', target: 'x' },
    ],
  };
}

const V1: [string, string][] = [['PT0M', 'ch-a'], ['PT1H', 'ch-b'], ['PT3H', 'ch-c'], ['P1D', 'ch-d']];
// Touch c moved to four hours; a new touch at 90 minutes, already past when the move comes.
const V2: [string, string][] = [['PT0M', 'ch-a'], ['PT1H', 'ch-b'], ['PT90M', 'ch-new'], ['PT4H', 'ch-c'], ['P1D', 'ch-d']];

describeEachDatabase('a lead inside a cadence moved to a changed one', (database) => {
  for (const [title, cadenceId, map] of [
    ['at the same node', 'c', undefined],
    ['at a node of another id (the map)', 'c2', { c: 'c2' }],
  ] as const) {
    it(`${title}: keeps its entry time, goes on at the next touch after now, and leaves by done from its entry step`, async () => {
      let now = START;
      const suffix = Math.random().toString(36).slice(2, 8);
      const journeyId = `chase-${suffix}`;
      const lead = `chase-lead-${suffix}`;
      const asked = `asked_${suffix}`; // this test's own trigger: the other test's journey stays published
      const engine = new Engine(database.db, { now: () => now });
      await storeTemplatesOf(database.db, chase(cadenceId, V2));
      await createJourney(database.db, { id: journeyId, name: 'Chase', draft: chase('c', V1, asked) });
      await engine.publish(journeyId);
      engine.worker.catalog.invalidate();
      const at = async (ms: number) => {
        now = ms;
        await engine.worker.drain();
      };
      await engine.ingest([{ id: `${lead}-asked`, leadId: lead, type: asked, at: new Date(START).toISOString() }]);
      await at(START);
      await at(START + HOUR);
      await at(START + 2 * HOUR); // touches a and b made; c due at 12:00

      await saveJourneyDraft(database.db, journeyId, { name: 'Chase', draft: chase(cadenceId, V2, asked) });
      expect(await engine.publish(journeyId, { inFlight: 'move', ...(map ? { map } : {}) })).toMatchObject({ version: 2, moved: 1 });
      const [run] = await database.db.query<{ nodeId: string; wakeAt: Date; version: number; state: { touch: number; nodeEnteredAt: number } }>(
        `select node_id as "nodeId", version, wake_at as "wakeAt", state from runs where lead_id = $1`,
        [lead],
      );
      expect([run!.nodeId, run!.state.touch, run!.state.nodeEnteredAt, run!.wakeAt.toISOString()]).toEqual([
        cadenceId,
        3,
        START,
        new Date(START + 4 * HOUR).toISOString(),
      ]);

      await at(START + 4 * HOUR);
      await at(START + 24 * HOUR);
      const sends = await database.db.query<{ template: string; at: Date }>(`select template, at from sends where lead_id = $1 order by at, id`, [lead]);
      expect(sends.map((s) => [s.template, (s.at.getTime() - START) / HOUR])).toEqual([
        ['ch-a', 0],
        ['ch-b', 1],
        ['ch-c', 4],
        ['ch-d', 24],
      ]);
      const steps = await database.db.query<{ seq: number; nodeId: string; handle: string | null; touch: number | null }>(
        `select seq, node_id as "nodeId", handle, touch from steps where lead_id = $1 order by seq`,
        [lead],
      );
      const renamed = cadenceId !== 'c';
      expect(steps.map((s) => [s.nodeId, s.handle, s.touch])).toEqual([
        ['t', 'out', null],
        ['c', null, null],
        ['c', null, 0],
        ['c', null, 1],
        // Moved to another id, the path enters the new cadence, which the lead leaves by done;
        // at the same id, the step it entered by two hours before takes the handle.
        ...(renamed ? [['c2', 'done', null]] : []),
        [cadenceId, null, 3],
        [cadenceId, null, 4],
        ['x', null, null],
      ].map((row, i) => (!renamed && i === 1 ? ['c', 'done', null] : row)));
      const [ran] = await database.db.query<{ outcome: string }>(`select outcome from runs where lead_id = $1`, [lead]);
      expect(ran!.outcome).toBe('completed');
    }, 30_000);
  }
});
