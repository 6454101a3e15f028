import { describeEachDatabase } from '@trellis/store/test-databases';
import { beforeAll, expect, it } from 'vitest';
import { bearer, dataTestApp, json, jsonRequest, storeTemplatesFor, welcomeJourney } from '../testing.js';

describeEachDatabase('journey routes', (database) => {
  let app: ReturnType<typeof dataTestApp>['app'];
  beforeAll(async () => {
    app = dataTestApp(database.db).app;
    await storeTemplatesFor(app, welcomeJourney);
  });

  const create = async (journey: unknown) => {
    const res = await app.request('/api/journeys', jsonRequest(journey));
    expect(res.status).toBe(201);
    return json(res);
  };
  const post = (path: string, role: Parameters<typeof bearer>[0] = 'marketer') => app.request(path, { method: 'POST', headers: bearer(role) });

  it('creates a draft (201) and answers it with its id, document, status and no published version', async () => {
    const res = await app.request('/api/journeys', jsonRequest(welcomeJourney));
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), journey: welcomeJourney, status: 'draft', publishedVersion: null });
    expect(res.headers.get('location')).toBe(`/api/journeys/${body.id}`);
    const got = await app.request(`/api/journeys/${body.id}`, { headers: bearer('reviewer') });
    expect(got.status).toBe(200);
    expect(await json(got)).toEqual(body);
  });

  it('saves an invalid draft as it was sent, and names an untitled one', async () => {
    const broken = { nodes: [{ id: 'w', type: 'wait', position: { x: 0, y: 0 }, data: { for: 'soon' } }], edges: [] };
    const created = await create(broken);
    expect(created.journey).toEqual(broken);
    const list = await json(await app.request('/api/journeys', { headers: bearer('operator') }));
    expect(list.journeys.find((j: { id: string }) => j.id === created.id)).toEqual({
      id: created.id,
      name: 'Untitled journey',
      status: 'draft',
      publishedVersion: null,
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      approvalRequested: null,
    });
  });

  it('refuses a body that is not a JSON object with 400 invalid_body', async () => {
    for (const body of [[welcomeJourney], 'just text', 42]) {
      const res = await app.request('/api/journeys', jsonRequest(JSON.stringify(body)));
      expect(res.status).toBe(400);
      expect(await json(res)).toEqual({
        error: { code: 'invalid_body', message: 'The body does not match its schema: a journey document must be a JSON object.', problems: [{ path: [], message: 'a journey document must be a JSON object' }] },
      });
    }
  });

  it('refuses a draft that could not be drawn (400, naming each place), before or after it exists', async () => {
    const { id } = await create(welcomeJourney);
    const bodies: Array<[unknown, Array<[Array<string | number>, string]>]> = [
      [{ nodes: 'x', edges: [] }, [[['nodes'], 'must be a list of nodes']]],
      [{ ...welcomeJourney, name: 5 }, [[['name'], 'must be a string']]],
      [
        { nodes: [{ id: 'a', type: 'wait', data: {} }, { type: 'exit', position: { x: 0, y: 'top' }, data: [] }], edges: [{ id: 'e', source: 'a' }] },
        [
          [['nodes', 0, 'position'], 'must be an object with numbers x and y'],
          [['nodes', 1, 'id'], 'a node needs an id (a string)'],
          [['nodes', 1, 'position', 'y'], 'Invalid input: expected number, received string'],
          [['nodes', 1, 'data'], 'data must be an object'],
          [['edges', 0, 'target'], 'an edge needs a target (a node id)'],
        ],
      ],
      [{ name: 'No steps at all' }, [[['nodes'], 'must be a list of nodes'], [['edges'], 'must be a list of edges']]],
    ];
    for (const [body, problems] of bodies) {
      for (const res of [await app.request('/api/journeys', jsonRequest(body)), await app.request(`/api/journeys/${id}`, jsonRequest(body, 'marketer', 'PUT'))]) {
        expect(res.status).toBe(400);
        const { error } = await json(res);
        expect(error.code).toBe('invalid_body');
        expect(error.problems.map((p: { path: unknown; message: string }) => [p.path, p.message])).toEqual(problems);
      }
    }
    // Nothing accepted is lost: the stored draft is still the one saved before.
    expect((await json(await app.request(`/api/journeys/${id}`, { headers: bearer('marketer') }))).journey).toEqual(welcomeJourney);
  });

  it('saves the draft with PUT, renaming the journey; 404 for an unknown journey', async () => {
    const { id } = await create(welcomeJourney);
    const renamed = { ...welcomeJourney, name: 'Welcome back' };
    const res = await app.request(`/api/journeys/${id}`, jsonRequest(renamed, 'marketer', 'PUT'));
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ id, journey: renamed, status: 'draft', publishedVersion: null });
    const list = await json(await app.request('/api/journeys', { headers: bearer('marketer') }));
    expect(list.journeys.find((j: { id: string }) => j.id === id).name).toBe('Welcome back');

    const missing = await app.request('/api/journeys/nope', jsonRequest(renamed, 'marketer', 'PUT'));
    expect(missing.status).toBe(404);
    expect(await json(missing)).toEqual({ error: { code: 'not_found', message: 'There is no journey "nope".' } });
  });

  it('publishes versions 1 and 2, keeps each in the history, and activates the journey', async () => {
    const { id } = await create(welcomeJourney);
    const first = await post(`/api/journeys/${id}/publish`);
    expect(first.status).toBe(200);
    expect(await json(first)).toEqual({ version: 1 });
    await app.request(`/api/journeys/${id}`, jsonRequest({ ...welcomeJourney, name: 'Welcome v2' }, 'marketer', 'PUT'));
    expect(await json(await post(`/api/journeys/${id}/publish`))).toEqual({ version: 2 });

    const got = await json(await app.request(`/api/journeys/${id}`, { headers: bearer('marketer') }));
    expect([got.status, got.publishedVersion]).toEqual(['active', 2]);
    const history = await json(await app.request(`/api/journeys/${id}/versions`, { headers: bearer('reviewer') }));
    expect(history.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const v1 = await app.request(`/api/journeys/${id}/versions/1`, { headers: bearer('reviewer') });
    expect(await json(v1)).toEqual({ journeyId: id, version: 1, publishedAt: history.versions[1].publishedAt, journey: welcomeJourney });
    expect((await app.request(`/api/journeys/${id}/versions/3`, { headers: bearer('reviewer') })).status).toBe(404);
    const bad = await app.request(`/api/journeys/${id}/versions/first`, { headers: bearer('reviewer') });
    expect(bad.status).toBe(400);
    expect(await json(bad)).toEqual({ error: { code: 'invalid_path', message: 'The version must be a whole number from 1 (got "first").' } });
  });

  it('answers 422 invalid_journey with the problems when the draft has errors, and publishes nothing', async () => {
    const { id } = await create({ ...welcomeJourney, nodes: welcomeJourney.nodes.map((n) => (n.id === 'done' ? { ...n, data: {} } : n)) });
    const res = await post(`/api/journeys/${id}/publish`);
    expect(res.status).toBe(422);
    const { error } = await json(res);
    expect(error.code).toBe('invalid_journey');
    expect(error.message).toMatch(/^The journey cannot be published: it has \d+ errors?\.$/);
    expect(error.problems.length).toBeGreaterThan(0);
    expect(error.problems.every((p: { path: unknown[]; nodeId?: string }) => Array.isArray(p.path))).toBe(true);
    const got = await json(await app.request(`/api/journeys/${id}`, { headers: bearer('marketer') }));
    expect([got.status, got.publishedVersion]).toEqual(['draft', null]);
  });

  it('refuses to publish a send naming a template that does not exist (422 unknown_template on the node), and publishes once it is stored', async () => {
    const draft = {
      ...welcomeJourney,
      nodes: welcomeJourney.nodes.map((n) => (n.id === 'hello' ? { ...n, data: { label: 'Welcome email', channel: 'email', template: 'welcome-1' } } : n)),
    };
    const { id } = await create(draft);
    const res = await post(`/api/journeys/${id}/publish`);
    expect(res.status).toBe(422);
    expect(await json(res)).toEqual({
      error: {
        code: 'invalid_journey',
        message: 'The journey cannot be published: it has 1 error.',
        problems: [
          {
            severity: 'error',
            code: 'unknown_template',
            message: 'Send "Welcome email" names template "welcome-1", which does not exist; pick a stored email template or create it',
            nodeId: 'hello',
            path: ['nodes', 1, 'data', 'template'],
          },
        ],
      },
    });
    const got = await json(await app.request(`/api/journeys/${id}`, { headers: bearer('marketer') }));
    expect([got.status, got.publishedVersion]).toEqual(['draft', null]);

    await app.request('/api/templates', jsonRequest({ id: 'welcome-1', channel: 'email', name: 'Welcome', subject: 'Hi', body: 'Hello' }));
    expect(await json(await post(`/api/journeys/${id}/publish`))).toEqual({ version: 1 });
  });

  it('pauses, resumes and archives, answering the summary; 409 for a move the status does not allow', async () => {
    const { id } = await create(welcomeJourney);
    expect((await post(`/api/journeys/${id}/pause`)).status).toBe(409);
    await post(`/api/journeys/${id}/publish`);
    const paused = await post(`/api/journeys/${id}/pause`);
    expect(paused.status).toBe(200);
    expect(await json(paused)).toEqual({ id, name: 'Welcome', status: 'paused', publishedVersion: 1, updatedAt: expect.any(String) });
    const again = await post(`/api/journeys/${id}/pause`);
    expect(again.status).toBe(409);
    expect(await json(again)).toEqual({ error: { code: 'conflict', message: 'Only an active journey can be paused; this one is paused.' } });
    expect((await json(await post(`/api/journeys/${id}/resume`))).status).toBe('active');
    expect((await json(await post(`/api/journeys/${id}/archive`))).status).toBe('archived');
    expect((await post(`/api/journeys/${id}/publish`)).status).toBe(409);
  });

  it('answers 404 for every journey route given an unknown id', async () => {
    for (const path of ['/api/journeys/nope', '/api/journeys/nope/versions', '/api/journeys/nope/versions/1', '/api/journeys/nope/stats']) {
      const res = await app.request(path, { headers: bearer('admin') });
      expect([path, res.status]).toEqual([path, 404]);
    }
    for (const action of ['publish', 'pause', 'resume', 'archive']) {
      const res = await post(`/api/journeys/nope/${action}`);
      expect([action, res.status, (await json(res)).error.code]).toEqual([action, 404, 'not_found']);
    }
  });
});
