import { expect, it } from 'vitest';
import { createTemplate, getTemplate } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { createCheckedTemplate, previewTemplate, updateCheckedTemplate } from './template-library.js';

describeEachDatabase('saving templates', (database) => {
  it('saves a template whose parts all parse', async () => {
    const result = await createCheckedTemplate(database.db, {
      id: 'welcome-1',
      channel: 'email',
      name: 'Welcome',
      subject: 'Hi {{ lead.first_name | default: "there" }}',
      body: 'Welcome aboard.',
      html: '<p>Welcome aboard, {{ lead.first_name }}.</p>',
    });
    expect(result).toEqual({ ok: true, template: await getTemplate(database.db, 'welcome-1') });
  });

  it('refuses a template with syntax errors, naming every part that is wrong, and stores nothing', async () => {
    const result = await createCheckedTemplate(database.db, {
      id: 'broken-1',
      channel: 'email',
      name: 'Broken',
      subject: 'Hi {{ lead.first_name',
      body: 'ok',
      html: '{% if lead.score > 1 %}<p>hot</p>',
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        { code: 'template_syntax', message: 'subject: output "{{ lead.first_name" not closed, line:1, col:4', path: ['subject'] },
        { code: 'template_syntax', message: 'html: tag {% if lead.score > 1 %} not closed, line:1, col:1', path: ['html'] },
      ],
    });
    expect(await getTemplate(database.db, 'broken-1')).toBeNull();
  });

  it('refuses a bad shape with the zod issues and their paths', async () => {
    const result = await createCheckedTemplate(database.db, { id: 'has space', channel: 'fax', name: '', body: 'x' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((problem) => [problem.code, problem.path])).toEqual([
      ['schema', ['id']],
      ['schema', ['channel']],
      ['schema', ['name']],
    ]);
  });

  it('wants a webhook template to be an http(s) URL and does not parse it as Liquid', async () => {
    expect(await createCheckedTemplate(database.db, { id: 'hook-bad', channel: 'webhook', name: 'Hook', body: 'crm.example.com/{{' })).toEqual({
      ok: false,
      problems: [{ code: 'bad_url', message: "a webhook template's body must be an http:// or https:// URL", path: ['body'] }],
    });
    const saved = await createCheckedTemplate(database.db, { id: 'hook-ok', channel: 'webhook', name: 'Hook', body: 'https://crm.example.com/in' });
    expect(saved.ok).toBe(true);
  });

  it('refuses an id already taken', async () => {
    await createCheckedTemplate(database.db, { id: 'dup-1', channel: 'sms', name: 'One', body: 'one' });
    expect(await createCheckedTemplate(database.db, { id: 'dup-1', channel: 'sms', name: 'Two', body: 'two' })).toEqual({
      ok: false,
      problems: [{ code: 'duplicate_id', message: 'a template with id "dup-1" already exists', path: ['id'] }],
    });
  });

  it('checks an update as the template would be after it, and answers not_found for an unknown id', async () => {
    await createCheckedTemplate(database.db, { id: 'upd-1', channel: 'sms', name: 'Upd', body: 'Hi {{ lead.first_name }}' });
    const refused = await updateCheckedTemplate(database.db, 'upd-1', { body: 'Hi {{ lead.first_name | nope }}' });
    expect(refused).toEqual({
      ok: false,
      problems: [{ code: 'template_syntax', message: 'body: undefined filter: nope, line:1, col:4', path: ['body'] }],
    });
    expect((await getTemplate(database.db, 'upd-1'))?.body).toBe('Hi {{ lead.first_name }}');
    const accepted = await updateCheckedTemplate(database.db, 'upd-1', { body: 'Hello {{ lead.first_name }}' });
    expect(accepted.ok && accepted.template.body).toBe('Hello {{ lead.first_name }}');
    expect(await updateCheckedTemplate(database.db, 'nope', { name: 'x' })).toEqual({
      ok: false,
      problems: [{ code: 'not_found', message: 'no template with id "nope"', path: [] }],
    });
  });

  it('previews a saved template for a lead, reporting the fields it lacks', async () => {
    await createCheckedTemplate(database.db, {
      id: 'preview-1',
      channel: 'email',
      name: 'Preview',
      subject: 'Hi {{ lead.first_name }}',
      body: '{{ lead.company }} / {{ sender.name }}',
      html: '<b>{{ lead.first_name }}</b>',
    });
    const defaultSender = { name: 'Acme', email: null, phone: null };
    expect(
      await previewTemplate(database.db, 'preview-1', { lead: { id: 'x', attributes: { first_name: 'Ada' } }, defaultSender }),
    ).toEqual({
      ok: true,
      preview: {
        subject: 'Hi Ada',
        text: ' / Acme',
        html: '<b>Ada</b>',
        missingFields: ['lead.company'],
        sender: { name: 'Acme', email: null, phone: null, as: 'default' },
      },
    });
    expect(await previewTemplate(database.db, 'no-such', { lead: { id: 'x', attributes: {} }, defaultSender })).toEqual({
      ok: false,
      problems: [{ code: 'not_found', message: 'no template with id "no-such"', path: [] }],
    });
  });

  it('refuses a template whose tags would read a file, naming the part, line and reason, and stores nothing', async () => {
    const result = await createCheckedTemplate(database.db, {
      id: 'partial-1',
      channel: 'email',
      name: 'Partial',
      subject: 'Hi',
      body: "Token:\n{% render '.trellis/admin-token' %}",
      html: "<p>{% include 'footer' %}</p>",
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          code: 'template_syntax',
          message: 'body: the "render" tag is not allowed: templates cannot include files or other templates, line:2, col:1',
          path: ['body'],
        },
        {
          code: 'template_syntax',
          message: 'html: the "include" tag is not allowed: templates cannot include files or other templates, line:1, col:4',
          path: ['html'],
        },
      ],
    });
    expect(await getTemplate(database.db, 'partial-1')).toBeNull();
  });

  it('previews a stored template that reads a file or breaks a limit as a problem naming the part, never throwing', async () => {
    // Stored as an older Trellis would have let them through, bypassing the checks.
    await createTemplate(database.db, { id: 'stored-partial', channel: 'email', name: 'P', subject: 'Hi', body: 'ok', html: "<p>{% render 'package.json' %}</p>" });
    await createTemplate(database.db, { id: 'stored-long-sms', channel: 'sms', name: 'L', body: '{% for i in (1..200) %}0123456789{% endfor %}' });
    const defaultSender = { name: 'Acme', email: null, phone: null };
    const lead = { id: 'x', attributes: {} };
    expect(await previewTemplate(database.db, 'stored-partial', { lead, defaultSender })).toEqual({
      ok: false,
      problems: [
        {
          code: 'template_render',
          message: 'html: the "render" tag is not allowed: templates cannot include files or other templates, line:1, col:4',
          path: ['html'],
        },
      ],
    });
    expect(await previewTemplate(database.db, 'stored-long-sms', { lead, defaultSender })).toEqual({
      ok: false,
      problems: [
        { code: 'template_render', message: 'body: renders more than 1,600 characters, the most this part may hold, line:1, col:24', path: ['body'] },
      ],
    });
  });
});
