import { upsertSender } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { beforeAll, expect, it } from 'vitest';
import { dataTestApp, json, jsonRequest, uniqueId } from '../testing.js';

/** `POST /api/templates/preview`: what the editor holds now, rendered before it is saved. */
describeEachDatabase('draft template preview route', (database) => {
  let t: ReturnType<typeof dataTestApp>;
  beforeAll(() => {
    t = dataTestApp(database.db, { config: { defaultSender: 'Acme <hello@acme.example>' } });
  });

  const draft = {
    channel: 'email',
    subject: 'Hi {{ lead.first_name | default: "there" }}',
    body: 'Hello {{ lead.first_name }}',
    html: '<p>Hello {{ lead.first_name }}</p>{% if lead.stage == "mql" %}<p>Ready to talk?</p>{% else %}<p>Read our guide.</p>{% endif %}<script>alert(1)</script><img src="x" onerror="alert(1)">',
  };

  it('renders an unsaved email for a stored lead as delivery would (dynamic block, sanitised HTML, its own sender), storing nothing', async () => {
    const lead = uniqueId('draft-lead');
    await database.db.query(`insert into leads (id, email, owner, stage, attributes) values ($1, $2, 'sam@acme.example', 'mql', '{"first_name":"Ada"}')`, [lead, `${lead}@x.example`]);
    await upsertSender(database.db, { email: 'sam@acme.example', name: 'Sam Rivera', signature: 'Sam' });
    const templates = async () => (await database.db.query<{ n: number }>('select count(*)::int as n from templates'))[0]!.n;
    const templatesBefore = await templates();

    const answer = await t.app.request('/api/templates/preview', jsonRequest({ leadId: lead, template: { ...draft, sender: 'owner' } }, 'reviewer'));
    expect([answer.status, await json(answer)]).toEqual([
      200,
      {
        subject: 'Hi Ada',
        text: 'Hello Ada',
        html: '<p>Hello Ada</p><p>Ready to talk?</p><img src="x" />',
        missingFields: [],
        sender: { name: 'Sam Rivera', email: 'sam@acme.example', phone: null, signature: 'Sam', as: 'owner' },
      },
    ]);
    // A sample lead in another stage takes the other block and reports the field it lacks.
    const sample = await json(await t.app.request('/api/templates/preview', jsonRequest({ lead: { stage: 'lead' }, template: draft })));
    expect([sample.subject, sample.html, sample.missingFields, sample.sender.as]).toEqual(['Hi there', '<p>Hello </p><p>Read our guide.</p><img src="x" />', ['lead.first_name'], 'default']);
    expect(await templates()).toBe(templatesBefore);
  });

  it('refuses what a save refuses, with the same errors: a file tag, a syntax error, an unknown snippet (422 naming the part)', async () => {
    const cases = [
      [{ ...draft, html: "<p>{% include 'admin-token' %}</p>" }, 'html: the "include" tag is not allowed: templates cannot include files or other templates, line:1, col:4', ['html']],
      [{ ...draft, subject: 'Hi {{ lead.first_name ' }, 'subject:', ['subject']],
      [{ ...draft, body: '{% snippet "nowhere" %}' }, 'body: there is no snippet "nowhere", line:1, col:1', ['body']],
    ] as const;
    for (const [template, message, path] of cases) {
      const refused = await t.app.request('/api/templates/preview', jsonRequest({ template }));
      const { error } = await json(refused);
      expect([refused.status, error.code, error.problems[0].code, error.problems[0].path]).toEqual([422, 'invalid_template', 'template_syntax', path]);
      expect(error.message).toContain(message);
    }
  });

  it('holds hostile drafts to delivery limits: over 1 MiB is 413, a render past the output limit is 422 naming the part', async () => {
    const huge = await t.app.request('/api/templates/preview', jsonRequest({ template: { ...draft, html: 'x'.repeat(1_100_000) } }));
    expect([huge.status, (await json(huge)).error.code]).toEqual([413, 'body_too_large']);
    const blowUp = await t.app.request('/api/templates/preview', jsonRequest({ template: { ...draft, channel: 'sms', subject: null, html: null, body: '{% for i in (1..2000) %}0123456789{% endfor %}' } }));
    const { error } = await json(blowUp);
    expect([blowUp.status, error.code, error.problems[0].code, error.problems[0].path]).toEqual([422, 'invalid_template', 'template_render', ['body']]);
  });

  it('names what is wrong with the body (400), an unknown lead (404), and who may not preview (403)', async () => {
    const noChannel = await t.app.request('/api/templates/preview', jsonRequest({ template: { body: 'x' } }));
    expect([noChannel.status, (await json(noChannel)).error.message]).toEqual([400, expect.stringContaining('at template.channel')]);
    const noTemplate = await t.app.request('/api/templates/preview', jsonRequest({ lead: {} }));
    expect([noTemplate.status, (await json(noTemplate)).error.code]).toEqual([400, 'invalid_body']);
    const stray = await t.app.request('/api/templates/preview', jsonRequest({ template: { ...draft, id: 'x' } }));
    expect([stray.status, (await json(stray)).error.message]).toEqual([400, expect.stringContaining('template')]);
    const lead = await t.app.request('/api/templates/preview', jsonRequest({ leadId: 'nobody', template: draft }));
    expect([lead.status, (await json(lead)).error.code]).toEqual([404, 'not_found']);
    expect((await t.app.request('/api/templates/preview', jsonRequest({ template: draft }, 'operator'))).status).toBe(403);
  });
});
