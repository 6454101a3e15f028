import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTemplate, getSendDelivery } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { insertTestSend } from '@trellis/store/test-sends';
import { createDelivery } from './delivery.js';
import { signBody } from './signed-post.js';
import { createCheckedTemplate } from './template-library.js';
import { LOCAL_RECEIVER_ALLOW, startHttpReceiver, type HttpReceiver } from './test-receivers.js';

let receiver: HttpReceiver;
beforeAll(async () => {
  receiver = await startHttpReceiver();
});
afterAll(() => receiver.close());

describeEachDatabase("a webhook template's own request", (database) => {
  const at = new Date('2031-05-01T09:00:00.000Z');
  const payload = (id: string) => ({
    lead: { id, email: `${id}@example.com`, attributes: { first_name: 'Ada "A"' } },
    journey: { id: 'welcome', name: 'Welcome', version: 1 },
    nodeId: 'hook1',
  });
  async function deliver(leadId: string) {
    const delivery = createDelivery({ db: database.db, webhookSecret: 's', trackingSecret: 't', now: () => at, webhookAllow: LOCAL_RECEIVER_ALLOW });
    try {
      return (await delivery.deliverDue()).filter((report) => report.leadId === leadId);
    } finally {
      delivery.close();
    }
  }

  it('sends its method, headers and rendered JSON body, signed over the body as sent', async () => {
    const request = { method: 'PUT' as const, headers: { 'X-Api-Key': 'k-123' }, body: '{"email": {{ lead.email | json }}, "name": {{ lead.first_name | json }}}' };
    await createTemplate(database.db, { id: 'crm-put', channel: 'webhook', name: 'CRM', body: `${receiver.url}/contacts`, request });
    await insertTestSend(database.db, { leadId: 'wr-ada', id: 'w1', channel: 'webhook', template: 'crm-put', at, payload: payload('wr-ada') });
    const before = receiver.received.length;
    expect((await deliver('wr-ada')).map((r) => r.outcome)).toEqual(['delivered']);
    const got = receiver.received[before]!;
    expect([got.method, got.path, got.headers['x-api-key'], got.rawBody]).toEqual(['PUT', '/contacts', 'k-123', '{"email": "wr-ada@example.com", "name": "Ada \\"A\\""}']);
    expect(got.headers['x-trellis-signature']).toBe(signBody('s', got.rawBody));
  });

  it('fails the send, saying so, when the body does not render to JSON', async () => {
    const request = { method: 'POST' as const, headers: {}, body: '{"name": {{ lead.first_name }}}' };
    await createTemplate(database.db, { id: 'crm-bad', channel: 'webhook', name: 'CRM', body: `${receiver.url}/x`, request });
    await insertTestSend(database.db, { leadId: 'wr-bob', id: 'w2', channel: 'webhook', template: 'crm-bad', at, payload: payload('wr-bob') });
    const [report] = await deliver('wr-bob');
    expect([report!.outcome, report!.error]).toEqual(['failed', expect.stringMatching(/^webhook template "crm-bad"'s body is not JSON: /)]);
    expect((await getSendDelivery(database.db, 'wr-bob', 'w2'))?.status).toBe('failed');
  });

  it('refuses on save a header Trellis sets itself, a Liquid error in the body, and a request on another channel', async () => {
    const hook = (request: unknown, channel = 'webhook') => ({ id: 'crm-x', channel, name: 'X', body: 'https://crm.example/h', request });
    const reserved = await createCheckedTemplate(database.db, hook({ method: 'POST', headers: { 'X-Trellis-Signature': 'forged' }, body: null }));
    expect(!reserved.ok && reserved.problems.map((p) => [p.message, p.path])).toEqual([['Trellis sets this header itself', ['request', 'headers', 'X-Trellis-Signature']]]);
    const broken = await createCheckedTemplate(database.db, hook({ method: 'PATCH', headers: {}, body: '{"a": {{ lead.email }' }));
    expect(!broken.ok && broken.problems[0]!.path).toEqual(['request', 'body']);
    const sms = await createCheckedTemplate(database.db, { ...hook({ method: 'POST', headers: {}, body: null }, 'sms'), body: 'hi' });
    expect(!sms.ok && sms.problems[0]!.path).toEqual(['request']);
  });
});
