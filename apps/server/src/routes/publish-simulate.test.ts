import { readInFlightSample } from '@trellis/engine';
import { journeySchema, type Journey } from '@trellis/journey';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { beforeAll, expect, it } from 'vitest';
import { bearer, dataTestApp, journeyOn, json, jsonRequest, storeTemplatesFor } from '../testing.js';

/**
 * The publish's "what if" (POST /api/journeys/:id/publish/simulate): the leads inside, moved as
 * the move would move them and simulated forward; its landings are the real move's.
 */

const at = { x: 0, y: 0 };

/** Trigger → a 50/50 split → wait A or wait B → a webhook → exit: leads rest at two waits. */
function twoWaits(event: string, waitA: string, waitB: string, extra: Journey['nodes'] = []): Journey {
  return journeyOn(
    event,
    [
      { id: 'split', type: 'split', position: at, data: { variants: [{ handle: 'A', weight: 50 }, { handle: 'B', weight: 50 }] } },
      { id: 'wa', type: 'wait', position: at, data: { for: waitA } },
      { id: 'wb', type: 'wait', position: at, data: { for: waitB } },
      { id: 'ping', type: 'send', position: at, data: { channel: 'webhook', template: 'what-if-ping' } },
      { id: 'done', type: 'exit', position: at, data: { outcome: 'completed' } },
      ...extra,
    ],
    [['start', 'split'], ['split', 'wa', 'A'], ['split', 'wb', 'B'], ['wa', 'ping'], ['wb', 'ping'], ['ping', 'done']],
  );
}

