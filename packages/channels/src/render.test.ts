import { describe, expect, it } from 'vitest';
import { renderTemplate, templateSyntaxError, type MergeContext } from './render.js';

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
