import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTemplate } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { insertTestSend } from '@trellis/store/test-sends';
import { createDelivery } from './delivery.js';
import { signBody } from './signed-post.js';
import { LOCAL_RECEIVER_ALLOW, startHttpReceiver, type HttpReceiver } from './test-receivers.js';
import { WEBHOOK_SECRET_GRACE_MS, webhookSecretSource } from './webhook-secrets.js';

let receiver: HttpReceiver;
beforeAll(async () => {
  receiver = await startHttpReceiver();
});
afterAll(() => receiver.close());

describeEachDatabase('rotating the webhook signing secret', (database) => {
  const at = new Date('2031-05-01T09:00:00.000Z');

  it('keeps the previous secret for 24 hours after a rotation, then forgets it', async () => {
    let clock = at.getTime();
    const source = webhookSecretSource(database.db, { now: () => new Date(clock), ttlMs: 0 });
    const before = (await source.read()).current;
    const rotated = (await source.rotate())!;
    expect(rotated.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(rotated.secret).not.toBe(before);
    expect(await source.read()).toEqual({ current: rotated.secret, previous: before, previousUntil: new Date(clock + WEBHOOK_SECRET_GRACE_MS) });
    clock += WEBHOOK_SECRET_GRACE_MS;
    expect(await source.read()).toEqual({ current: rotated.secret, previous: null, previousUntil: null });
  });

  it('another server sharing the database signs with the new secret once its copy is older than the TTL', async () => {
    const now = () => at;
    const other = webhookSecretSource(database.db, { now, ttlMs: 60_000 });
    const signing = (await other.forSigning()).current;
    const rotated = (await webhookSecretSource(database.db, { now }).rotate())!;
    expect((await other.forSigning()).current).toBe(signing); // still its copy, inside the TTL
    expect((await webhookSecretSource(database.db, { now, ttlMs: 0 }).forSigning()).current).toBe(rotated.secret);
  });

  it('signs each webhook with the new secret, and with the previous one in a second header during the grace period', async () => {
    const delivery = createDelivery({ db: database.db, trackingSecret: 't', now: () => at, webhookAllow: LOCAL_RECEIVER_ALLOW });
    try {
      const old = await delivery.webhookSecret();
      const rotated = (await delivery.rotateWebhookSecret())!;
      expect(await delivery.webhookSecret()).toBe(rotated.secret);
      await createTemplate(database.db, { id: 'rot-hook', channel: 'webhook', name: 'H', body: `${receiver.url}/hook` });
      const payload = { lead: { id: 'rot-ada', attributes: {} }, journey: { id: 'j', name: 'J', version: 1 }, nodeId: 'h' };
      await insertTestSend(database.db, { leadId: 'rot-ada', id: 'w1', channel: 'webhook', template: 'rot-hook', at, payload });
      const count = receiver.received.length;
      expect((await delivery.deliverDue()).filter((r) => r.leadId === 'rot-ada').map((r) => r.outcome)).toEqual(['delivered']);
      const got = receiver.received[count]!;
      expect(got.headers['x-trellis-signature']).toBe(signBody(rotated.secret, got.rawBody));
      expect(got.headers['x-trellis-signature-previous']).toBe(signBody(old, got.rawBody));
    } finally {
      delivery.close();
    }
  });

  it('does not rotate a secret fixed by TRELLIS_WEBHOOK_SECRET', async () => {
    const delivery = createDelivery({ db: database.db, webhookSecret: 'from-env' });
    expect(await delivery.rotateWebhookSecret()).toBeNull();
    expect(await delivery.webhookSecret()).toBe('from-env');
  });
});