describeEachDatabase('the publish what-if (routes)', (database) => {
  let setup: ReturnType<typeof dataTestApp>;
  beforeAll(async () => {
    setup = dataTestApp(database.db);
    await storeTemplatesFor(setup.app, journeySchema.parse(twoWaits('x', 'P3D', 'P3D')));
  });

  async function live(leads: number, draft: (event: string) => Journey) {
    const { app, engine } = setup;
    const event = `joined_${Math.random().toString(36).slice(2, 8)}`;
    const created = await json(await app.request('/api/journeys', jsonRequest(twoWaits(event, 'P3D', 'P3D'))));
    expect((await app.request(`/api/journeys/${created.id}/publish`, { method: 'POST', headers: bearer('marketer') })).status).toBe(200);
    await engine.ingest(Array.from({ length: leads }, (_, i) => ({ id: `${event}-e${i}`, leadId: `${event}-lead-${i}`, type: event })));
    await engine.worker.drain();
    expect((await app.request(`/api/journeys/${created.id}`, jsonRequest(draft(event), 'marketer', 'PUT'))).status).toBe(200);
    return created.id as string;
  }

  it("simulates the move over 30 days: the leads start where the move puts them, and its landings are the real move's", async () => {
    // v2: wait A shortened to 1 day; wait B removed (its leads stay on v1) unless mapped.
    const draft = (event: string) => {
      const j = twoWaits(event, 'PT1H', 'P3D');
      return { ...j, nodes: j.nodes.filter((n) => n.id !== 'wb'), edges: j.edges.filter((e) => e.target !== 'wb' && e.source !== 'wb').concat({ id: 'eb', source: 'split', target: 'wa', sourceHandle: 'B' }) };
    };
    const id = await live(40, draft);
    const res = await setup.app.request(`/api/journeys/${id}/publish/simulate`, jsonRequest({}));
    expect(res.status).toBe(200);
    const whatIf = await json(res);
    const counts = Object.fromEntries(whatIf.inFlight.map((g: { fromNode: string; leads: number }) => [g.fromNode, g.leads]));
    expect(counts.wa + counts.wb).toBe(40);
    expect(whatIf.sample).toEqual({ total: 40, simulated: 40, isSample: false });
    expect(whatIf.landings).toEqual([
      { fromVersion: 1, fromNode: 'wa', toNode: 'wa', leads: counts.wa },
      { fromVersion: 1, fromNode: 'wb', toNode: null, leads: counts.wb },
    ]);
    // The moved leads wait an hour and finish; those kept on v1 finish after their three days.
    expect(whatIf.outcomes).toEqual({ completed: 40 });
    expect(whatIf.inside).toBe(0);
    expect(whatIf.nodes).toEqual(
      expect.arrayContaining([
        { version: 2, nodeId: 'wa', reached: counts.wa, current: 0 },
        { version: 2, nodeId: 'done', reached: counts.wa, current: 0 },
        { version: 1, nodeId: 'wb', reached: counts.wb, current: 0 },
      ]),
    );
    expect(Date.parse(whatIf.until) - Date.parse(whatIf.start)).toBe(30 * 86_400_000);

    // Nothing was stored: still one version, the leads where they were.
    const versions = await json(await setup.app.request(`/api/journeys/${id}/versions`, { headers: bearer('marketer') }));
    expect(versions.versions).toHaveLength(1);

    const moved = await json(await setup.app.request(`/api/journeys/${id}/publish`, jsonRequest({ inFlight: 'move' })));
    expect(moved).toEqual({ version: 2, moved: counts.wa, stayed: counts.wb });
    const moves = await json(await setup.app.request(`/api/journeys/${id}/moves`, { headers: bearer('marketer') }));
    expect(moves.moves[0].nodes).toEqual(whatIf.landings);
  }, 30_000);

  it('takes the map as the move would, and a few days ahead only (days)', async () => {
    // v2 puts a 2-day wait after wait A; the map sends A's leads straight to it and keeps B's on v1.
    const id = await live(10, (event) => {
      const j = twoWaits(event, 'P3D', 'P3D', [{ id: 'wc', type: 'wait', position: at, data: { for: 'P2D' } }]);
      const edges = j.edges.map((e) => (e.source === 'wa' ? { ...e, target: 'wc' } : e));
      return { ...j, edges: [...edges, { id: 'ec', source: 'wc', target: 'ping', sourceHandle: 'out' }] };
    });
    const whatIf = await json(await setup.app.request(`/api/journeys/${id}/publish/simulate`, jsonRequest({ map: { wa: "wc", wb: null }, days: 1 })));
    expect(whatIf.landings.map((l: { fromNode: string; toNode: string | null }) => [l.fromNode, l.toNode])).toEqual([
      ['wa', 'wc'],
      ['wb', null],
    ]);
    // One day on, every lead still waits.
    expect(whatIf.outcomes).toEqual({});
    expect(whatIf.inside).toBe(10);
    const bad = await setup.app.request(`/api/journeys/${id}/publish/simulate`, jsonRequest({ map: { wa: 'nowhere' } }));
    expect(bad.status).toBe(422);
    expect((await json(bad)).error.code).toBe('invalid_map');
    const tooFar = await setup.app.request(`/api/journeys/${id}/publish/simulate`, jsonRequest({ days: 400 }));
    expect(tooFar.status).toBe(400);
    expect((await json(tooFar)).error.problems[0].path).toEqual(['days']);
    expect((await setup.app.request(`/api/journeys/${id}/publish/simulate`, jsonRequest({}, 'reviewer'))).status).toBe(403);
  });

  it('samples past its limit, stratified: every step with leads is in it, in proportion', async () => {
    const id = await live(12, (event) => twoWaits(event, 'P1D', 'P1D'));
    const sample = await readInFlightSample(setup.engine, id, 4);
    if ('problems' in sample) throw new Error('the draft has problems');
    expect(sample.total).toBe(12);
    const byNode = new Map<string, number>();
    for (const { run } of sample.leads) byNode.set(run.state.nodeId, (byNode.get(run.state.nodeId) ?? 0) + 1);
    const real = new Map(sample.counts.map((c) => [c.nodeId, c.leads]));
    // Each step is in it with its share (at least one lead), picked by a hash of the lead id.
    for (const [nodeId, leads] of real) expect(byNode.get(nodeId)).toBe(Math.max(1, Math.floor((4 * leads) / 12)));
    // A group within its share is read whole.
    const whole = await readInFlightSample(setup.engine, id, 12);
    if ('problems' in whole) throw new Error('the draft has problems');
    expect(whole.leads).toHaveLength(12);
  });
});
