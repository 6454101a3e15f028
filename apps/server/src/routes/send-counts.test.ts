import { createDelivery } from '@trellis/channels';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { beforeAll, expect, it } from 'vitest';
import { bearer, dataTestApp, journeyOn, json, jsonRequest, storeTemplatesFor, uniqueId } from '../testing.js';

describeEachDatabase('send counts route', (database) => {
  let t: ReturnType<typeof dataTestApp>;
  beforeAll(() => {
    t = dataTestApp(database.db);
  });

  it("counts a live journey's sends per channel and status", async () => {
    const event = uniqueId('signed_up');
    const journey = journeyOn(
      event,
      [
        { id: 'hello', type: 'send', position: { x: 0, y: 100 }, data: { channel: 'email', template: 'welcome' } },
        { id: 'done', type: 'exit', position: { x: 0, y: 200 }, data: { outcome: 'completed' } },
      ],
      [['start', 'hello'], ['hello', 'done']],
    );
    await storeTemplatesFor(t.app, journey);
    const { id } = await json(await t.app.request('/api/journeys', jsonRequest(journey)));
    await t.app.request(`/api/journeys/${id}/publish`, { method: 'POST', headers: bearer('marketer') });
    const leads = [uniqueId('lead'), uniqueId('lead')];
    for (const leadId of leads) await t.app.request(`/api/leads/${leadId}`, jsonRequest({ email: `${leadId}@example.com` }, 'ingest', 'PUT'));
    await t.app.request('/api/events', jsonRequest({ events: leads.map((leadId) => ({ id: `${leadId}-e`, leadId, type: event })) }, 'ingest'));
    await t.engine.worker.drain();
    const res = await t.app.request(`/api/journeys/${id}/sends`, { headers: bearer('operator') });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ sends: [{ channel: 'email', status: 'sent', count: 2, delivered: 0, failedDelivery: 0 }] });
    expect((await t.app.request('/api/journeys/nope/sends', { headers: bearer('operator') })).status).toBe(404);
  });
});

describeEachDatabase('send counts of sends that cannot be delivered', (database) => {
  let t: ReturnType<typeof dataTestApp>;
  beforeAll(() => {
    t = dataTestApp(database.db);
  });

  it('counts a send whose stored template no longer renders as failed, with its reason, never as sent', async () => {
    const event = uniqueId('signed_up');
    const template = uniqueId('breaks-later');
    const journey = journeyOn(
      event,
      [
        { id: 'hello', type: 'send', position: { x: 0, y: 100 }, data: { channel: 'email', template } },
        { id: 'done', type: 'exit', position: { x: 0, y: 200 }, data: { outcome: 'completed' } },
      ],
      [['start', 'hello'], ['hello', 'done']],
    );
    await storeTemplatesFor(t.app, journey);
    const { id } = await json(await t.app.request('/api/journeys', jsonRequest(journey)));
    expect((await t.app.request(`/api/journeys/${id}/publish`, { method: 'POST', headers: bearer('marketer') })).status).toBe(200);
    // Saved before the render tag was refused at save: the stored template cannot render now.
    await database.db.query(`update templates set body = $2 where id = $1`, [template, "{% render 'x' %}"]);
    const lead = uniqueId('lead');
    await t.app.request(`/api/leads/${lead}`, jsonRequest({ email: `${lead}@example.com` }, 'ingest', 'PUT'));
    await t.app.request('/api/events', jsonRequest({ events: [{ id: `${lead}-e`, leadId: lead, type: event }] }, 'ingest'));
    await t.engine.worker.drain();
    const delivery = createDelivery({ db: database.db });
    expect((await delivery.deliverDue()).filter((r) => r.leadId === lead).map((r) => r.outcome)).toEqual(['failed']);
    delivery.close();

    expect(await json(await t.app.request(`/api/journeys/${id}/sends`, { headers: bearer('operator') }))).toEqual({
      sends: [{ channel: 'email', status: 'failed', count: 1, delivered: 0, failedDelivery: 1 }],
    });
    const rows = await database.db.query<{ status: string; lastError: string }>(`select status, last_error as "lastError" from sends where lead_id = $1`, [lead]);
    expect(rows).toEqual([{ status: 'failed', lastError: expect.stringMatching(new RegExp(`^template "${template}" failed to render: `)) }]);
    const { items } = await json(await t.app.request(`/api/leads/${lead}/timeline`, { headers: bearer('operator') }));
    expect(items.filter((i: { kind: string }) => i.kind === 'send').map((i: { status: string }) => i.status)).toEqual(['failed']);
    expect((await json(await t.app.request(`/api/outbox?leadId=${lead}`, { headers: bearer('operator') }))).messages).toEqual([]);
    const stats = await json(await t.app.request(`/api/journeys/${id}/stats`, { headers: bearer('operator') }));
    expect(stats.nodes.hello.sends?.sent ?? 0).toBe(0);
  });
});
