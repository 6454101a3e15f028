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
