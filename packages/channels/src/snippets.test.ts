import { expect, it } from 'vitest';
import { createTemplate, putSnippet } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { putCheckedSnippet } from './snippet-library.js';
import { renderTemplate, templateSyntaxError } from './render.js';
import { createCheckedTemplate, previewTemplate } from './template-library.js';

const sender = { name: 'Acme', email: 'hello@acme.example', phone: null };
const defaultSender = sender;

it('parses {% snippet "name" %} and refuses it without a quoted name', () => {
  expect(templateSyntaxError('{% snippet "footer" %}')).toBeNull();
  expect(templateSyntaxError('{% snippet footer %}')).toMatch(/the "snippet" tag takes a snippet's name in quotes.*line:1, col:1/);
});

it('renders a snippet with the template\'s fields, its HTML in HTML parts and its text in text parts', async () => {
  const snippets = new Map([['sig', { text: 'Bye {{ lead.first_name }}', html: '<b>Bye {{ lead.first_name }}</b>' }]]);
  const context = { lead: { id: 'l1', attributes: { first_name: '<Ada>' } }, sender, snippets };
  expect((await renderTemplate('Hi. {% snippet "sig" %}', context)).text).toBe('Hi. Bye <Ada>');
  expect((await renderTemplate('<p>{% snippet "sig" %}</p>', context, 'html')).text).toBe('<p><b>Bye &lt;Ada&gt;</b></p>');
});

it('fails a render naming a snippet it was not given, with the line and column', async () => {
  await expect(renderTemplate('x\n {% snippet "gone" %}', { lead: { id: 'l1', attributes: {} }, sender })).rejects.toMatchObject({
    reason: 'there is no snippet "gone", line:2, col:2',
  });
});

describeEachDatabase('snippets in saved templates', (database) => {
  it('refuses to save a template naming a snippet that does not exist, with part, line and column', async () => {
    const result = await createCheckedTemplate(database.db, { id: 'snip-t1', channel: 'sms', name: 'S', body: 'Hi\n{% snippet "nope" %}' });
    expect(result).toEqual({
      ok: false,
      problems: [{ code: 'template_syntax', message: 'body: there is no snippet "nope", line:2, col:1', path: ['body'] }],
    });
  });

  it('previews a template with its snippet resolved by the server, and records who saved it', async () => {
    await putSnippet(database.db, { name: 'footer-p', text: 'Unsubscribe: {{ unsubscribe_url }}' });
    const saved = await createCheckedTemplate(database.db, { id: 'snip-t2', channel: 'email', name: 'S', subject: 'x', body: 'Hi\n{% snippet "footer-p" %}' }, 'maya');
    expect(saved.ok && saved.template.updatedBy).toBe('maya');
    const previewed = await previewTemplate(database.db, 'snip-t2', { lead: { id: 'p', attributes: {} }, defaultSender });
    expect(previewed.ok && previewed.preview.text).toBe('Hi\nUnsubscribe: #unsubscribe');
  });

  it('refuses a snippet that includes another snippet or does not parse', async () => {
    expect(await putCheckedSnippet(database.db, 'loop', { text: '{% snippet "loop" %}' })).toEqual({
      ok: false,
      problems: [{ code: 'template_syntax', message: 'text: a snippet cannot include another snippet ("loop"), line:1, col:1', path: ['text'] }],
    });
    const broken = await putCheckedSnippet(database.db, 'broken', { text: 'ok', html: '{% if %}' });
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.problems[0]!.path).toEqual(['html']);
    expect((await putCheckedSnippet(database.db, 'bad name!', { text: 'x' })).ok).toBe(false);
  });

  it('saves a snippet a template can then include', async () => {
    const saved = await putCheckedSnippet(database.db, 'sign-off', { text: 'Best, {{ sender.name }}' }, 'maya');
    expect(saved).toMatchObject({ ok: true, snippet: { name: 'sign-off', text: 'Best, {{ sender.name }}', html: null, updatedBy: 'maya' } });
    await createTemplate(database.db, { id: 'snip-t3', channel: 'sms', name: 'S', body: '{% snippet "sign-off" %}' });
    const previewed = await previewTemplate(database.db, 'snip-t3', { lead: { id: 'p', attributes: {} }, defaultSender });
    expect(previewed.ok && previewed.preview.text).toBe('Best, Acme');
  });
});
