import type { Journey } from '@trellis/journey';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { beforeAll, expect, it } from 'vitest';
import { bearer, dataTestApp, json, jsonRequest, publishNewJourney, uniqueId } from '../testing.js';

/**
 * A segment trigger naming a saved segment, through the API: validate and publish check the
 * stored segments (unknown_segment), a segment edit governs the published journey at once, the
 * simulator runs the segment's stored condition, and a segment in use is not deleted.
 */

const at = { x: 0, y: 0 };
function namingSegment(segmentId: string, name = `Welcome ${segmentId}`): Journey {
  return {
    schemaVersion: 1,
    name,
    settings: {},
    nodes: [
      { id: 'start', type: 'trigger', position: at, data: { label: 'Enterprise EMEA', on: { segment: { saved: segmentId } } } },
      { id: 'pause', type: 'wait', position: at, data: { for: 'P30D' } },
      { id: 'done', type: 'exit', position: at, data: { outcome: 'completed' } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'pause', sourceHandle: 'out' },
      { id: 'e2', source: 'pause', target: 'done', sourceHandle: 'out' },
    ],
  };
}

describeEachDatabase('journeys naming saved segments (routes)', (database) => {
  let t: ReturnType<typeof dataTestApp>;
  beforeAll(() => {
    t = dataTestApp(database.db);
  });
  const saveSegment = async (name: string, condition: unknown) => json(await t.app.request('/api/segments', jsonRequest({ name, condition })));
  const inJourney = async (journeyId: string, leadId: string) =>
    (await database.db.query(`select 1 from runs where journey_id = $1 and lead_id = $2`, [journeyId, leadId])).length;
  async function work() {
    for (let i = 0; i < 20; i++) if ((await t.engine.worker.processDueBatch()) === 0) break;
    await t.engine.worker.drain();
  }

  it('POST /api/validate reports a trigger naming a segment that is not stored, and not one that is', async () => {
    const segment = await saveSegment('EMEA', { attr: 'attributes.region', op: 'eq', value: 'emea' });
    const unknown = await json(await t.app.request('/api/validate', jsonRequest(namingSegment('no-such-segment'))));
    expect(unknown.problems).toEqual([
      {
        severity: 'error',
        code: 'unknown_segment',
        message: 'Trigger "Enterprise EMEA" names saved segment "no-such-segment", which does not exist; pick a saved segment or write the condition here',
        nodeId: 'start',
        path: ['nodes', 0, 'data', 'on', 'segment', 'saved'],
      },
    ]);
    expect((await json(await t.app.request('/api/validate', jsonRequest(namingSegment(segment.id))))).problems).toEqual([]);
    const { id } = await json(await t.app.request('/api/journeys', jsonRequest(namingSegment('no-such-segment'))));
    const refused = await t.app.request(`/api/journeys/${id}/publish`, { method: 'POST', headers: bearer('marketer') });
    expect(refused.status).toBe(422);
    expect((await json(refused)).error.problems.map((p: { code: string }) => p.code)).toEqual(['unknown_segment']);
  });

  it('PUT /api/segments/:id changes who a published journey holds: a lead that now meets it enters', async () => {
    const region = uniqueId('region');
    const [ada, bo] = [uniqueId('ada'), uniqueId('bo')];
    await t.app.request(`/api/leads/${ada}`, jsonRequest({ attributes: { region, tier: 'enterprise' } }, 'ingest', 'PUT'));
    await t.app.request(`/api/leads/${bo}`, jsonRequest({ attributes: { region, tier: 'mid' } }, 'ingest', 'PUT'));
    const segment = await saveSegment('Enterprise', { all: [{ attr: 'attributes.region', op: 'eq', value: region }, { attr: 'attributes.tier', op: 'eq', value: 'enterprise' }] });
    const journeyId = await publishNewJourney(t.app, namingSegment(segment.id));
    await work();
    expect([await inJourney(journeyId, ada), await inJourney(journeyId, bo)]).toEqual([1, 0]);

    const edited = await t.app.request(`/api/segments/${segment.id}`, jsonRequest({ name: 'Enterprise and mid', condition: { attr: 'attributes.region', op: 'eq', value: region } }, 'marketer', 'PUT'));
    expect(edited.status).toBe(200);
    expect(await json(edited)).toEqual({ id: segment.id, name: 'Enterprise and mid', condition: { attr: 'attributes.region', op: 'eq', value: region }, count: 2, createdAt: segment.createdAt });
    await work();
    expect([await inJourney(journeyId, ada), await inJourney(journeyId, bo)]).toEqual([1, 1]);
  }, 60_000);

  it('PUT /api/segments/:id: 404 for no such segment, 400 naming a bad field, 403 for a reviewer', async () => {
    const segment = await saveSegment('Any', { attr: 'score', op: 'gte', value: 0 });
    expect((await t.app.request('/api/segments/none', jsonRequest({ name: 'x', condition: { attr: 'score', op: 'gte', value: 0 } }, 'marketer', 'PUT'))).status).toBe(404);
    const bad = await json(await t.app.request(`/api/segments/${segment.id}`, jsonRequest({ name: '', condition: { attr: 'score', op: 'gte', value: 0 } }, 'marketer', 'PUT')));
    expect(bad.error.code).toBe('invalid_body');
    expect(bad.error.problems.map((p: { path: unknown[] }) => p.path)).toEqual([['name']]);
    expect((await t.app.request(`/api/segments/${segment.id}`, jsonRequest({ name: 'x', condition: { attr: 'score', op: 'gte', value: 0 } }, 'reviewer', 'PUT'))).status).toBe(403);
  });

  it('DELETE /api/segments/:id refuses a segment a published journey names (409 naming it), then deletes it once archived', async () => {
    const segment = await saveSegment('In use', { attr: 'score', op: 'gte', value: 1000 });
    const journeyId = await publishNewJourney(t.app, namingSegment(segment.id, 'Enterprise welcome'));
    const refused = await t.app.request(`/api/segments/${segment.id}`, { method: 'DELETE', headers: bearer('marketer') });
    expect(refused.status).toBe(409);
    expect((await json(refused)).error).toEqual({
      code: 'segment_in_use',
      message: `Segment "${segment.id}" cannot be deleted: published journeys enter its leads ("Enterprise welcome"). Give those journeys another trigger and publish them, or archive them, first.`,
      problems: [{ journeyId, journeyName: 'Enterprise welcome', version: 1 }],
    });
    await t.app.request(`/api/journeys/${journeyId}/archive`, { method: 'POST', headers: bearer('marketer') });
    expect(await json(await t.app.request(`/api/segments/${segment.id}/journeys`, { headers: bearer('reviewer') }))).toEqual({ published: [], drafts: [] });
    expect((await t.app.request(`/api/segments/${segment.id}`, { method: 'DELETE', headers: bearer('marketer') })).status).toBe(204);
    expect((await t.app.request(`/api/segments/${segment.id}`, { method: 'DELETE', headers: bearer('marketer') })).status).toBe(404);
  });

  it('GET /api/segments/:id/journeys names the published journeys that hold it and the drafts that name it; a draft alone does not keep it', async () => {
    const segment = await saveSegment('Named', { attr: 'score', op: 'gte', value: 1000 });
    const publishedId = await publishNewJourney(t.app, namingSegment(segment.id, 'Named welcome'));
    const { id: draftId } = await json(await t.app.request('/api/journeys', jsonRequest(namingSegment(segment.id, 'Named draft'))));
    const usage = await t.app.request(`/api/segments/${segment.id}/journeys`, { headers: bearer('operator') });
    expect(usage.status).toBe(200);
    expect(await json(usage)).toEqual({
      published: [{ journeyId: publishedId, journeyName: 'Named welcome', status: 'active', version: 1 }],
      drafts: [
        { journeyId: draftId, journeyName: 'Named draft', status: 'draft' },
        { journeyId: publishedId, journeyName: 'Named welcome', status: 'active' },
      ],
    });
    expect((await t.app.request('/api/segments/none/journeys', { headers: bearer('marketer') })).status).toBe(404);
    await t.app.request(`/api/journeys/${publishedId}/archive`, { method: 'POST', headers: bearer('marketer') });
    // Only the draft names it now: it is deleted, and the draft's trigger is then unknown_segment at publish.
    expect((await t.app.request(`/api/segments/${segment.id}`, { method: 'DELETE', headers: bearer('marketer') })).status).toBe(204);
    const refused = await t.app.request(`/api/journeys/${draftId}/publish`, { method: 'POST', headers: bearer('marketer') });
    expect((await json(refused)).error.problems.map((p: { code: string }) => p.code)).toEqual(['unknown_segment']);
  });

  it('POST /api/simulate runs the saved segment as stored now; one not stored is 422 unknown_segment', async () => {
    const segment = await saveSegment('Retail', { attr: 'attributes.industry', op: 'eq', value: 'retail' });
    const request = (journey: Journey) =>
      jsonRequest({
        journey,
        start: '2026-03-02T09:00:00Z',
        until: 'P1D',
        leads: [
          { id: 'shop', attributes: { industry: 'retail' } },
          { id: 'bank', attributes: { industry: 'finance' } },
        ],
        events: [],
      });
    const simulated = await json(await t.app.request('/api/simulate', request(namingSegment(segment.id))));
    expect(simulated.leads.map((l: { id: string; path: unknown[] }) => [l.id, l.path.length > 0])).toEqual([
      ['shop', true],
      ['bank', false],
    ]);
    const missing = await t.app.request('/api/simulate', request(namingSegment('no-such-segment')));
    expect(missing.status).toBe(422);
    expect((await json(missing)).error.problems.map((p: { code: string }) => p.code)).toEqual(['unknown_segment']);
  });
});
