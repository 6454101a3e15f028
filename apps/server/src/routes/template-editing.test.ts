import { startSmtpReceiver, type SmtpReceiver } from '@trellis/channels/test-receivers';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, dataTestApp, json, jsonRequest, uniqueId } from '../testing.js';

describeEachDatabase('message editor routes', (database) => {
  let smtp: SmtpReceiver;
  let t: ReturnType<typeof dataTestApp>;
  let noSmtp: ReturnType<typeof dataTestApp>;
  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    t = dataTestApp(database.db, { config: { smtpUrl: smtp.url, defaultSender: 'Acme <hello@acme.example>' } });
    noSmtp = dataTestApp(database.db);
  });
  afterAll(() => smtp.close());

  const email = (id: string) => ({
    id,
    channel: 'email',
    name: 'Hello',
    subject: 'Hi {{ lead.first_name | default: "there" }}',
    body: 'Hello {{ lead.first_name }}',
    html: '<p>Hello {{ lead.first_name }}</p><img src="x" onerror="alert(1)">',
  });

  it('test-sends an email rendered for a stored lead to the address typed, through SMTP, and records no send', async () => {
    const id = uniqueId('ts');
    expect((await t.app.request('/api/templates', jsonRequest(email(id)))).status).toBe(201);
    await database.db.query(`insert into leads (id, email, attributes) values ($1, 'ada@x.example', '{"first_name":"Ada"}')`, [`${id}-lead`]);
    const before = smtp.messages.length;
    const sent = await t.app.request(`/api/templates/${id}/test-send`, jsonRequest({ to: 'me@marketing.example', leadId: `${id}-lead` }));
    expect([sent.status, await json(sent)]).toEqual([200, { to: 'me@marketing.example', from: 'Acme <hello@acme.example>', subject: '[Test] Hi Ada' }]);
    const mail = smtp.messages[before]!;
    expect([mail.subject, mail.html, mail.from?.text, smtp.recipients[before]]).toEqual([
      '[Test] Hi Ada',
      '<p>Hello Ada</p><img src="x" />',
      '"Acme" <hello@acme.example>',
      ['me@marketing.example'],
    ]);
    const rows = await database.db.query<{ n: number }>(`select count(*)::int as n from sends where lead_id = $1`, [`${id}-lead`]);
    expect(rows[0]!.n).toBe(0);
  });

  it('refuses a test send with a bad address (400), an unknown lead or template (404), no SMTP (409), another channel (422), a reviewer (403)', async () => {
    const id = uniqueId('ts');
    await t.app.request('/api/templates', jsonRequest(email(id)));
    await t.app.request('/api/templates', jsonRequest({ id: `${id}-sms`, channel: 'sms', name: 'S', body: 'x' }));
    const post = async (app: typeof t, path: string, body: unknown, role: 'marketer' | 'reviewer' = 'marketer') => {
      const r = await app.app.request(path, jsonRequest(body, role));
      return [r.status, (await json(r)).error?.code];
    };
    expect(await post(t, `/api/templates/${id}/test-send`, { to: 'not an email' })).toEqual([400, 'invalid_body']);
    expect(await post(t, `/api/templates/${id}/test-send`, { to: 'me@x.example', leadId: 'no-such-lead' })).toEqual([404, 'not_found']);
    expect(await post(t, `/api/templates/no-such-${id}/test-send`, { to: 'me@x.example' })).toEqual([404, 'not_found']);
    expect(await post(noSmtp, `/api/templates/${id}/test-send`, { to: 'me@x.example' })).toEqual([409, 'smtp_not_configured']);
    expect(await post(t, `/api/templates/${id}-sms/test-send`, { to: 'me@x.example' })).toEqual([422, 'invalid_template']);
    expect(await post(t, `/api/templates/${id}/test-send`, { to: 'me@x.example' }, 'reviewer')).toEqual([403, 'forbidden']);
  });

  it('saves snippets (marketer), lists them (reviewer), refuses bad ones, and a template includes one', async () => {
    const name = uniqueId('footer');
    const put = await t.app.request(`/api/snippets/${name}`, jsonRequest({ text: 'Bye {{ lead.first_name }}', html: '<p>Bye</p>' }, 'marketer', 'PUT'));
    expect([put.status, await json(put)]).toEqual([
      200,
      { name, text: 'Bye {{ lead.first_name }}', html: '<p>Bye</p>', updatedAt: expect.any(String), updatedBy: 'marketer user' },
    ]);
    const list = await json(await t.app.request('/api/snippets', { headers: bearer('reviewer') }));
    expect(list.snippets.map((s: { name: string }) => s.name)).toContain(name);
    const broken = await t.app.request(`/api/snippets/${name}`, jsonRequest({ text: '{% if %}' }, 'marketer', 'PUT'));
    expect([broken.status, (await json(broken)).error.code]).toEqual([422, 'invalid_template']);
    const badName = await t.app.request(`/api/snippets/bad%20name`, jsonRequest({ text: 'x' }, 'marketer', 'PUT'));
    expect([badName.status, (await json(badName)).error.code]).toEqual([400, 'invalid_path']);
    expect((await t.app.request(`/api/snippets/${name}`, jsonRequest({ text: 'x' }, 'reviewer', 'PUT'))).status).toBe(403);

    const id = uniqueId('uses-snippet');
    const saved = await t.app.request('/api/templates', jsonRequest({ id, channel: 'sms', name: 'S', body: `Hi. {% snippet "${name}" %}` }));
    expect(saved.status).toBe(201);
    const preview = await json(await t.app.request(`/api/templates/${id}/preview`, jsonRequest({ lead: { attributes: { first_name: 'Ada' } } })));
    expect(preview.text).toBe('Hi. Bye Ada');
    const unknown = await t.app.request('/api/templates', jsonRequest({ id: `${id}-2`, channel: 'sms', name: 'S', body: '{% snippet "nope" %}' }));
    expect([unknown.status, (await json(unknown)).error.problems[0].message]).toEqual([422, 'body: there is no snippet "nope", line:1, col:1']);
  });

  it('checks a template as typed, and lists the merge fields', async () => {
    const checked = await json(await t.app.request('/api/templates/check', jsonRequest({ channel: 'email', subject: '{{ lead.first_name', body: 'ok' })));
    expect(checked.problems).toEqual([
      { part: 'subject', severity: 'error', message: expect.stringMatching(/line:1, col:1$/), line: 1, col: 1 },
    ]);
    const fields = await json(await t.app.request('/api/merge-fields', { headers: bearer('reviewer') }));
    expect(fields.sender).toContain('sender.signature');
    expect(fields.lead).toContain('lead.email');
  });

  it("saves a webhook's method, headers and JSON body, refusing a header Trellis signs with (400 naming it)", async () => {
    const id = uniqueId('hook');
    const request = { method: 'PATCH', headers: { Authorization: 'Bearer x' }, body: '{"email": {{ lead.email | json }}}' };
    const saved = await t.app.request('/api/templates', jsonRequest({ id, channel: 'webhook', name: 'CRM', body: 'https://crm.example/leads', request }));
    expect([saved.status, (await json(saved)).request]).toEqual([201, request]);
    const forged = await t.app.request(`/api/templates/${id}`, jsonRequest({ request: { ...request, headers: { 'Idempotency-Key': 'x' } } }, 'marketer', 'PUT'));
    const { error } = await json(forged);
    expect([forged.status, error.code, error.problems[0].path]).toEqual([400, 'invalid_body', ['request', 'headers', 'Idempotency-Key']]);
  });

  it('records who saved a template last', async () => {
    const id = uniqueId('edited');
    await t.app.request('/api/templates', jsonRequest(email(id)));
    const changed = await json(await t.app.request(`/api/templates/${id}`, jsonRequest({ name: 'New' }, 'admin', 'PUT')));
    expect(changed.updatedBy).toBe('admin user');
  });

  it("keeps the template's From: previews and test sends go out as the lead's owner when registered, else the default", async () => {
    const id = uniqueId('from');
    const owner = `${id}@acme.example`;
    expect((await t.app.request(`/api/senders/${owner}`, jsonRequest({ name: 'Sam Reyes', signature: 'Sam, Acme' }, 'marketer', 'PUT'))).status).toBe(200);
    const saved = await t.app.request('/api/templates', jsonRequest({ ...email(id), sender: 'owner' }));
    expect([saved.status, (await json(saved)).sender]).toEqual([201, 'owner']);
    await database.db.query(`insert into leads (id, email, owner, attributes) values ($1, 'a@x.example', $2, '{}'), ($3, 'b@x.example', 'nobody@acme.example', '{}')`, [
      `${id}-owned`,
      owner,
      `${id}-unowned`,
    ]);
    const preview = async (leadId: string) => (await json(await t.app.request(`/api/templates/${id}/preview`, jsonRequest({ leadId })))).sender;
    expect(await preview(`${id}-owned`)).toMatchObject({ name: 'Sam Reyes', email: owner, as: 'owner', signature: 'Sam, Acme' });
    expect(await preview(`${id}-unowned`)).toMatchObject({ name: 'Acme', email: 'hello@acme.example', as: 'default' });
    const sent = await json(await t.app.request(`/api/templates/${id}/test-send`, jsonRequest({ to: 'me@marketing.example', leadId: `${id}-owned` })));
    expect(sent.from).toBe(`Sam Reyes <${owner}>`);
    const named = await json(await t.app.request(`/api/templates/${id}`, jsonRequest({ sender: { name: 'Kim', email: 'kim@acme.example' } }, 'marketer', 'PUT')));
    expect(named.sender).toEqual({ name: 'Kim', email: 'kim@acme.example' });
    expect(await preview(`${id}-owned`)).toMatchObject({ name: 'Kim', as: 'template' });
    const hook = await t.app.request('/api/templates', jsonRequest({ id: `${id}-hook`, channel: 'webhook', name: 'H', body: 'https://crm.example/h', sender: 'owner' }));
    const { error } = await json(hook);
    expect([hook.status, error.problems[0].path]).toEqual([400, ['sender']]);
  });
});

