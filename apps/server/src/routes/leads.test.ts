import { describeEachDatabase } from '@trellis/store/test-databases';
import { beforeAll, expect, it } from 'vitest';
import { bearer, dataTestApp, journeyOn, json, jsonRequest, publishNewJourney, uniqueId, waitingJourney } from '../testing.js';

describeEachDatabase('event and lead routes', (database) => {
  let t: ReturnType<typeof dataTestApp>;
  beforeAll(() => {
    t = dataTestApp(database.db);
  });

  const events = (body: unknown) => t.app.request('/api/events', jsonRequest(body, 'ingest'));
  const get = (path: string, role: Parameters<typeof bearer>[0] = 'operator') => t.app.request(path, { headers: bearer(role) });

  const publishWaiting = (event: string) => publishNewJourney(t.app, waitingJourney(event));

  it('accepts the good events of a batch (202), rejects each bad one alone, counts resends as duplicates', async () => {
    const lead = uniqueId('lead');
    const first = await events({
      events: [
        { id: `${lead}-1`, leadId: lead, type: 'page_visited', at: '2026-03-02T09:00:00Z', props: { path: '/pricing' } },
        { id: `${lead}-2`, leadId: lead, type: 'page_visited', at: 'yesterday' },
        { id: `${lead}-3`, leadId: lead, type: 'lead_updated', props: { score: 'high' } },
        'not an event',
        { id: `${lead}-4`, leadId: lead, type: 'email_opened' },
      ],
    });
    expect(first.status).toBe(202);
    expect(await json(first)).toEqual({
      accepted: 2,
      duplicates: 0,
      rejected: [
        { index: 1, problems: [{ path: ['at'], message: 'must be an ISO 8601 date-time such as 2026-03-02T09:00:00Z' }] },
        { index: 2, problems: [{ path: ['props', 'score'], message: 'Invalid input: expected number, received string' }] },
        { index: 3, problems: [{ path: [], message: 'Invalid input: expected object, received string' }] },
      ],
    });
    const again = await events({ events: [{ id: `${lead}-1`, leadId: lead, type: 'page_visited' }] });
    expect(await json(again)).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    // The unknown lead was created by its first event.
    expect((await get(`/api/leads/${lead}`)).status).toBe(200);
  });

  it('rejects an event holding NUL, a lone surrogate or the year 0000 alone and keeps the good ones of the batch (202)', async () => {
    const lead = uniqueId('lead');
    const res = await events({
      events: [
        { id: `${lead}-1`, leadId: lead, type: 'page_visited', props: { path: '/a\u0000' } },
        { id: `${lead}-2`, leadId: lead, type: 'page_visited', props: { path: '/pricing' } },
        { id: `${lead}-3\uDC00`, leadId: lead, type: 'page_visited' },
        { id: `${lead}-4`, leadId: lead, type: 'page_visited', at: '0000-01-01T00:00:00Z' },
      ],
    });
    expect(res.status).toBe(202);
    expect(await json(res)).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [
        { index: 0, problems: [{ path: ['props', 'path'], message: 'must not contain the NUL character (\\u0000)' }] },
        { index: 2, problems: [{ path: ['id'], message: 'must not contain a lone UTF-16 surrogate (text that is not Unicode)' }] },
        { index: 3, problems: [{ path: ['at'], message: 'must be in the years 0001 to 9999 (the year 0000 does not exist)' }] },
      ],
    });
  });

  it('refuses a batch over 1,000 events with 413 too_large, and a body without `events` with 400', async () => {
    const tooMany = await events({ events: Array.from({ length: 1001 }, () => 0) });
    expect(tooMany.status).toBe(413);
    expect(await json(tooMany)).toEqual({
      error: { code: 'too_large', message: 'A batch takes at most 1,000 events; this one has 1,001. Send it in smaller batches.' },
    });
    const noList = await events({ event: {} });
    expect(noList.status).toBe(400);
    expect((await json(noList)).error.code).toBe('invalid_body');
    const notJson = await events('{"events": [');
    expect(notJson.status).toBe(400);
    expect((await json(notJson)).error.code).toBe('malformed_json');
  });

  it('PUT /api/leads/:id creates and merges a lead and answers it as it now is', async () => {
    const lead = uniqueId('lead');
    const created = await t.app.request(`/api/leads/${lead}`, jsonRequest({ email: 'ada@example.com', attributes: { company: 'Acme' } }, 'ingest', 'PUT'));
    expect(created.status).toBe(200);
    const merged = await t.app.request(
      `/api/leads/${lead}`,
      jsonRequest({ score: 12, attributes: { role: 'cto' }, consent: { email: 'opted_in' }, timezone: 'Europe/London' }, 'ingest', 'PUT'),
    );
    expect(await json(merged)).toEqual({
      id: lead,
      email: 'ada@example.com',
      phone: null,
      timezone: 'Europe/London',
      owner: null,
      score: 12,
      stage: null,
      attributes: { company: 'Acme', role: 'cto' },
      consent: { email: 'opted_in' },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const wrong = await t.app.request(`/api/leads/${lead}`, jsonRequest({ consent: { email: 'yes' }, shoeSize: 9 }, 'ingest', 'PUT'));
    expect(wrong.status).toBe(400);
    expect((await json(wrong)).error.problems.map((p: { path: unknown[] }) => p.path)).toEqual([['consent', 'email'], []]);
    const blank = await t.app.request('/api/leads/%20', jsonRequest({ score: 1 }, 'ingest', 'PUT'));
    expect([blank.status, (await json(blank)).error]).toEqual([400, { code: 'invalid_path', message: 'A lead id is 1 to 200 characters, not only spaces.' }]);
    const mars = await t.app.request(`/api/leads/${lead}`, jsonRequest({ timezone: 'Mars/Olympus' }, 'ingest', 'PUT'));
    expect(mars.status).toBe(400);
    expect((await json(mars)).error.problems).toEqual([
      { path: ['timezone'], message: 'is not a time zone; use an IANA name such as Europe/London or America/New_York' },
    ]);
    expect((await json(await t.app.request(`/api/leads/${lead}`, { headers: bearer('operator') }))).timezone).toBe('Europe/London');
  });

  it("GET /api/leads/:id shows the lead's journeys, and the timeline its events and steps oldest first", async () => {
    const event = uniqueId('signed_up');
    const journeyId = await publishWaiting(event);
    const lead = uniqueId('lead');
    await events({ events: [{ id: `${lead}-a`, leadId: lead, type: event, props: { plan: 'pro' } }] });
    await t.engine.worker.drain();

    const got = await json(await get(`/api/leads/${lead}`, 'sales'));
    expect(got.journeys).toEqual([
      {
        journeyId,
        version: 1,
        nodeId: 'pause',
        status: 'active',
        enteredAt: expect.any(String),
        endedAt: null,
        journeyName: `On ${event}`,
        nodeLabel: null,
        nodeType: 'wait',
      },
    ]);
    const { items } = await json(await get(`/api/leads/${lead}/timeline`));
    expect(items.map((i: { kind: string; type?: string; nodeId?: string }) => [i.kind, i.type ?? i.nodeId])).toEqual([
      ['event', 'lead_created'],
      ['event', event],
      ['step', 'start'],
      ['step', 'pause'],
    ]);
    expect(items[1]).toEqual({ kind: 'event', at: expect.stringMatching(/Z$/), id: `${lead}-a`, type: event, props: { plan: 'pro' } });
    const times = items.map((i: { at: string }) => i.at);
    expect([...times].sort()).toEqual(times);
    expect((await get('/api/leads/nobody')).status).toBe(404);
    expect((await get('/api/leads/nobody/timeline')).status).toBe(404);
  });

  it("names the journey as it is now, and each step, send and score change as the run's version drew it", async () => {
    const event = uniqueId('asked');
    const template = uniqueId('tpl');
    const made = await t.app.request('/api/templates', jsonRequest({ id: template, channel: 'email', name: 'Hello from us', subject: 'Hi', body: 'Hello.' }));
    expect(made.status).toBe(201);
    const journey = journeyOn(
      event,
      [
        { id: 'hello', type: 'send', position: { x: 0, y: 100 }, data: { label: 'Say hello', channel: 'email', template } },
        { id: 'boost', type: 'update', position: { x: 0, y: 200 }, data: { label: ' Warm up ', score: { add: 10 } } },
        { id: 'pause', type: 'wait', position: { x: 0, y: 300 }, data: { for: 'P1D' } },
      ],
      [['start', 'hello'], ['hello', 'boost'], ['boost', 'pause']],
      'Speed to lead',
    );
    const { id: journeyId } = await json(await t.app.request('/api/journeys', jsonRequest(journey)));
    expect((await t.app.request(`/api/journeys/${journeyId}/publish`, { method: 'POST', headers: bearer('marketer') })).status).toBe(200);
    const lead = uniqueId('lead');
    await events({ events: [{ id: `${lead}-a`, leadId: lead, type: event }] });
    await t.engine.worker.drain();
    // Version 2 relabels the steps and the journey is renamed; the lead's run stays on version 1.
    const v2 = structuredClone(journey);
    v2.name = 'Speedy follow-up';
    for (const node of v2.nodes) node.data.label = `${node.id} in v2`;
    expect((await t.app.request(`/api/journeys/${journeyId}`, jsonRequest(v2, 'marketer', 'PUT'))).status).toBe(200);
    expect(await json(await t.app.request(`/api/journeys/${journeyId}/publish`, { method: 'POST', headers: bearer('marketer') }))).toEqual({ version: 2 });

    const got = await json(await get(`/api/leads/${lead}`, 'sales'));
    expect(got.journeys).toMatchObject([{ journeyId, version: 1, nodeId: 'pause', journeyName: 'Speedy follow-up', nodeLabel: null, nodeType: 'wait' }]);
    const { items } = await json(await get(`/api/leads/${lead}/timeline`, 'sales'));
    const named = items
      .filter((i: { kind: string }) => i.kind !== 'event')
      .map((i: { kind: string; nodeId: string; journeyName: string; nodeLabel: string | null; nodeType: string | null }) => [
        i.kind,
        i.nodeId,
        i.journeyName,
        i.nodeLabel,
        i.nodeType,
      ]);
    // Sorted: items of one instant keep the timeline's kind order, which is not what is tested here.
    expect(named.sort()).toEqual([
      ['score', 'boost', 'Speedy follow-up', 'Warm up', 'update'],
      ['send', 'hello', 'Speedy follow-up', 'Say hello', 'send'],
      ['step', 'boost', 'Speedy follow-up', 'Warm up', 'update'],
      ['step', 'hello', 'Speedy follow-up', 'Say hello', 'send'],
      ['step', 'pause', 'Speedy follow-up', null, 'wait'],
      ['step', 'start', 'Speedy follow-up', null, 'trigger'],
    ]);
    expect(items.find((i: { kind: string }) => i.kind === 'send')).toMatchObject({ template, templateName: 'Hello from us', status: 'sent' });
    // The lead's own events name no step: they are answered as before.
    expect(items.find((i: { kind: string; type?: string }) => i.type === event)).toEqual({
      kind: 'event',
      at: expect.any(String),
      id: `${lead}-a`,
      type: event,
      props: {},
    });
  });

  it('lists the leads at a node a page at a time, and an operator removes one (204, then 404)', async () => {
    const event = uniqueId('joined');
    const journeyId = await publishWaiting(event);
    const leads = ['a', 'b', 'c'].map((x) => `${uniqueId('lead')}-${x}`).sort();
    await events({ events: leads.map((leadId, i) => ({ id: `${leadId}-${i}`, leadId, type: event })) });
    await t.engine.worker.drain();

    const page1 = await json(await get(`/api/journeys/${journeyId}/nodes/pause/leads?limit=2`));
    expect(page1.leads.map((l: { leadId: string }) => l.leadId)).toEqual(leads.slice(0, 2));
    expect(page1.next).toEqual(expect.any(String));
    expect(page1.total).toBe(3);
    expect(page1.leads[0]).toEqual({
      leadId: leads[0],
      runId: expect.any(String),
      version: 1,
      enteredAt: expect.any(String),
      wakeAt: expect.any(String),
      email: null,
      score: 0,
      stage: null,
      lastActivityAt: expect.any(String),
      heldUntil: null,
      // The step is a wait of a duration; the lead has no zone and neither has the journey.
      reason: { kind: 'delay', zone: 'UTC' },
    });
    const page2 = await json(await get(`/api/journeys/${journeyId}/nodes/pause/leads?limit=2&cursor=${encodeURIComponent(page1.next)}`));
    expect([page2.leads.map((l: { leadId: string }) => l.leadId), page2.next]).toEqual([[leads[2]], null]);
    const noSuchNode = await get(`/api/journeys/${journeyId}/nodes/nope/leads`);
    expect(noSuchNode.status).toBe(404);
    expect((await json(noSuchNode)).error).toEqual({ code: 'not_found', message: `Journey "${journeyId}" has no node "nope" in its draft or any version.` });
    const badLimit = await get(`/api/journeys/${journeyId}/nodes/pause/leads?limit=0`);
    expect(badLimit.status).toBe(400);
    expect((await json(badLimit)).error.code).toBe('invalid_query');

    const removed = await t.app.request(`/api/journeys/${journeyId}/leads/${leads[0]}`, { method: 'DELETE', headers: bearer('operator') });
    expect(removed.status).toBe(204);
    const lead = await json(await get(`/api/leads/${leads[0]}`));
    expect(lead.journeys).toEqual([expect.objectContaining({ journeyId, status: 'done', outcome: 'removed' })]);
    const twice = await t.app.request(`/api/journeys/${journeyId}/leads/${leads[0]}`, { method: 'DELETE', headers: bearer('operator') });
    expect(twice.status).toBe(404);
    expect(await json(twice)).toEqual({ error: { code: 'not_found', message: `Lead "${leads[0]}" is not in journey "${journeyId}".` } });
    const stats = await json(await get(`/api/journeys/${journeyId}/stats`));
    expect(stats).toEqual({ version: 1, nodes: { start: { current: 0, entered: 3 }, pause: { current: 2, entered: 3 } }, outcomes: { removed: 1 } });
  });
});
