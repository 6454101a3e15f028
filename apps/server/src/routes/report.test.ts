import { pickVariant, stableDraw, twoProportionPValue, wilsonInterval, type Journey } from '@trellis/journey';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { beforeAll, expect, it } from 'vitest';
import { bearer, dataTestApp, json, jsonRequest, publishNewJourney, uniqueId } from '../testing.js';

const at = { x: 0, y: 0 };

function splitJourney(event: string, goalEvent: string): Journey {
  return {
    schemaVersion: 1,
    name: `Report ${event}`,
    settings: { goal: { event: goalEvent }, holdout: { percent: 10 } },
    nodes: [
      { id: 't', type: 'trigger', position: at, data: { on: { event } } },
      { id: 'split', type: 'split', position: at, data: { variants: [{ handle: 'A', weight: 1 }, { handle: 'B', weight: 1 }], experiment: { metric: 'goal', window: 'P7D', decideAfter: 'P14D' } } },
      { id: 'wa', type: 'wait', position: at, data: { for: 'P30D' } },
      { id: 'wb', type: 'wait', position: at, data: { for: 'P30D' } },
    ],
    edges: [
      { id: 'e1', source: 't', target: 'split' },
      { id: 'e2', source: 'split', sourceHandle: 'A', target: 'wa' },
      { id: 'e3', source: 'split', sourceHandle: 'B', target: 'wb' },
    ],
  };
}

describeEachDatabase('journey report route', (database) => {
  let t: ReturnType<typeof dataTestApp>;
  beforeAll(() => {
    t = dataTestApp(database.db);
  });

  it('answers entries, goal rate, split variants with intervals and p-value, series and the holdout for reviewers', async () => {
    const event = uniqueId('signup');
    const goalEvent = uniqueId('demo');
    const id = await publishNewJourney(t.app, splitJourney(event, goalEvent));
    const leads = Array.from({ length: 100 }, (_, i) => uniqueId(`rl${i}`));
    await t.app.request('/api/events', jsonRequest({ events: leads.map((leadId) => ({ id: uniqueId('e'), leadId, type: event })) }, 'ingest'));
    await t.engine.worker.drain();
    const variant = (leadId: string) => pickVariant([{ handle: 'A', weight: 1 }, { handle: 'B', weight: 1 }], stableDraw(id, 'split', leadId)).handle;
    const heldOut = (leadId: string) => stableDraw(id, '$holdout', leadId) * 100 < 10;
    const converters = leads.filter((leadId, i) => (variant(leadId) === 'B' ? i % 10 < 4 : i % 10 < 1));
    await t.app.request('/api/events', jsonRequest({ events: converters.map((leadId) => ({ id: uniqueId('g'), leadId, type: goalEvent })) }, 'ingest'));
    await t.engine.worker.drain();

    const report = await json(await t.app.request(`/api/journeys/${id}/report`, { headers: bearer('reviewer') }));
    const treated = leads.filter((l) => !heldOut(l));
    const count = (handle: string) => treated.filter((l) => variant(l) === handle);
    const goals = (list: string[]) => list.filter((l) => converters.includes(l)).length;
    const [a, b] = [count('A'), count('B')];
    expect(report.version).toBe(1);
    expect(report.entered).toBe(100);
    expect(report.outcomes.goal).toBe(goals(treated));
    expect(report.goalRate).toBeCloseTo(goals(treated) / treated.length, 12);
    expect(report.nodes.split).toEqual({ entered: treated.length, reachedGoal: goals(treated) });
    expect(report.splits.split.variants.B).toEqual({ entered: b.length, goal: goals(b), rate: goals(b) / b.length, ci95: wilsonInterval(goals(b), b.length) });
    const p = twoProportionPValue(goals(b), b.length, goals(a), a.length)!;
    expect(report.splits.split.pValue).toBeCloseTo(p, 12);
    expect(report.splits.split.winner).toBe(p < 0.05 && goals(b) / b.length > goals(a) / a.length ? 'B' : null);
    expect(report.splits.split.decision).toBeNull();
    const today = new Date().toISOString().slice(0, 10);
    expect(report.series).toEqual([{ day: today, entered: 100, sent: 0, opened: 0, clicked: 0, goal: goals(treated) }]);
    const held = leads.filter(heldOut);
    expect(report.holdout).toMatchObject({ percent: 10, window: 'P30D', heldOut: { entered: held.length, goal: goals(held) }, treated: { entered: treated.length, goal: goals(treated) } });
    expect(report.timeToGoal).not.toBeNull();
  });

  it('filters by period and refuses bad parameters naming them; 404 for an unknown journey', async () => {
    const id = await publishNewJourney(t.app, splitJourney(uniqueId('s'), uniqueId('g')));
    const future = await json(await t.app.request(`/api/journeys/${id}/report?from=2099-01-01T00:00:00Z`, { headers: bearer('operator') }));
    expect(future).toMatchObject({ entered: 0, goalRate: 0, series: [], splits: { split: { pValue: null, winner: null } } });
    const bad = await t.app.request(`/api/journeys/${id}/report?version=zero`, { headers: bearer('marketer') });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toMatchObject({ code: 'invalid_query', problems: [expect.objectContaining({ path: ['version'] })] });
    const backwards = await t.app.request(`/api/journeys/${id}/report?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z`, { headers: bearer('marketer') });
    expect((await json(backwards)).error.problems[0].path).toEqual(['to']);
    expect((await t.app.request(`/api/journeys/${id}/report?version=9`, { headers: bearer('marketer') })).status).toBe(404);
    expect((await t.app.request('/api/journeys/nope/report', { headers: bearer('marketer') })).status).toBe(404);
    expect((await t.app.request(`/api/journeys/${id}/report`, { headers: bearer('sales') })).status).toBe(403);
  });
});
