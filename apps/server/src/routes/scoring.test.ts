import { describeEachDatabase } from '@trellis/store/test-databases';
import { beforeAll, expect, it } from 'vitest';
import { bearer, dataTestApp, json, jsonRequest } from '../testing.js';

const model = {
  rules: [
    { id: 'saas', label: 'SaaS', points: 10, on: { condition: { attr: 'industry', op: 'eq', value: 'saas' } } },
    { id: 'pricing', points: 15, on: { event: 'page_visited', where: { url: { op: 'contains', value: '/pricing' } } }, max: { points: 30, per: 'P7D' } },
  ],
  decay: { points: 5, every: 'P14D' },
  thresholds: [{ score: 20, stage: 'mql' }],
};

describeEachDatabase('scoring routes', (database) => {
  let t: ReturnType<typeof dataTestApp>;
  beforeAll(() => {
    t = dataTestApp(database.db);
  });

  it('answers no rules before a model is saved; a marketer saves one, every reader reads it, and the re-score runs to done', async () => {
    expect(await json(await t.app.request('/api/scoring', { headers: bearer('reviewer') }))).toEqual({ rules: [] });
    expect(await json(await t.app.request('/api/scoring/status', { headers: bearer('operator') }))).toEqual({
      version: null,
      updatedAt: null,
      updatedBy: null,
      rescore: null,
    });
    await t.app.request('/api/leads/ada', jsonRequest({ attributes: { industry: 'saas' } }, 'ingest', 'PUT'));
    const put = await t.app.request('/api/scoring', jsonRequest(model, 'marketer', 'PUT'));
    expect(put.status).toBe(200);
    expect(await json(put)).toEqual(model);
    expect(await json(await t.app.request('/api/scoring', { headers: bearer('operator') }))).toEqual(model);
    const running = await json(await t.app.request('/api/scoring/status', { headers: bearer('marketer') }));
    expect(running).toMatchObject({ version: 1, updatedBy: 'marketer user', rescore: { status: 'running', total: 1, done: 0, modelVersion: 1 } });
    await t.engine.worker.drain();
    const done = await json(await t.app.request('/api/scoring/status', { headers: bearer('marketer') }));
    expect(done.rescore).toMatchObject({ status: 'done', done: 1, finishedAt: expect.any(String) });

    await t.engine.ingest([{ id: 'v1', leadId: 'ada', type: 'page_visited', props: { url: '/pricing' } }]);
    await t.engine.worker.drain();
    const card = await json(await t.app.request('/api/leads/ada/score', { headers: bearer('sales') }));
    expect(card).toEqual({
      score: 25,
      fit: 10,
      behaviour: 15,
      history: [
        { at: expect.any(String), points: 15, ruleId: 'pricing', reason: 'pricing', eventId: 'v1', eventType: 'page_visited' },
        { at: expect.any(String), points: 10, ruleId: 'saas', reason: 'fits: SaaS', eventId: null, eventType: null },
      ],
    });
    const lead = await json(await t.app.request('/api/leads/ada', { headers: bearer('operator') }));
    expect(lead).toMatchObject({ score: 25, stage: 'mql' });
  });

  it('lets only marketers and admins write, and refuses a bad model with 400 naming each place', async () => {
    expect((await t.app.request('/api/scoring', jsonRequest(model, 'reviewer', 'PUT'))).status).toBe(403);
    expect((await t.app.request('/api/scoring', jsonRequest(model, 'operator', 'PUT'))).status).toBe(403);
    expect((await t.app.request('/api/scoring', { headers: bearer('sales') })).status).toBe(403);
    expect((await t.app.request('/api/scoring', jsonRequest(model, 'admin', 'PUT'))).status).toBe(200);
    const bad = await t.app.request(
      '/api/scoring',
      jsonRequest(
        {
          rules: [
            { id: 'a', points: 5, on: { event: 'x' }, max: { points: 10, per: 'weekly' } },
            { id: 'a', points: 0, on: { condition: { attr: 'industry', op: 'like', value: 'x' } } },
          ],
          decay: { points: -1, every: 'P1D' },
        },
        'marketer',
        'PUT',
      ),
    );
    expect(bad.status).toBe(400);
    const body = await json(bad);
    expect(body.error.code).toBe('invalid_body');
    const paths = body.error.problems.map((p: { path: (string | number)[] }) => p.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['rules.0.max.per', 'rules.1.points', 'decay.points']));
    expect((await t.app.request('/api/scoring', { method: 'PUT', headers: { ...bearer('marketer'), 'content-type': 'application/json' }, body: '{' })).status).toBe(400);
  });

  it('simulates with the scoring model the request carries: the model\'s points cross a score trigger', async () => {
    const journey = {
      schemaVersion: 1,
      name: 'Hot leads',
      settings: {},
      nodes: [
        { id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: { on: { condition: { attr: 'score', op: 'gte', value: 20 } } } },
        { id: 'x', type: 'exit', position: { x: 0, y: 100 }, data: { outcome: 'hot' } },
      ],
      edges: [{ id: 'e', source: 't', target: 'x', sourceHandle: 'out' }],
    };
    const request = {
      journey,
      start: '2026-03-02T09:00:00Z',
      until: 'P1D',
      leads: [{ id: 'ada', attributes: { industry: 'saas' } }],
      events: [{ leadId: 'ada', type: 'page_visited', at: '2026-03-02T10:00:00Z', props: { url: '/pricing' } }],
    };
    const scored = await json(await t.app.request('/api/simulate', jsonRequest({ ...request, scoring: model })));
    expect(scored.leads[0]).toMatchObject({ outcome: 'hot', path: [{ nodeId: 't', at: '2026-03-02T10:00:00.000Z' }, { nodeId: 'x' }] });
    const unscored = await json(await t.app.request('/api/simulate', jsonRequest(request)));
    expect(unscored.leads[0]).toMatchObject({ outcome: null, path: [] });
    const bad = await t.app.request('/api/simulate', jsonRequest({ ...request, scoring: { rules: [{ id: 'x', points: 5 }] } }));
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.problems.map((p: { path: unknown[] }) => p.path.join('.'))).toContain('scoring.rules.0.on');
  });

  it("answers a lead's segments, and 404 for the score or segments of an unknown lead", async () => {
    await t.app.request('/api/leads/bo', jsonRequest({ attributes: { industry: 'retail' } }, 'ingest', 'PUT'));
    const retail = await json(await t.app.request('/api/segments', jsonRequest({ name: 'Retail', condition: { attr: 'industry', op: 'eq', value: 'retail' } })));
    await t.app.request('/api/segments', jsonRequest({ name: 'SaaS', condition: { attr: 'industry', op: 'eq', value: 'saas' } }));
    expect(await json(await t.app.request('/api/leads/bo/segments', { headers: bearer('sales') }))).toEqual({ segments: [{ id: retail.id, name: 'Retail' }] });
    const missing = await t.app.request('/api/leads/nobody/score', { headers: bearer('marketer') });
    expect(missing.status).toBe(404);
    expect((await json(missing)).error.code).toBe('not_found');
    expect((await t.app.request('/api/leads/nobody/segments', { headers: bearer('marketer') })).status).toBe(404);
  });
});
