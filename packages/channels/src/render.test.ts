import { describe, expect, it } from 'vitest';
import { renderPart, renderTemplate, templateSyntaxError, type MergeContext } from './render.js';

const context: MergeContext = {
  lead: {
    id: 'ada',
    email: 'ada@example.com',
    phone: null,
    owner: 'sam@example.com',
    score: 42,
    stage: 'mql',
    attributes: { first_name: 'Ada', company: 'Analytical Engines', tags: ['a', 'b'], plan: { tier: 'gold' } },
  },
  sender: { name: 'Sam Reyes', email: 'sam@example.com', phone: null },
  journey: { id: 'j1', name: 'Welcome', version: 3 },
};

describe('renderTemplate', () => {
  it('merges lead fields, attributes (also as lead fields) and the sender', async () => {
    const rendered = await renderTemplate(
      'Hi {{ lead.first_name }} of {{ lead.attributes.company }} ({{ lead.score }}, {{ lead.stage }}, {{ lead.attributes.plan.tier }}). {{ sender.name }}, {{ journey.name }} v{{ journey.version }}',
      context,
    );
    expect(rendered).toEqual({
      text: 'Hi Ada of Analytical Engines (42, mql, gold). Sam Reyes, Welcome v3',
      missingFields: [],
    });
  });

  it('renders a missing field empty and reports every one, once, in order', async () => {
    const rendered = await renderTemplate(
      'Hi {{ lead.last_name }}, {{ lead.attributes.city }} {{ lead.phone }} {{ sender.phone }} {{ leed.email }} {{ lead.last_name }}',
      context,
    );
    expect(rendered).toEqual({
      text: 'Hi ,     ',
      missingFields: ['lead.last_name', 'lead.attributes.city', 'lead.phone', 'sender.phone', 'leed'],
    });
  });

  it('reports a field a default filter stands in for, and renders the default', async () => {
    expect(await renderTemplate('Hi {{ lead.nickname | default: "there" }}', context)).toEqual({
      text: 'Hi there',
      missingFields: ['lead.nickname'],
    });
  });

  it('lets tags, loops and filters use the fields', async () => {
    const rendered = await renderTemplate(
      '{% if lead.score > 40 %}hot{% else %}cold{% endif %} {% for tag in lead.attributes.tags %}[{{ tag | upcase }}]{% endfor %} {{ lead.attributes.tags | join: "," }}',
      context,
    );
    expect(rendered).toEqual({ text: 'hot [A][B] a,b', missingFields: [] });
  });

  it('escapes merged values in HTML, not in text', async () => {
    const withMarkup: MergeContext = { ...context, lead: { ...context.lead, attributes: { company: '<b>&Co</b>' } } };
    expect((await renderTemplate('<p>{{ lead.company }}</p>', withMarkup, 'html')).text).toBe('<p>&lt;b&gt;&amp;Co&lt;/b&gt;</p>');
    expect((await renderTemplate('{{ lead.company }}', withMarkup, 'text')).text).toBe('<b>&Co</b>');
  });

  it("keeps the lead's own fields over attributes of the same name", async () => {
    const clash: MergeContext = { ...context, lead: { ...context.lead, attributes: { email: 'other@example.com' } } };
    expect((await renderTemplate('{{ lead.email }}', clash)).text).toBe('ada@example.com');
  });
});

describe('the render time limit', () => {
  it('charges each render only its own time, however many render at once (delivery has hundreds in flight)', async () => {
    // Under a millisecond each once warm: alone far under the limit; interleaved, 1,000 add up to more.
    const source = '{% for i in (1..200) %}{{ i | plus: 1 }}{% endfor %}';
    // Warming up may itself be slow on a busy machine; it is not what is tested.
    for (let i = 0; i < 20; i++) await renderTemplate(source, context).catch(() => undefined);
    const renders = await Promise.allSettled(Array.from({ length: 1_000 }, () => renderTemplate(source, context)));
    expect(renders.filter((render) => render.status === 'rejected')).toEqual([]);
  });
});

describe('templateSyntaxError', () => {
  it('is null for a template that parses', () => {
    expect(templateSyntaxError('Hi {{ lead.first_name | default: "there" }}{% if lead.score > 1 %}!{% endif %}')).toBeNull();
  });

  it('names an unclosed output, an unclosed tag and an unknown filter, with line and column', () => {
    expect(templateSyntaxError('Hi\n{{ lead.first_name')).toBe('output "{{ lead.first_name" not closed, line:2, col:1');
    expect(templateSyntaxError('{% if lead.score > 1 %}hot')).toBe('tag {% if lead.score > 1 %} not closed, line:1, col:1');
    expect(templateSyntaxError('{{ lead.email | shout }}')).toBe('undefined filter: shout, line:1, col:1');
  });
});

