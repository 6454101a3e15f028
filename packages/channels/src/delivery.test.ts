import { createHmac } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import {
  claimDueSends,
  createTemplate,
  getSendDelivery,
  listOutbox,
  listTasks,
  upsertSender,
  type SqlExecutor,
} from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { insertTestSend } from '@trellis/store/test-sends';
import { createDelivery, deliveryOptionsFromEnv, type DeliveryOptions } from './delivery.js';
import type { SendPayload } from './send-payload.js';
import { signTrackingToken, TRACKING_LIFETIME_S, type TrackingPurpose } from './tracking-token.js';
import { LOCAL_RECEIVER_ALLOW, startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from './test-receivers.js';
import { NOTHING_ALLOWED, parseWebhookAllow } from './webhook-address.js';

/**
 * Each test runs on its own stretch of time, earlier than every test before it, so the sends a
 * test leaves pending are never due in the tests after it (deliverDue takes whatever is due).
 */
let testCount = 0;
function testClock() {
  testCount += 1;
  let now = Date.UTC(2040 - testCount, 0, 1);
  return {
    start: new Date(now),
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

function payload(leadId: string, patch: Partial<SendPayload['lead']> = {}, sender?: SendPayload['sender']): SendPayload {
  return {
    lead: {
      id: leadId,
      email: `${leadId}@example.com`,
      phone: '+44 20 7946 0000',
      timezone: 'Europe/London',
      owner: 'sam@acme.test',
      score: 12,
      stage: 'lead',
      attributes: { first_name: 'Ada', company: 'Analytical Engines' },
      ...patch,
    },
    journey: { id: 'welcome', name: 'Welcome', version: 2 },
    nodeId: 'send1',
    ...(sender === undefined ? {} : { sender }),
  };
}

const TRACKING_SECRET = 'tracking-test-secret';

/** A tracking link as delivery signs it at `sentAt`. */
function trackingUrl(purpose: TrackingPurpose, leadId: string, sendId: string, sentAt: Date): string {
  const path = { click: 'c', open: 'o', unsubscribe: 'u' }[purpose];
  const expiresAt = sentAt.getTime() / 1000 + TRACKING_LIFETIME_S[purpose];
  return `https://trellis.test/t/${path}/${signTrackingToken({ purpose, leadId, sendId, expiresAt }, TRACKING_SECRET)}`;
}

describeEachDatabase('delivery', (database) => {
  const receivers: { close(): Promise<void> }[] = [];
  const deliveries: { close(): void }[] = [];
  afterAll(async () => {
    for (const delivery of deliveries) delivery.close();
    for (const receiver of receivers) await receiver.close();
  });
  async function http(answer?: Parameters<typeof startHttpReceiver>[0]): Promise<HttpReceiver> {
    const receiver = await startHttpReceiver(answer);
    receivers.push(receiver);
    return receiver;
  }
  async function smtp(): Promise<SmtpReceiver> {
    const receiver = await startSmtpReceiver();
    receivers.push(receiver);
    return receiver;
  }
  function delivery(options: Omit<DeliveryOptions, 'db'> & { db?: SqlExecutor }) {
    const created = createDelivery({
      db: database.db,
      webhookSecret: 'test-secret',
      trackingSecret: TRACKING_SECRET,
      publicUrl: 'https://trellis.test',
      defaultSender: { name: 'Acme', email: 'hello@acme.test', phone: null },
      webhookAllow: LOCAL_RECEIVER_ALLOW,
      ...options,
    });
    deliveries.push(created);
    return created;
  }

  it('puts an email into the outbox when SMTP_URL is unset, rendered, reporting missing fields', async () => {
    const clock = testClock();
    await createTemplate(database.db, {
      id: 'welcome-1',
      channel: 'email',
      name: 'Welcome',
      subject: 'Welcome, {{ lead.first_name }}',
      body: 'Hi {{ lead.first_name }} at {{ lead.company }}. {{ lead.attributes.city }}-- {{ sender.name }}',
      html: '<p>Hi {{ lead.first_name }}</p>',
    });
    await insertTestSend(database.db, { leadId: 'd-ada', id: 'e1', channel: 'email', template: 'welcome-1', at: clock.start, payload: payload('d-ada') });
    const reports = await delivery({ now: clock.now }).deliverDue();
    expect(reports).toEqual([
      {
        leadId: 'd-ada',
        sendId: 'e1',
        channel: 'email',
        attempt: 1,
        outcome: 'delivered',
        error: null,
        missingFields: ['lead.attributes.city'],
        nextAttemptAt: null,
      },
    ]);
    const outbox = await listOutbox(database.db, { leadId: 'd-ada' });
    const unsubscribe = trackingUrl('unsubscribe', 'd-ada', 'e1', clock.start);
    expect(outbox).toEqual([
      {
        id: expect.any(String),
        leadId: 'd-ada',
        sendId: 'e1',
        channel: 'email',
        to: 'd-ada@example.com',
        from: 'Acme <hello@acme.test>',
        subject: 'Welcome, Ada',
        text: `Hi Ada at Analytical Engines. -- Acme\n\n--\nUnsubscribe or choose what you receive: ${unsubscribe}\n`,
        html:
          `<p>Hi Ada</p><p style="font-size:12px;color:#6b7280;margin-top:24px">Don't want these emails? ` +
          `<a href="${unsubscribe}">Unsubscribe or choose what you receive</a>.</p>` +
          `<img src="${trackingUrl('open', 'd-ada', 'e1', clock.start)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0" />`,
        createdAt: expect.any(Date),
        opens: 0,
        clicks: 0,
      },
    ]);
    expect(await getSendDelivery(database.db, 'd-ada', 'e1')).toMatchObject({
      status: 'sent',
      deliveryState: 'delivered',
      deliveredAt: clock.start,
      attempts: 1,
      missingFields: ['lead.attributes.city'],
    });
    // Marked once: nothing is due any more.
    expect(await delivery({ now: clock.now }).deliverDue()).toEqual([]);
  });

  it('sends email over SMTP, signed as the lead owner, with the idempotency key', async () => {
    const clock = testClock();
    const server = await smtp();
    await upsertSender(database.db, { email: 'sam@acme.test', name: 'Sam Reyes', phone: '+1 555 0100' });
    await createTemplate(database.db, {
      id: 'owner-note',
      channel: 'email',
      name: 'Owner note',
      subject: 'A note from {{ sender.name }}',
      body: 'Call me on {{ sender.phone }}.',
    });
    await insertTestSend(database.db, {
      leadId: 'd-bo',
      id: 'e2',
      channel: 'email',
      template: 'owner-note',
      at: clock.start,
      idempotencyKey: 'key-e2',
      payload: payload('d-bo', {}, 'owner'),
    });
    const [report] = await delivery({ now: clock.now, smtpUrl: server.url }).deliverDue();
    expect(report?.outcome).toBe('delivered');
    expect(server.messages).toHaveLength(1);
    const [mail] = server.messages;
    expect(server.recipients).toEqual([['d-bo@example.com']]);
    expect(mail!.from?.value).toEqual([{ name: 'Sam Reyes', address: 'sam@acme.test' }]);
    expect(mail!.subject).toBe('A note from Sam Reyes');
    // mailparser ends a text-only body with the line break SMTP puts there.
    const unsubscribe = trackingUrl('unsubscribe', 'd-bo', 'e2', clock.start);
    expect(mail!.text).toBe(`Call me on +1 555 0100.\n\n--\nUnsubscribe or choose what you receive: ${unsubscribe}\n`);
    // RFC 8058 one-click unsubscribe: mailbox providers POST to the https link.
    const header = (key: string) => mail!.headerLines.find((line) => line.key === key)?.line.replace(/\r?\n\s+/g, ' ');
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(header('list-unsubscribe')).toBe(`List-Unsubscribe: <${unsubscribe}>`);
    expect(mail!.messageId).toBe('<key-e2@trellis.send>');
    expect(mail!.headers.get('x-trellis-idempotency-key')).toBe('key-e2');
  });

  it('retries a webhook that answered 500 with backoff, then delivers it; both posts carry one key', async () => {
    const clock = testClock();
    const receiver = await http((index) => (index === 0 ? 500 : 200));
    await insertTestSend(database.db, {
      leadId: 'd-cy',
      id: 'w1',
      channel: 'webhook',
      template: `${receiver.url}/crm`,
      at: clock.start,
      idempotencyKey: 'key-w1',
      payload: payload('d-cy'),
    });
    const worker = delivery({ now: clock.now });
    const [first] = await worker.deliverDue();
    expect(first).toMatchObject({ outcome: 'retry', attempt: 1, error: `POST ${receiver.url}/crm: HTTP 500` });
    expect(first!.nextAttemptAt).toEqual(new Date(clock.start.getTime() + 30_000));
    expect(await worker.deliverDue()).toEqual([]);

    clock.advance(30_000);
    const [second] = await worker.deliverDue();
    expect(second).toMatchObject({ outcome: 'delivered', attempt: 2 });
    expect(receiver.received).toHaveLength(2);
    const [a, b] = receiver.received;
    expect(a!.rawBody).toBe(b!.rawBody);
    expect([a!.headers['idempotency-key'], b!.headers['idempotency-key']]).toEqual(['key-w1', 'key-w1']);
    expect(b!.headers['x-trellis-signature']).toBe(`sha256=${createHmac('sha256', 'test-secret').update(b!.rawBody).digest('hex')}`);
    expect(JSON.parse(b!.rawBody)).toEqual({
      lead: payload('d-cy').lead,
      journey: { id: 'welcome', name: 'Welcome', version: 2 },
      nodeId: 'send1',
      template: `${receiver.url}/crm`,
      sendId: 'w1',
    });
    expect(await getSendDelivery(database.db, 'd-cy', 'w1')).toMatchObject({ deliveryState: 'delivered', status: 'sent', attempts: 2 });
  });

  it('fails a webhook that times out on every attempt, and the send with it', async () => {
    const clock = testClock();
    const receiver = await http(() => 'hang');
    await createTemplate(database.db, { id: 'crm-hook', channel: 'webhook', name: 'CRM', body: `${receiver.url}/slow` });
    await insertTestSend(database.db, { leadId: 'd-di', id: 'w2', channel: 'webhook', template: 'crm-hook', at: clock.start, payload: payload('d-di') });
    const worker = delivery({ now: clock.now, timeoutMs: 200, retry: { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 60_000 } });
    const outcomes = [];
    for (let i = 0; i < 3; i++) {
      const [report] = await worker.deliverDue();
      outcomes.push([report?.outcome, report?.error]);
      clock.advance(60_000);
    }
    const timeout = `POST ${receiver.url}/slow: no answer within 200 ms`;
    expect(outcomes).toEqual([
      ['retry', timeout],
      ['retry', timeout],
      ['failed', `${timeout} (gave up after 3 attempts)`],
    ]);
    expect(receiver.received.map((request) => request.path)).toEqual(['/slow', '/slow', '/slow']);
    expect(await getSendDelivery(database.db, 'd-di', 'w2')).toMatchObject({
      status: 'failed',
      deliveryState: 'failed',
      attempts: 3,
      nextAttemptAt: null,
      lastError: `${timeout} (gave up after 3 attempts)`,
    });
    expect(await worker.deliverDue()).toEqual([]);
  });

  it('fails at once, without posting or retrying, a webhook to this machine that no admin allowed', async () => {
    const clock = testClock();
    const receiver = await http();
    const url = `${receiver.url}/crm`;
    await insertTestSend(database.db, { leadId: 'd-ssrf', id: 'w3', channel: 'webhook', template: url, at: clock.start, payload: payload('d-ssrf') });
    const [report] = await delivery({ now: clock.now, webhookAllow: NOTHING_ALLOWED }).deliverDue();
    const reason = `POST ${url}: refused: 127.0.0.1 is a loopback address, which webhooks may not reach (an admin can allow hosts in TRELLIS_WEBHOOK_ALLOW)`;
    expect(report).toMatchObject({ outcome: 'failed', attempt: 1, error: reason });
    expect(await getSendDelivery(database.db, 'd-ssrf', 'w3')).toMatchObject({ status: 'failed', deliveryState: 'failed', lastError: reason });
    expect(receiver.connections()).toBe(0);
  });

  it("refuses a webhook template whose host name resolves to this machine, checking the address it would connect to", async () => {
    const clock = testClock();
    const receiver = await http();
    const url = `https://crm.example.com:${new URL(receiver.url).port}/in`;
    await createTemplate(database.db, { id: 'rebound-hook', channel: 'webhook', name: 'CRM', body: url });
    await insertTestSend(database.db, { leadId: 'd-dns', id: 'w4', channel: 'webhook', template: 'rebound-hook', at: clock.start, payload: payload('d-dns') });
    const resolveHost = async () => [{ address: '127.0.0.1', family: 4 }];
    const [report] = await delivery({ now: clock.now, webhookAllow: NOTHING_ALLOWED, resolveHost }).deliverDue();
    expect(report).toMatchObject({
      outcome: 'failed',
      error: `POST ${url}: refused: crm.example.com resolves to 127.0.0.1, a loopback address, which webhooks may not reach (an admin can allow hosts in TRELLIS_WEBHOOK_ALLOW)`,
    });
    expect(receiver.connections()).toBe(0);
  });

  it('reads the hosts and ranges webhooks may reach from TRELLIS_WEBHOOK_ALLOW, refusing an entry it cannot read', () => {
    expect(deliveryOptionsFromEnv({ TRELLIS_WEBHOOK_ALLOW: ' 127.0.0.1/32, localhost , receiver.internal' }).webhookAllow).toEqual(
      parseWebhookAllow('127.0.0.1/32,localhost,receiver.internal'),
    );
    expect(deliveryOptionsFromEnv({}).webhookAllow).toEqual(NOTHING_ALLOWED);
    expect(() => deliveryOptionsFromEnv({ TRELLIS_WEBHOOK_ALLOW: '10.0.0.0/33' })).toThrow(
      'TRELLIS_WEBHOOK_ALLOW: "10.0.0.0/33" is neither a host name nor a CIDR range (such as 10.0.0.0/8 or fd00::/8)',
    );
  });

  it('claims no more sends than it has in flight, so a crash could leave only those claimed', async () => {
    const clock = testClock();
    const receiver = await http((index) => (index < 2 ? 'hang' : 200));
    const ids = ['f1', 'f2', 'f3', 'f4'];
    for (const [i, id] of ids.entries()) {
      const at = new Date(clock.start.getTime() + i);
      await insertTestSend(database.db, { leadId: 'd-fly', id, channel: 'webhook', template: `${receiver.url}/${id}`, at, payload: payload('d-fly') });
    }
    clock.advance(10);
    const round = delivery({ now: clock.now, inFlight: 2, timeoutMs: 1_000 }).deliverDue();
    while (receiver.received.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    const attempts = async () => Promise.all(ids.map(async (id) => (await getSendDelivery(database.db, 'd-fly', id))!.attempts));
    // Two POSTs hang (until the 1 s timeout): the two sends behind them are not claimed yet.
    expect(await attempts()).toEqual([1, 1, 0, 0]);
    const reports = await round;
    expect(reports.map((r) => [r.sendId, r.outcome])).toEqual([
      ['f1', 'retry'],
      ['f2', 'retry'],
      ['f3', 'delivered'],
      ['f4', 'delivered'],
    ]);
  });

  it('fails at once what no retry can fix: an email to a lead without an address', async () => {
    const clock = testClock();
    await createTemplate(database.db, { id: 'plain', channel: 'email', name: 'Plain', subject: 's', body: 'b' });
    await insertTestSend(database.db, { leadId: 'd-eve', id: 'e3', channel: 'email', template: 'plain', at: clock.start, payload: payload('d-eve', { email: null }) });
    const [report] = await delivery({ now: clock.now }).deliverDue();
    expect(report).toMatchObject({ outcome: 'failed', attempt: 1, error: 'the lead has no email address' });
    expect(await getSendDelivery(database.db, 'd-eve', 'e3')).toMatchObject({ status: 'failed', deliveryState: 'failed' });
  });

  it('retries a send whose template does not exist yet, and delivers it once it does', async () => {
    const clock = testClock();
    await insertTestSend(database.db, { leadId: 'd-fay', id: 's1', channel: 'sms', template: 'later-sms', at: clock.start, payload: payload('d-fay') });
    const worker = delivery({ now: clock.now });
    expect((await worker.deliverDue()).map((r) => [r.outcome, r.error])).toEqual([['retry', 'no template "later-sms"']]);
    await createTemplate(database.db, { id: 'later-sms', channel: 'sms', name: 'Later', body: 'Hi {{ lead.first_name }}, {{ sender.name }} here' });
    clock.advance(30_000);
    expect((await worker.deliverDue()).map((r) => r.outcome)).toEqual(['delivered']);
    expect(await listOutbox(database.db, { leadId: 'd-fay' })).toMatchObject([
      { channel: 'sms', to: '+44 20 7946 0000', from: 'Acme', subject: null, text: 'Hi Ada, Acme here' },
    ]);
  });

  it('posts SMS and direct mail to their provider webhooks when configured', async () => {
    const clock = testClock();
    const provider = await http();
    await createTemplate(database.db, { id: 'sms-hi', channel: 'sms', name: 'Hi', body: 'Hi {{ lead.first_name }}' });
    await createTemplate(database.db, { id: 'letter', channel: 'direct_mail', name: 'Letter', subject: 'Dear {{ lead.first_name }}', body: 'Our catalogue.' });
    const lead = payload('d-gus', { attributes: { first_name: 'Gus', address: { street: '1 High St', city: 'Leeds' } } });
    await insertTestSend(database.db, { leadId: 'd-gus', id: 'p1', channel: 'sms', template: 'sms-hi', at: clock.start, idempotencyKey: 'key-p1', payload: lead });
    await insertTestSend(database.db, { leadId: 'd-gus', id: 'p2', channel: 'direct_mail', template: 'letter', at: clock.start, idempotencyKey: 'key-p2', payload: lead });
    const worker = delivery({
      now: clock.now,
      providers: { smsWebhookUrl: `${provider.url}/sms`, directMailWebhookUrl: `${provider.url}/mail` },
    });
    expect((await worker.deliverDue()).map((r) => [r.sendId, r.outcome])).toEqual([
      ['p1', 'delivered'],
      ['p2', 'delivered'],
    ]);
    const byPath = Object.fromEntries(provider.received.map((request) => [request.path, request]));
    const common = { leadId: 'd-gus', journey: { id: 'welcome', name: 'Welcome', version: 2 }, nodeId: 'send1' };
    expect(JSON.parse(byPath['/sms']!.rawBody)).toEqual({
      ...common,
      sendId: 'p1',
      channel: 'sms',
      template: 'sms-hi',
      to: '+44 20 7946 0000',
      from: 'Acme',
      text: 'Hi Gus',
    });
    expect(byPath['/sms']!.headers['idempotency-key']).toBe('key-p1');
    expect(JSON.parse(byPath['/mail']!.rawBody)).toEqual({
      ...common,
      sendId: 'p2',
      channel: 'direct_mail',
      template: 'letter',
      to: '1 High St\nLeeds',
      from: 'Acme',
      subject: 'Dear Gus',
      text: 'Our catalogue.',
    });
    expect(await listOutbox(database.db, { leadId: 'd-gus' })).toEqual([]);
  });

  it('turns call and voicemail sends into tasks for the lead owner', async () => {
    const clock = testClock();
    await createTemplate(database.db, { id: 'call-1', channel: 'call_task', name: 'First call', subject: 'Call {{ lead.first_name }}', body: 'Ask about {{ lead.company }}.' });
    await createTemplate(database.db, { id: 'vm-1', channel: 'voicemail_task', name: 'Voicemail {{ lead.first_name }}', body: 'Leave a short message.' });
    await insertTestSend(database.db, { leadId: 'd-hal', id: 't1', channel: 'call_task', template: 'call-1', at: clock.start, payload: payload('d-hal', { owner: 'kim@acme.test' }) });
    await insertTestSend(database.db, { leadId: 'd-hal', id: 't2', channel: 'voicemail_task', template: 'vm-1', at: clock.start, payload: payload('d-hal', { owner: 'kim@acme.test' }) });
    expect((await delivery({ now: clock.now }).deliverDue()).map((r) => [r.sendId, r.outcome])).toEqual([
      ['t1', 'delivered'],
      ['t2', 'delivered'],
    ]);
    // Both were delivered at once, so which was written first is up to the scheduler.
    const tasks = (await listTasks(database.db, { assignee: 'kim@acme.test' })).sort((a, b) => a.sendId.localeCompare(b.sendId));
    expect(tasks.map(({ sendId, kind, title, script, status, dueAt, journeyId }) => ({ sendId, kind, title, script, status, dueAt, journeyId }))).toEqual([
      { sendId: 't1', kind: 'call', title: 'Call Ada', script: 'Ask about Analytical Engines.', status: 'open', dueAt: clock.start, journeyId: 'journey-1' },
      { sendId: 't2', kind: 'voicemail', title: 'Voicemail Ada', script: 'Leave a short message.', status: 'open', dueAt: clock.start, journeyId: 'journey-1' },
    ]);
  });

  it("writes a task due when its send says (a cadence touch's due), else due when it was made", async () => {
    const clock = testClock();
    await createTemplate(database.db, { id: 'speed-call', channel: 'call_task', name: 'Speed call', subject: 'Call {{ lead.first_name }} now', body: 'They just asked.' });
    const dueAt = new Date(clock.start.getTime() + 5 * 60_000);
    await insertTestSend(database.db, {
      leadId: 'd-due',
      id: 'due-1',
      channel: 'call_task',
      template: 'speed-call',
      at: clock.start,
      payload: { ...payload('d-due', { owner: 'lee@acme.test' }), dueAt: dueAt.toISOString() },
    });
    await insertTestSend(database.db, { leadId: 'd-due', id: 'due-2', channel: 'call_task', template: 'speed-call', at: clock.start, payload: payload('d-due', { owner: 'lee@acme.test' }) });
    await delivery({ now: clock.now }).deliverDue();
    const tasks = (await listTasks(database.db, { assignee: 'lee@acme.test' })).map((t) => [t.sendId, t.dueAt.toISOString()]);
    expect(tasks.sort()).toEqual([
      ['due-1', dueAt.toISOString()],
      ['due-2', clock.start.toISOString()],
    ]);
  });

  it('redelivers, with the same key, a send whose worker died after claiming it; the outbox gets it once', async () => {
    const clock = testClock();
    const receiver = await http();
    await createTemplate(database.db, { id: 'crash-mail', channel: 'email', name: 'Crash', subject: 'Hi', body: 'Hello' });
    await insertTestSend(database.db, { leadId: 'd-ivy', id: 'c1', channel: 'webhook', template: `${receiver.url}/c`, at: clock.start, idempotencyKey: 'key-c1', payload: payload('d-ivy') });
    await insertTestSend(database.db, { leadId: 'd-ivy', id: 'c2', channel: 'email', template: 'crash-mail', at: clock.start, payload: payload('d-ivy') });
    // A worker claims both (its claim commits) and dies, having posted the webhook but before marking anything.
    const leaseMs = 120_000;
    const dead = await claimDueSends(database.db, { now: clock.now(), limit: 10, leaseMs });
    expect(dead.map((send) => send.id)).toEqual(['c1', 'c2']);
    await fetch(`${receiver.url}/c`, { method: 'POST', headers: { 'Idempotency-Key': 'key-c1' }, body: '{}' });

    const survivor = delivery({ now: clock.now, leaseMs });
    expect(await survivor.deliverDue()).toEqual([]); // leased: left alone while the lease holds
    clock.advance(leaseMs);
    const reports = await survivor.deliverDue();
    expect(reports.map((r) => [r.sendId, r.outcome, r.attempt])).toEqual([
      ['c1', 'delivered', 2],
      ['c2', 'delivered', 2],
    ]);
    // The receiver saw the webhook twice, recognisably the same delivery.
    expect(receiver.received.map((request) => request.headers['idempotency-key'])).toEqual(['key-c1', 'key-c1']);
    expect(await listOutbox(database.db, { leadId: 'd-ivy' })).toHaveLength(1);
    // The dead worker's late marks change nothing: its claim is no longer current.
    const { markSendFailed } = await import('@trellis/store');
    expect(await markSendFailed(database.db, dead[0]!, { error: 'late' })).toBe(false);
    expect(await getSendDelivery(database.db, 'd-ivy', 'c1')).toMatchObject({ deliveryState: 'delivered', status: 'sent' });
  });

  it('signs with a secret generated once and kept when TRELLIS_WEBHOOK_SECRET is unset', async () => {
    const first = createDelivery({ db: database.db });
    const second = createDelivery({ db: database.db });
    const secret = await first.webhookSecret();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(await second.webhookSecret()).toBe(secret);
    expect(await createDelivery({ db: database.db, webhookSecret: 'from-env' }).webhookSecret()).toBe('from-env');
  });

  it('fails a send whose payload is malformed, naming where', async () => {
    const clock = testClock();
    await insertTestSend(database.db, { leadId: 'd-jo', id: 'm1', channel: 'sms', template: 'sms-hi', at: clock.start, payload: { lead: {} } });
    const [report] = await delivery({ now: clock.now }).deliverDue();
    expect(report).toMatchObject({
      outcome: 'failed',
      error: "the send's payload is malformed at lead.id: Invalid input: expected string, received undefined",
    });
  });
});
