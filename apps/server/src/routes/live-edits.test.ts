import { journeySchema } from '@trellis/journey';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { beforeAll, expect, it } from 'vitest';
import { bearer, dataTestApp, json, jsonRequest, storeTemplatesFor } from '../testing.js';

const at = { x: 0, y: 0 };

function drip(wait: string, event: string) {
  return {
    schemaVersion: 1,
    name: 'Drip',
    settings: {},
    nodes: [
      { id: 'start', type: 'trigger', position: at, data: { on: { event } } },
      { id: 'w', type: 'wait', position: at, data: { for: wait } },
      { id: 'hello', type: 'send', position: at, data: { channel: 'email', template: 'welcome' } },
      { id: 'done', type: 'exit', position: at, data: { outcome: 'completed' } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'w' },
      { id: 'e2', source: 'w', target: 'hello' },
      { id: 'e3', source: 'hello', target: 'done' },
    ],
  };
}

describeEachDatabase('publish review and live edits (routes)', (database) => {
  let setup: ReturnType<typeof dataTestApp>;
  beforeAll(async () => {
    setup = dataTestApp(database.db);
    await storeTemplatesFor(setup.app, journeySchema.parse(drip('P3D', 'x')));
  });

  /** A published drip with `leads` leads at its 3-day wait, and its draft changed to `wait`. */
  async function liveDrip(leads: number, wait: string) {
    const { app, engine } = setup;
    const event = `signed_up_${Math.random().toString(36).slice(2, 8)}`;
    const created = await json(await app.request('/api/journeys', jsonRequest(drip('P3D', event))));
    expect((await app.request(`/api/journeys/${created.id}/publish`, { method: 'POST', headers: bearer('marketer') })).status).toBe(200);
    const ids = Array.from({ length: leads }, (_, i) => `${event}-lead-${i}`);
    await engine.ingest(ids.map((leadId, i) => ({ id: `e${i}`, leadId, type: event })));
    await engine.worker.drain();
    await app.request(`/api/journeys/${created.id}`, jsonRequest(drip(wait, event), 'marketer', 'PUT'));
    return { id: created.id as string, leadIds: ids };
  }

  it('previews the version, the changes, the problems and where the running leads land, storing nothing', async () => {
    const { id } = await liveDrip(3, 'P1D');
    const res = await setup.app.request(`/api/journeys/${id}/publish/preview`, { method: 'POST', headers: bearer('marketer') });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      version: 2,
      changes: [{ mark: 'changed', nodeId: 'w', text: 'Changed wait w', fields: [{ field: 'for', before: '3 days', after: '1 day' }] }],
      inFlight: [{ fromVersion: 1, fromNode: 'w', toNode: 'w', leads: 3 }],
      problems: [],
    });
    const versions = await json(await setup.app.request(`/api/journeys/${id}/versions`, { headers: bearer('marketer') }));
    expect(versions.versions.map((v: { version: number }) => v.version)).toEqual([1]);
  });

  it('previews with a map, and refuses a map whose target the draft lacks (422 invalid_map naming the entry)', async () => {
    const { id } = await liveDrip(2, 'P1D');
    const kept = await setup.app.request(`/api/journeys/${id}/publish/preview`, jsonRequest({ map: { w: null } }));
    expect((await json(kept)).inFlight).toEqual([{ fromVersion: 1, fromNode: 'w', toNode: null, leads: 2 }]);
    const mapped = await setup.app.request(`/api/journeys/${id}/publish/preview`, jsonRequest({ map: { w: 'nowhere' } }));
    expect(mapped.status).toBe(422);
    expect((await json(mapped)).error).toEqual({
      code: 'invalid_map',
      message: 'The map cannot be used: map.w: the new version has no node "nowhere" to move the leads at "w" to.',
      problems: [{ path: ['map', 'w'], message: 'the new version has no node "nowhere" to move the leads at "w" to' }],
    });
    const bad = await setup.app.request(`/api/journeys/${id}/publish`, jsonRequest({ inFlight: 'teleport' }));
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.code).toBe('invalid_body');
    expect((await setup.app.request(`/api/journeys/${id}/publish/preview`, { method: 'POST', headers: bearer('reviewer') })).status).toBe(403);
  });

  it('moves the running leads with inFlight "move", records it on their timelines and in the journey\'s moves', async () => {
    const { id, leadIds } = await liveDrip(4, 'P1D');
    const res = await setup.app.request(`/api/journeys/${id}/publish`, jsonRequest({ inFlight: 'move' }));
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ version: 2, moved: 4, stayed: 0 });
    const lead = await json(await setup.app.request(`/api/leads/${leadIds[0]}`, { headers: bearer('operator') }));
    expect(lead.journeys).toEqual([expect.objectContaining({ journeyId: id, version: 2, nodeId: 'w', status: 'active' })]);
    const timeline = await json(await setup.app.request(`/api/leads/${leadIds[0]}/timeline`, { headers: bearer('operator') }));
    expect(timeline.items.filter((i: { type?: string }) => i.type === 'journey_moved')).toEqual([
      expect.objectContaining({ kind: 'event', props: expect.objectContaining({ fromVersion: 1, fromTitle: 'Wait 3 days', toVersion: 2, toTitle: 'Wait 1 day' }) }),
    ]);
    const moves = await json(await setup.app.request(`/api/journeys/${id}/moves`, { headers: bearer('reviewer') }));
    expect(moves.moves).toEqual([
      expect.objectContaining({ version: 2, moved: 4, stayed: 0, map: {}, nodes: [{ fromVersion: 1, fromNode: 'w', toNode: 'w', leads: 4 }] }),
    ]);
  });

  it('answers 409 no_changes for a draft identical to the published version, and publishes nothing', async () => {
    const { id } = await liveDrip(1, 'P3D');
    const res = await setup.app.request(`/api/journeys/${id}/publish`, { method: 'POST', headers: bearer('marketer') });
    expect(res.status).toBe(409);
    expect((await json(res)).error).toEqual({
      code: 'no_changes',
      message: 'The draft is the same as the published version 1: there are no changes to publish.',
    });
    const versions = await json(await setup.app.request(`/api/journeys/${id}/versions`, { headers: bearer('marketer') }));
    expect(versions.versions).toHaveLength(1);
  });
});