describe('templates cannot reach the file system', () => {
  it('refuses render, include and layout when a template is parsed, naming the tag, line and column', () => {
    const refusal = (tag: string) => `the "${tag}" tag is not allowed: templates cannot include files or other templates`;
    expect(templateSyntaxError("Hi\n{% render '.trellis/admin-token' %}")).toBe(`${refusal('render')}, line:2, col:1`);
    expect(templateSyntaxError("{% include 'package.json' %}", 'html')).toBe(`${refusal('include')}, line:1, col:1`);
    expect(templateSyntaxError('x {% layout lead.page %}')).toBe(`${refusal('layout')}, line:1, col:3`);
  });

  it('never prints a file of the working directory, even from a template stored before the refusal', async () => {
    // package.json is in the working directory of this test, where liquidjs looked by default.
    const attempts = ["{% render 'package.json' %}", "{% include 'package.json' %}", "{% layout 'package.json' %}x"];
    for (const source of attempts) {
      await expect(renderPart('email', 'html', source, context)).rejects.toMatchObject({
        part: 'html',
        reason: expect.stringMatching(/^the "(render|include|layout)" tag is not allowed/),
      });
    }
  });
});

describe('render limits', () => {
  const failure = (source: string, part: 'subject' | 'body' | 'html' = 'body', channel: 'email' | 'sms' = 'email') =>
    renderPart(channel, part, source, context).then(
      () => 'rendered',
      (error: Error) => error.message,
    );
  const memory = 'builds more than 10,000,000 characters or list items (a huge range, loop or growing string), the most a template may';

  it('stops a huge range before looping over it', async () => {
    expect(await failure('{% for i in (1..100000000) %}x{% endfor %}')).toBe(`body: ${memory}, line:1, col:1`);
  });

  it('stops a string doubled in a loop, by assign or by capture', async () => {
    expect(await failure('{% assign s = "x" %}{% for i in (1..60) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}')).toBe(
      `body: ${memory}, line:1, col:43`,
    );
    expect(
      await failure('{% assign s = "x" %}{% for i in (1..60) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}{{ s | size }}'),
    ).toBe(`body: ${memory}, line:1, col:58`);
  });

  it('stops a render that takes longer than 300 ms, in about that time', async () => {
    const started = Date.now();
    expect(await failure('{% for i in (1..3000) %}{% for j in (1..3000) %}{% endfor %}{% endfor %}')).toBe(
      'body: takes longer than 300 ms to render, the most a template may take, line:1, col:25',
    );
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('caps each part: 1,000 characters of subject, 1,600 of SMS, 256,000 of text, 1,000,000 of HTML', async () => {
    const repeat = (times: number) => `{% for i in (1..${times}) %}0123456789{% endfor %}`;
    expect(await failure(repeat(100), 'subject')).toBe('rendered');
    expect(await failure(repeat(101), 'subject')).toBe('subject: renders more than 1,000 characters, the most this part may hold, line:1, col:24');
    expect(await failure(repeat(161), 'body', 'sms')).toBe('body: renders more than 1,600 characters, the most this part may hold, line:1, col:24');
    expect(await failure(repeat(25_601), 'body')).toBe('body: renders more than 256,000 characters, the most this part may hold, line:1, col:26');
    expect(await failure(`{% for i in (1..1000) %}${'x'.repeat(1000)}{% endfor %}!`, 'html')).toBe(
      'html: renders more than 1,000,000 characters, the most this part may hold, line:1, col:1037',
    );
  });

  it('refuses tags nested more than 50 deep, however deep', () => {
    const nested = (depth: number) => '{% if true %}'.repeat(depth) + 'x' + '{% endif %}'.repeat(depth);
    expect(templateSyntaxError(nested(50))).toBeNull();
    expect(templateSyntaxError(nested(51))).toBe('tags are nested more than 50 deep, line:1, col:651');
    // Deep enough to overflow liquidjs's recursive parser: still one clear sentence.
    expect(templateSyntaxError(nested(20_000))).toMatch(/^tags are nested more than 50 deep, line:1, col:\d+$/);
  });
});

describe('links in rendered HTML', () => {
  it("neutralises a lead's javascript: URL merged into an href, and keeps http, mailto and relative links", async () => {
    const lead = { ...context.lead, attributes: { site: 'javascript:alert(document.cookie)', blog: 'https://ada.example/blog' } };
    const rendered = await renderTemplate(
      '<a href="{{ lead.site }}">site</a> <a href="{{ lead.blog }}">blog</a> <a href="mailto:{{ lead.email }}">mail</a> <a href="#top">top</a>',
      { ...context, lead },
      'html',
    );
    expect(rendered.text).toBe(
      '<a href="#">site</a> <a href="https://ada.example/blog">blog</a> <a href="mailto:ada@example.com">mail</a> <a href="#top">top</a>',
    );
  });

  it('leaves URLs in text parts as written: they are not markup', async () => {
    const lead = { ...context.lead, attributes: { site: 'javascript:alert(1)' } };
    expect((await renderTemplate('<a href="{{ lead.site }}">', { ...context, lead })).text).toBe('<a href="javascript:alert(1)">');
  });
});
