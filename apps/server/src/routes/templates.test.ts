import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDelivery } from '@trellis/channels';
import { createTemplate } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { beforeAll, expect, it } from 'vitest';
import { bearer, dataTestApp, journeyOn, json, jsonRequest, uniqueId } from '../testing.js';

describeEachDatabase('template, outbox and task routes', (database) => {
  let t: ReturnType<typeof dataTestApp>;
  beforeAll(() => {
    t = dataTestApp(database.db);
  });

  const welcome = (id: string) => ({
    id,
    channel: 'email',
    name: 'Welcome',
    subject: 'Welcome, {{ lead.first_name | default: "there" }}',
    body: 'Hi {{ lead.first_name }}, thanks for signing up at {{ lead.company }}.',
  });

  it('creates (201), reads, lists, changes and deletes a template', async () => {
    const id = uniqueId('welcome');
    const created = await t.app.request('/api/templates', jsonRequest(welcome(id)));
    expect(created.status).toBe(201);
    expect(await json(created)).toEqual({ ...welcome(id), html: null, createdAt: expect.any(String), updatedAt: expect.any(String), updatedBy: 'marketer user', request: null, sender: null });
    expect((await json(await t.app.request(`/api/templates/${id}`, { headers: bearer('reviewer') }))).name).toBe('Welcome');
    const list = await json(await t.app.request('/api/templates?channel=email', { headers: bearer('operator') }));
    expect(list.templates.map((x: { id: string }) => x.id)).toContain(id);

    const changed = await t.app.request(`/api/templates/${id}`, jsonRequest({ name: 'Welcome aboard', subject: null }, 'marketer', 'PUT'));
    expect(changed.status).toBe(200);
    expect(await json(changed)).toMatchObject({ id, name: 'Welcome aboard', subject: null, body: welcome(id).body });

    expect((await t.app.request(`/api/templates/${id}`, { method: 'DELETE', headers: bearer('marketer') })).status).toBe(204);
    expect((await t.app.request(`/api/templates/${id}`, { headers: bearer('marketer') })).status).toBe(404);
    expect((await t.app.request(`/api/templates/${id}`, { method: 'DELETE', headers: bearer('marketer') })).status).toBe(404);
  });

  it('refuses a Liquid error (422), a duplicate id (409), a bad shape (400) and an unknown template (404)', async () => {
    const id = uniqueId('t');
    const broken = await t.app.request('/api/templates', jsonRequest({ ...welcome(id), body: 'Hi {{ lead.first_name ' }));
    expect(broken.status).toBe(422);
    const { error } = await json(broken);
    expect([error.code, error.problems.map((p: { code: string; path: unknown[] }) => [p.code, p.path])]).toEqual([
      'invalid_template',
      [['template_syntax', ['body']]],
    ]);
    await t.app.request('/api/templates', jsonRequest(welcome(id)));
    const duplicate = await t.app.request('/api/templates', jsonRequest(welcome(id)));
    expect([duplicate.status, (await json(duplicate)).error.code]).toEqual([409, 'conflict']);
    const shape = await t.app.request('/api/templates', jsonRequest({ ...welcome(uniqueId('t')), channel: 'fax' }));
    expect([shape.status, (await json(shape)).error.code]).toEqual([400, 'invalid_body']);
    const missing = await t.app.request('/api/templates/nope', jsonRequest({ name: 'x' }, 'marketer', 'PUT'));
    expect([missing.status, (await json(missing)).error]).toEqual([404, { code: 'not_found', message: 'There is no template "nope".' }]);
  });

  it('refuses (409 template_in_use) to delete, or move to another channel, a template a published journey sends, naming the journey and step', async () => {
    const id = uniqueId('in-use');
    await t.app.request('/api/templates', jsonRequest(welcome(id)));
    const journey = journeyOn(
      uniqueId('joined'),
      [
        { id: 'hello', type: 'send', position: { x: 0, y: 100 }, data: { label: 'Welcome email', channel: 'email', template: id } },
        { id: 'done', type: 'exit', position: { x: 0, y: 200 }, data: { outcome: 'completed' } },
      ],
      [['start', 'hello'], ['hello', 'done']],
      'Onboarding',
    );
    const { id: journeyId } = await json(await t.app.request('/api/journeys', jsonRequest(journey)));
    // Only a draft names it so far: deleting would leave the draft an unknown_template problem, nothing that runs.
    const publish = () => t.app.request(`/api/journeys/${journeyId}/publish`, { method: 'POST', headers: bearer('marketer') });
    expect((await publish()).status).toBe(200);

    const refused = await t.app.request(`/api/templates/${id}`, { method: 'DELETE', headers: bearer('marketer') });
    expect([refused.status, await json(refused)]).toEqual([
      409,
      {
        error: {
          code: 'template_in_use',
          message:
            `Template "${id}" cannot be deleted: published journeys send it ("Onboarding" version 1, step "Welcome email"). ` +
            'Pick another template in those steps and publish them, or archive the journeys, first.',
          problems: [{ journeyId, journeyName: 'Onboarding', version: 1, nodeId: 'hello', label: 'Welcome email' }],
        },
      },
    ]);
    const moved = await t.app.request(`/api/templates/${id}`, jsonRequest({ channel: 'sms' }, 'marketer', 'PUT'));
    expect([moved.status, (await json(moved)).error.message]).toEqual([
      409,
      `Template "${id}" cannot be moved to another channel: published journeys send it ("Onboarding" version 1, step "Welcome email"). ` +
        'Pick another template in those steps and publish them, or archive the journeys, first.',
    ]);
    // The library lists the use beside the template.
    const listed = await json(await t.app.request('/api/template-uses', { headers: bearer('operator') }));
    expect(listed.uses.filter((u: { template: string }) => u.template === id)).toEqual([
      { template: id, journeyId, journeyName: 'Onboarding', version: 1, nodeId: 'hello', label: 'Welcome email' },
    ]);
    // A change that keeps the channel is fine.
    expect((await t.app.request(`/api/templates/${id}`, jsonRequest({ name: 'Welcome!', channel: 'email' }, 'marketer', 'PUT'))).status).toBe(200);
    expect((await t.app.request(`/api/templates/${id}`, { headers: bearer('marketer') })).status).toBe(200);

    // Once the journey is archived no lead can reach the step, and the template may go.
    await t.app.request(`/api/journeys/${journeyId}/archive`, { method: 'POST', headers: bearer('marketer') });
    expect((await t.app.request(`/api/templates/${id}`, { method: 'DELETE', headers: bearer('marketer') })).status).toBe(204);
  });

  it('previews a template for a stored lead or a sample lead, naming merge fields with no value', async () => {
    const id = uniqueId('welcome');
    await t.app.request('/api/templates', jsonRequest(welcome(id)));
    const lead = uniqueId('lead');
    await t.app.request(`/api/leads/${lead}`, jsonRequest({ attributes: { first_name: 'Ada' } }, 'ingest', 'PUT'));
    const stored = await t.app.request(`/api/templates/${id}/preview`, jsonRequest({ leadId: lead }, 'reviewer'));
    expect(await json(stored)).toEqual({
      subject: 'Welcome, Ada',
      text: 'Hi Ada, thanks for signing up at .',
      html: null,
      missingFields: ['lead.company'],
      sender: { name: 'Trellis', email: null, phone: null, as: 'default' },
    });
    const sample = await t.app.request(`/api/templates/${id}/preview`, jsonRequest({ lead: { attributes: { first_name: 'Grace', company: 'Navy' } } }));
    expect((await json(sample)).text).toBe('Hi Grace, thanks for signing up at Navy.');
    const unknownLead = await t.app.request(`/api/templates/${id}/preview`, jsonRequest({ leadId: 'nobody' }));
    expect(unknownLead.status).toBe(404);
  });

  it("never shows a file of the server's working directory: a marketer's render tag is refused, and a stored one previews as a 422", async () => {
    const secret = `admin-token-${uniqueId('secret')}`;
    const cwd = await mkdtemp(join(tmpdir(), 'trellis-cwd-'));
    await mkdir(join(cwd, '.trellis'));
    await writeFile(join(cwd, '.trellis', 'admin-token'), secret);
    const before = process.cwd();
    process.chdir(cwd);
    try {
      const attack = { id: uniqueId('steal'), channel: 'email' as const, name: 'Steal', subject: 'x', body: "{% render '.trellis/admin-token' %}" };
      const refused = await t.app.request('/api/templates', jsonRequest(attack));
      const refusal = 'body: the "render" tag is not allowed: templates cannot include files or other templates, line:1, col:1';
      expect([refused.status, (await json(refused)).error]).toEqual([
        422,
        { code: 'invalid_template', message: `The template cannot be saved: ${refusal}.`, problems: [{ code: 'template_syntax', message: refusal, path: ['body'] }] },
      ]);

      // One saved before the refusal existed still cannot print the file.
      await createTemplate(database.db, { ...attack, html: "<p>{% include '.trellis/admin-token' %}</p>" });
      const preview = await t.app.request(`/api/templates/${attack.id}/preview`, jsonRequest({}));
      const answer = await preview.text();
      expect(answer).not.toContain(secret);
      expect([preview.status, JSON.parse(answer).error]).toEqual([
        422,
        {
          code: 'invalid_template',
          message: `The template cannot be rendered: ${refusal}.`,
          problems: [{ code: 'template_render', message: refusal, path: ['body'] }],
        },
      ]);
    } finally {
      process.chdir(before);
      await rm(cwd, { recursive: true, force: true });
    }
  });

  it('previews an email the way delivery renders it: unsubscribe_url as #unsubscribe, javascript: links neutralised', async () => {
    const id = uniqueId('links');
    await t.app.request('/api/templates', jsonRequest({ id, channel: 'email', name: 'Links', body: 'Bye: {{ unsubscribe_url }}', html: '<a href="{{ lead.site }}">site</a>' }));
    const preview = await t.app.request(`/api/templates/${id}/preview`, jsonRequest({ lead: { attributes: { site: ' javascript:alert(1)' } } }));
    expect(await json(preview)).toEqual({ subject: null, text: 'Bye: #unsubscribe', html: '<a href="#">site</a>', missingFields: [], sender: { name: 'Trellis', email: null, phone: null, as: 'default' } });
  });

  it('shows an email delivered to the built-in outbox, and a call task sales completes', async () => {
    const emailTemplate = uniqueId('hello');
    const callTemplate = uniqueId('call');
    await t.app.request('/api/templates', jsonRequest(welcome(emailTemplate)));
    await t.app.request('/api/templates', jsonRequest({ id: callTemplate, channel: 'call_task', name: 'First call', subject: 'Call {{ lead.first_name }}', body: 'Ask about the pilot.' }));
    const event = uniqueId('signed_up');
    const journey = journeyOn(
      event,
      [
        { id: 'mail', type: 'send', position: { x: 0, y: 100 }, data: { channel: 'email', template: emailTemplate } },
        { id: 'call', type: 'send', position: { x: 0, y: 200 }, data: { channel: 'call_task', template: callTemplate } },
        { id: 'done', type: 'exit', position: { x: 0, y: 300 }, data: { outcome: 'completed' } },
      ],
      [['start', 'mail'], ['mail', 'call'], ['call', 'done']],
    );
    const { id: journeyId } = await json(await t.app.request('/api/journeys', jsonRequest(journey)));
    await t.app.request(`/api/journeys/${journeyId}/publish`, { method: 'POST', headers: bearer('marketer') });
    const lead = uniqueId('lead');
    await t.app.request(`/api/leads/${lead}`, jsonRequest({ email: 'ada@example.com', owner: 'ana', attributes: { first_name: 'Ada', company: 'Acme' } }, 'ingest', 'PUT'));
    await t.app.request('/api/events', jsonRequest({ events: [{ id: uniqueId('ev'), leadId: lead, type: event }] }, 'ingest'));
    await t.engine.worker.drain();
    const delivery = createDelivery({ db: database.db });
    expect((await delivery.deliverDue()).filter((r) => r.leadId === lead).map((r) => [r.channel, r.outcome]).sort()).toEqual([
      ['call_task', 'delivered'],
      ['email', 'delivered'],
    ]);
    delivery.close();

    const outbox = await json(await t.app.request(`/api/outbox?leadId=${lead}`, { headers: bearer('operator') }));
    expect(outbox.messages).toEqual([
      {
        id: expect.any(String),
        leadId: lead,
        sendId: expect.any(String),
        channel: 'email',
        to: 'ada@example.com',
        from: expect.any(String),
        subject: 'Welcome, Ada',
        // Every email ends with its unsubscribe link (see packages/channels, email-tracking.ts).
        text: expect.stringMatching(/^Hi Ada, thanks for signing up at Acme\.\n\n--\nUnsubscribe or choose what you receive: http:\/\/localhost:3000\/t\/u\/[\w-]+\.[\w-]{43}\n$/),
        html: null,
        createdAt: expect.any(String),
        opens: 0,
        clicks: 0,
      },
    ]);

    const { tasks } = await json(await t.app.request('/api/tasks?status=open&assignee=ana', { headers: bearer('sales') }));
    const task = tasks.find((x: { leadId: string }) => x.leadId === lead);
    expect(task).toMatchObject({ leadId: lead, journeyId, kind: 'call', title: 'Call Ada', script: 'Ask about the pilot.', assignee: 'ana', status: 'open' });
    // Who the lead is, so the sales desk names it.
    expect(task.lead).toEqual({ email: 'ada@example.com', name: 'Ada', company: 'Acme' });
    const done = await t.app.request(`/api/tasks/${task.id}/complete`, jsonRequest({ result: 'Left a voicemail' }, 'sales'));
    expect(await json(done)).toMatchObject({ id: task.id, status: 'done', result: 'Left a voicemail', completedAt: expect.any(String), lead: task.lead });
    expect((await t.app.request('/api/tasks/nope/complete', { method: 'POST', headers: bearer('sales') })).status).toBe(404);
    const badQuery = await t.app.request('/api/outbox?before=yesterday', { headers: bearer('operator') });
    expect([badQuery.status, (await json(badQuery)).error.code]).toEqual([400, 'invalid_query']);
  });
});
