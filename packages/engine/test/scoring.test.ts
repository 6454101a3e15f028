import { createJourney, latestRescore, leadScore } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { scoringModelSchema } from '@trellis/journey';
import { beforeAll, expect, it } from 'vitest';
import { Engine, saveScoringModel } from '../src/index.js';

/** The scoring model in the durable engine: events score, score changes fire triggers, decay wakes leads, a new model re-scores. */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const mqlJourney = {
  schemaVersion: 1,
  name: 'Hand MQLs over',
  settings: {},
  nodes: [
    { id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: { on: { condition: { attr: 'score', op: 'gte', value: 50 } } } },
    { id: 'x', type: 'exit', position: { x: 0, y: 100 }, data: { outcome: 'mql' } },
  ],
  edges: [{ id: 'e', source: 't', target: 'x', sourceHandle: 'out' }],
};

const model = (pricing: number) =>
  scoringModelSchema.parse({
    rules: [
      { id: 'pricing', points: pricing, on: { event: 'page_visited', where: { url: { op: 'contains', value: '/pricing' } } } },
      { id: 'saas', points: 10, on: { condition: { attr: 'industry', op: 'eq', value: 'saas' } } },
    ],
    decay: { points: 20, every: 'P7D' },
    thresholds: [{ score: 50, stage: 'MQL' }],
  });

describeEachDatabase('scoring in the engine', (database) => {
  let offset = 0;
  const clock = () => Date.now() + offset;
  let engine: Engine;

  beforeAll(async () => {
    engine = new Engine(database.db, { now: clock });
    await createJourney(database.db, { id: 'mql', name: mqlJourney.name, draft: mqlJourney });
    expect(await engine.publish('mql')).toEqual({ version: 1 });
  });

  const runsOf = (leadId: string) =>
    database.db.query<{ outcome: string | null }>(`select outcome from runs where lead_id = $1 and journey_id = 'mql'`, [leadId]);

  it('an event rule\'s points cross a score trigger: the journey fires from the model, the stage rises, decay wakes the lead, a new model re-scores it', async () => {
    await saveScoringModel(database.db, model(45), 'test', clock());
    await engine.worker.drain();
    await engine.putLead('ada', { attributes: { industry: 'saas' } });
    await engine.worker.drain();
    expect((await leadScore(database.db, 'ada'))!.score).toBe(10);
    expect(await runsOf('ada')).toEqual([]);

    const at = new Date(clock()).toISOString();
    await engine.ingest([{ id: 'v1', leadId: 'ada', type: 'page_visited', at, props: { url: 'https://acme.test/pricing' } }]);
    await engine.worker.drain();
    const card = await leadScore(database.db, 'ada');
    expect(card!.score).toBe(55);
    expect(card!.history.map((h) => [h.ruleId, h.points, h.eventId])).toEqual([
      ['pricing', 45, 'v1'],
      ['saas', 10, null],
    ]);
    expect(await runsOf('ada')).toEqual([{ outcome: 'mql' }]);
    const [lead] = await database.db.query<{ stage: string; dueAt: Date }>(`select stage, due_at as "dueAt" from leads where id = 'ada'`);
    expect(lead!.stage).toBe('MQL');
    // The lead is due when its behaviour points decay: a week after its activity.
    expect(lead!.dueAt.getTime()).toBe(Date.parse(at) + 7 * DAY);
    const [changed] = await database.db.query<{ props: Record<string, unknown> }>(
      `select props from events where lead_id = 'ada' and type = 'score_changed' order by seq desc limit 1`,
    );
    expect(changed!.props).toMatchObject({ from: 10, to: 55, scoring: true });

    offset += 7 * DAY;
    await engine.worker.drain();
    expect((await leadScore(database.db, 'ada'))!.score).toBe(35);
    expect((await leadScore(database.db, 'ada'))!.history[0]).toMatchObject({ ruleId: null, points: -20 });

    // A new model: every lead is re-scored from its history, as if the model had always been in force.
    const saved = await saveScoringModel(database.db, model(30), 'test', clock());
    expect(saved.rescore).toMatchObject({ status: 'running', total: 1 });
    await engine.worker.drain();
    expect(await latestRescore(database.db)).toMatchObject({ status: 'done', done: 1 });
    const rescored = await leadScore(database.db, 'ada');
    // 30 for the visit, 10 for fit, then one week without activity took 20 of the 30.
    expect(rescored!.score).toBe(20);
    expect(rescored!.history.map((h) => [h.ruleId, h.points])).toEqual([
      [null, -20],
      ['pricing', 30],
      ['saas', 10],
    ]);
    const [after] = await database.db.query<{ stage: string }>(`select stage from leads where id = 'ada'`);
    expect(after!.stage).toBe('MQL');
  });
});
