import { createDelivery } from '@trellis/channels';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { expect, it } from 'vitest';
import { bearer, dataTestApp, json, testApp } from '../testing.js';

describeEachDatabase('the webhook secret route', (database) => {
  it("shows the admin the secret delivery signs with (generated once and kept), and how to check a signature; others get 403", async () => {
    const delivery = createDelivery({ db: database.db });
    const { app } = dataTestApp(database.db, { webhookSecret: () => delivery.webhookSecret() });
    const res = await app.request('/api/settings/webhook-secret', { headers: bearer('admin') });
    expect(res.status).toBe(200);
    const shown = await json(res);
    expect(shown).toEqual({
      secret: await delivery.webhookSecret(),
      header: 'X-Trellis-Signature',
      format: 'sha256=<hex HMAC-SHA256 of the raw request body, keyed with the secret>',
    });
    expect(shown.secret).toMatch(/^[0-9a-f]{64}$/);
    // Another server on the same database signs with the same secret.
    expect(await createDelivery({ db: database.db }).webhookSecret()).toBe(shown.secret);
    expect((await app.request('/api/settings/webhook-secret', { headers: bearer('marketer') })).status).toBe(403);
    delivery.close();
  });

  it('shows TRELLIS_WEBHOOK_SECRET when it is set, and is 503 on a server without delivery', async () => {
    const delivery = createDelivery({ db: database.db, webhookSecret: 'set-by-hand-0123456789' });
    const { app } = dataTestApp(database.db, { webhookSecret: () => delivery.webhookSecret() });
    expect((await json(await app.request('/api/settings/webhook-secret', { headers: bearer('admin') }))).secret).toBe('set-by-hand-0123456789');
    const without = await testApp().request('/api/settings/webhook-secret', { headers: bearer('admin') });
    expect(without.status).toBe(503);
    expect((await json(without)).error.code).toBe('unavailable');
    delivery.close();
  });

  it('rotates the secret for the admin: the new one is shown once and signs; TRELLIS_WEBHOOK_SECRET cannot be rotated (409); others 403', async () => {
    const delivery = createDelivery({ db: database.db });
    const { app } = dataTestApp(database.db, { webhookSecret: () => delivery.webhookSecret(), rotateWebhookSecret: () => delivery.rotateWebhookSecret() });
    const before = await delivery.webhookSecret();
    const post = (role: 'admin' | 'marketer') => app.request('/api/settings/webhook-secret/rotate', { method: 'POST', headers: bearer(role) });
    const res = await post('admin');
    const answer = await json(res);
    expect([res.status, answer.header, answer.previousHeader]).toEqual([200, 'X-Trellis-Signature', 'X-Trellis-Signature-Previous']);
    expect(answer.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(answer.secret).not.toBe(before);
    expect(Date.parse(answer.previousValidUntil) - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect((await json(await app.request('/api/settings/webhook-secret', { headers: bearer('admin') }))).secret).toBe(answer.secret);
    expect((await post('marketer')).status).toBe(403);
    const fixed = createDelivery({ db: database.db, webhookSecret: 'set-by-hand-0123456789' });
    const fixedApp = dataTestApp(database.db, { rotateWebhookSecret: () => fixed.rotateWebhookSecret() }).app;
    const refused = await fixedApp.request('/api/settings/webhook-secret/rotate', { method: 'POST', headers: bearer('admin') });
    expect([refused.status, (await json(refused)).error.code]).toEqual([409, 'secret_from_env']);
    delivery.close();
    fixed.close();
  });
});

