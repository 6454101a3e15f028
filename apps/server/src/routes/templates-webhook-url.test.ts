import { parseWebhookAllow } from '@trellis/channels';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { beforeAll, expect, it } from 'vitest';
import { dataTestApp, json, jsonRequest, uniqueId } from '../testing.js';

/**
 * A webhook template's URL is refused when it is saved if delivery would refuse it (a literal
 * private address, localhost, plain http to a host no admin allowed): said at once, naming
 * the field, rather than as a failed send later.
 */
describeEachDatabase('saving a webhook template', (database) => {
  let t: ReturnType<typeof dataTestApp>;
  let allowing: ReturnType<typeof dataTestApp>;
  beforeAll(() => {
    t = dataTestApp(database.db);
    allowing = dataTestApp(database.db, { config: { webhookAllow: parseWebhookAllow('127.0.0.1/32,receiver.internal') } });
  });
  const hook = (id: string, body: string) => ({ id, channel: 'webhook', name: 'CRM', body });
  const refusal = async (response: Response) => [response.status, (await json(response)).error];

  it('refuses a URL delivery would refuse, with a 422 naming the body', async () => {
    const cases: [string, string][] = [
      ['https://127.0.0.1:5432/', '127.0.0.1 is a loopback address, which webhooks may not reach'],
      ['https://169.254.169.254/latest/meta-data/', '169.254.169.254 is a link-local address, which webhooks may not reach'],
      ['https://localhost/hook', 'localhost is this machine, which webhooks may not reach'],
      ['http://crm.example.com/in', 'plain http:// is only for hosts an admin allows (TRELLIS_WEBHOOK_ALLOW); use https://'],
    ];
    for (const [url, message] of cases) {
      const response = await t.app.request('/api/templates', jsonRequest(hook(uniqueId('hook'), url)));
      expect(await refusal(response)).toEqual([
        422,
        { code: 'invalid_template', message: `The template cannot be saved: ${message}.`, problems: [{ code: 'bad_url', message, path: ['body'] }] },
      ]);
    }
  });

  it('checks a changed template as it would be after the change', async () => {
    const id = uniqueId('hook');
    expect((await t.app.request('/api/templates', jsonRequest(hook(id, 'https://crm.example.com/in')))).status).toBe(201);
    const changed = await t.app.request(`/api/templates/${id}`, jsonRequest({ body: 'https://10.0.0.8/in' }, 'marketer', 'PUT'));
    const message = '10.0.0.8 is a private address, which webhooks may not reach';
    expect(await refusal(changed)).toEqual([
      422,
      { code: 'invalid_template', message: `The template cannot be saved: ${message}.`, problems: [{ code: 'bad_url', message, path: ['body'] }] },
    ]);
  });

  it('saves a public https URL, and what the admin allows (plain http included)', async () => {
    for (const [app, url] of [
      [t, 'https://crm.example.com/in'],
      [allowing, 'http://127.0.0.1:8080/hook'],
      [allowing, 'http://receiver.internal/hook'],
    ] as const) {
      expect((await app.app.request('/api/templates', jsonRequest(hook(uniqueId('hook'), url)))).status).toBe(201);
    }
  });
});
