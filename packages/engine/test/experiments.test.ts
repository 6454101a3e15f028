import { pickVariant, stableDraw, twoProportionPValue } from '@trellis/journey';
import { createJourney, experimentDecisions, journeyReportNumbers, type SqlExecutor } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { expect, it } from 'vitest';
import { Engine } from '../src/index.js';

/**
 * Split experiments and holdouts live: the engine decides an experiment at `decideAfter` from
 * publication by the rule the simulator uses, records it with its numbers, and new leads all
 * take the winner; a holdout's leads take no step and their goal is noted.
 */

const at = { x: 0, y: 0 };
const MINUTE = 60_000;

function journey(settings: Record<string, unknown> = {}) {
  return {
    schemaVersion: 1,
    name: 'Live experiment',
    settings: { goal: { event: 'demo_booked' }, ...settings },
    nodes: [
      { id: 't', type: 'trigger', position: at, data: { on: { event: 'signup' } } },
      {
        id: 'split',
        type: 'split',
        position: at,
        data: { variants: [{ handle: 'A', weight: 1 }, { handle: 'B', weight: 1 }], experiment: { metric: 'goal', window: 'PT30M', decideAfter: 'PT1H' } },
      },
      { id: 'wa', type: 'wait', position: at, data: { for: 'P1D' } },
      { id: 'wb', type: 'wait', position: at, data: { for: 'P1D' } },
    ],
    edges: [
      { id: 'e1', source: 't', target: 'split' },
      { id: 'e2', source: 'split', sourceHandle: 'A', target: 'wa' },
      { id: 'e3', source: 'split', sourceHandle: 'B', target: 'wb' },
    ],
  };
}

const variantOf = (journeyId: string, leadId: string) => pickVariant([{ handle: 'A', weight: 1 }, { handle: 'B', weight: 1 }], stableDraw(journeyId, 'split', leadId)).handle;

/** 200 leads sign up; B's convert 30% and A's `rateA` ten minutes later. */
async function firstWave(engine: Engine, db: SqlExecutor, journeyId: string, rateA: number, now: () => number): Promise<void> {
  await createJourney(db, { id: journeyId, name: 'Live experiment', draft: journey() });
  await engine.publish(journeyId);
  const leads = Array.from({ length: 200 }, (_, i) => `${journeyId}-${i}`);
  await engine.ingest(leads.map((leadId) => ({ id: `s-${leadId}`, leadId, type: 'signup', at: new Date(now()).toISOString() })));
  await engine.worker.drain();
  const converts = leads.filter((leadId, i) => i % 10 < (variantOf(journeyId, leadId) === 'B' ? 3 : rateA * 10));
  await engine.ingest(converts.map((leadId) => ({ id: `d-${leadId}`, leadId, type: 'demo_booked', at: new Date(now() + 10 * MINUTE).toISOString() })));
}

async function secondWave(engine: Engine, db: SqlExecutor, journeyId: string, now: number): Promise<Set<string>> {
  const leads = Array.from({ length: 40 }, (_, i) => `${journeyId}-late-${i}`);
  await engine.ingest(leads.map((leadId) => ({ id: `s-${leadId}`, leadId, type: 'signup', at: new Date(now).toISOString() })));
  await engine.worker.drain();
  const rows = await db.query<{ handle: string }>(`select s.handle from steps s join runs r on r.lead_id = s.lead_id and r.id = s.run_id where r.lead_id = any($1::text[]) and s.node_id = 'split'`, [leads]);
  return new Set(rows.map((r) => r.handle));
}

describeEachDatabase('split experiments in the engine', (database) => {
  it('declares B the winner an hour after publication when B converts 30% and A 10%, and later leads all take B', async () => {
    let now = Date.now();
    const engine = new Engine(database.db, { now: () => now });
    await firstWave(engine, database.db, 'exp-live', 0.1, () => now);
    now += 20 * MINUTE;
    await engine.worker.drain();
    expect(await experimentDecisions(database.db, 'exp-live')).toEqual([]);

    now += 45 * MINUTE;
    expect(await secondWave(engine, database.db, 'exp-live', now)).toEqual(new Set(['B']));
    const [decision] = await experimentDecisions(database.db, 'exp-live');
    expect(decision).toMatchObject({ version: 1, nodeId: 'split', winner: 'B' });
    const { A, B } = decision!.variants;
    expect(A!.entered + B!.entered).toBe(200);
    expect(A!.rate).toBeCloseTo(0.1, 1);
    expect(B!.rate).toBeCloseTo(0.3, 1);
    expect(decision!.pValue).toBeCloseTo(twoProportionPValue(B!.goal, B!.entered, A!.goal, A!.entered)!, 12);
  });

  it('names no winner when both convert alike, and later leads still split', async () => {
    let now = Date.now();
    const engine = new Engine(database.db, { now: () => now });
    await firstWave(engine, database.db, 'exp-even', 0.3, () => now);
    now += 65 * MINUTE;
    expect(await secondWave(engine, database.db, 'exp-even', now)).toEqual(new Set(['A', 'B']));
    expect(await experimentDecisions(database.db, 'exp-even')).toMatchObject([{ winner: null }]);
  });
});

describeEachDatabase('holdout groups in the engine', (database) => {
  it('holds out the hashed share with no step, notes the goal within the window, and the report compares them', async () => {
    const db = database.db;
    let now = Date.now();
    const engine = new Engine(db, { now: () => now });
    const doc = journey({ holdout: { percent: 25, window: 'PT1H' } });
    await createJourney(db, { id: 'hold', name: 'Holdout', draft: doc });
    await engine.publish('hold');
    const leads = Array.from({ length: 120 }, (_, i) => `hold-${i}`);
    await engine.ingest(leads.map((leadId) => ({ id: `s-${leadId}`, leadId, type: 'signup', at: new Date(now).toISOString() })));
    await engine.worker.drain();
    const heldOut = leads.filter((id) => stableDraw('hold', '$holdout', id) * 100 < 25);
    // Every other lead books a demo: held out or not.
    await engine.ingest(leads.filter((_, i) => i % 2 === 0).map((leadId) => ({ id: `d-${leadId}`, leadId, type: 'demo_booked', at: new Date(now).toISOString() })));
    now += 10 * MINUTE;
    await engine.worker.drain();
    now += 60 * MINUTE;
    await engine.worker.drain();

    const steps = await db.query<{ n: number }>(`select count(*)::int as n from steps where lead_id = any($1::text[])`, [heldOut]);
    expect(steps[0]!.n).toBe(0);
    const numbers = await journeyReportNumbers(db, { journeyId: 'hold', version: 1, from: null, to: null, holdoutWindow: 'PT1H' });
    expect(numbers.holdout).toEqual({
      heldOut: heldOut.length,
      heldOutGoal: heldOut.filter((id) => Number(id.split('-')[1]) % 2 === 0).length,
      treated: 120 - heldOut.length,
      treatedGoal: leads.filter((id, i) => i % 2 === 0 && !heldOut.includes(id)).length,
    });
    expect(numbers.outcomes.holdout).toBe(heldOut.length);
  });
});
