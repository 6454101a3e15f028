import { describe, expect, it } from 'vitest';
import { parseEmailBody, serializeEmailBody, unescapeLiquid } from './email-body.js';
import { conditionToLiquid, liquidToCondition } from './liquid-conditions.js';

describe('Liquid inside rich text', () => {
  it('puts back what HTML escaped inside tags and outputs, and leaves the text around them escaped', () => {
    expect(unescapeLiquid('<p>{% if lead.score &gt; 50 and lead.x &lt; 3 %}A &amp; B{% endif %}</p>')).toBe('<p>{% if lead.score > 50 and lead.x < 3 %}A &amp; B{% endif %}</p>');
    expect(unescapeLiquid('<p>{{ lead.company | default: &quot;R&amp;D&quot; }}&nbsp;{{&nbsp;x }}</p>')).toBe('<p>{{ lead.company | default: "R&D" }}&nbsp;{{ x }}</p>');
  });
});

describe('block conditions as Liquid', () => {
  it('writes field tests joined by and / or, a not as the opposite operator, in as or-ed equals', () => {
    expect(conditionToLiquid({ attr: 'stage', op: 'eq', value: 'mql' })).toEqual({ liquid: 'lead.stage == "mql"' });
    expect(conditionToLiquid({ all: [{ attr: 'score', op: 'gt', value: 50 }, { not: { attr: 'role', op: 'eq', value: 'doer' } }] })).toEqual({
      liquid: 'lead.score > 50 and lead.role != "doer"',
    });
    expect(conditionToLiquid({ attr: 'industry', op: 'in', value: ['retail', 'saas'] })).toEqual({ liquid: 'lead.industry == "retail" or lead.industry == "saas"' });
    expect(conditionToLiquid({ attr: 'company.size', op: 'exists' })).toEqual({ liquid: 'lead.company.size != nil' });
    expect(conditionToLiquid({ attr: 'name', op: 'eq', value: 'say "hi"' })).toEqual({ liquid: `lead.name == 'say "hi"'` });
  });

  it('refuses what Liquid cannot say, in words', () => {
    expect(conditionToLiquid({ event: 'email_clicked' })).toEqual({ error: 'engagement tests cannot be used in a message: a block shows by the lead’s fields' });
    expect(conditionToLiquid({ all: [{ attr: 'a', op: 'eq', value: 1 }, { any: [{ attr: 'b', op: 'eq', value: 1 }, { attr: 'c', op: 'eq', value: 1 }] }] })).toEqual({
      error: 'Liquid cannot group tests: use only “All of” or only “Any of” in one condition',
    });
    expect(conditionToLiquid({ attr: 'a', op: 'startsWith', value: 'x' })).toMatchObject({ error: expect.stringContaining('startsWith') });
  });

  it('reads its own Liquid back, and gives up on what the builder cannot say', () => {
    expect(liquidToCondition('lead.stage == "mql"')).toEqual({ attr: 'stage', op: 'eq', value: 'mql' });
    expect(liquidToCondition('lead.score > 50 and lead.attributes.role != "doer"')).toEqual({
      all: [{ attr: 'score', op: 'gt', value: 50 }, { attr: 'role', op: 'neq', value: 'doer' }],
    });
    expect(liquidToCondition("lead.x == 'a and b' or lead.y == nil")).toEqual({ any: [{ attr: 'x', op: 'eq', value: 'a and b' }, { not: { attr: 'y', op: 'exists' } }] });
    expect(liquidToCondition('lead.a == 1 and lead.b == 2 or lead.c == 3')).toBeNull();
    expect(liquidToCondition('lead.tags.size > 2')).toEqual({ attr: 'tags.size', op: 'gt', value: 2 });
    expect(liquidToCondition('lead.first_name')).toBeNull();
  });
});

describe('an email body of sections and dynamic blocks', () => {
  const stored =
    '<p>Hi {{ lead.first_name | default: "there" }},</p>' +
    '{% if lead.stage == "mql" %}<p>Ready for a demo?</p>{% elsif lead.score > 50 %}<p>Hot</p>{% else %}<p>Here is a guide.</p>{% endif %}' +
    '<p>{{ sender.signature }}</p>';

  it('opens a top-level if / elsif / else as a block, and saves it back as the same Liquid', () => {
    const sections = parseEmailBody(stored);
    expect(sections).toEqual([
      { kind: 'rich', html: '<p>Hi {{ lead.first_name | default: "there" }},</p>' },
      {
        kind: 'dynamic',
        variants: [
          { when: { attr: 'stage', op: 'eq', value: 'mql' }, html: '<p>Ready for a demo?</p>' },
          { when: { attr: 'score', op: 'gt', value: 50 }, html: '<p>Hot</p>' },
          { when: null, html: '<p>Here is a guide.</p>' },
        ],
      },
      { kind: 'rich', html: '<p>{{ sender.signature }}</p>' },
    ]);
    expect(serializeEmailBody(sections)).toEqual({ html: stored, problems: [] });
  });

  it('opens an if typed alone in paragraphs as a block too', () => {
    const sections = parseEmailBody('<p>{% if lead.role == "buyer" %}</p><p>Prices</p><p>{% endif %}</p>');
    expect(sections).toEqual([{ kind: 'dynamic', variants: [{ when: { attr: 'role', op: 'eq', value: 'buyer' }, html: '<p>Prices</p>' }] }]);
  });

  it('keeps as text an if inside a paragraph, one it cannot say, one never closed, and nested ifs inside a variant', () => {
    expect(parseEmailBody('<p>A {% if lead.x == 1 %}B{% endif %}</p>')).toEqual([{ kind: 'rich', html: '<p>A {% if lead.x == 1 %}B{% endif %}</p>' }]);
    expect(parseEmailBody('{% if lead.a contains "x" and lead.b or lead.c %}<p>x</p>{% endif %}')[0]).toMatchObject({ kind: 'rich' });
    expect(parseEmailBody('{% if lead.a == 1 %}<p>x</p>')).toEqual([{ kind: 'rich', html: '{% if lead.a == 1 %}<p>x</p>' }]);
    const nested = parseEmailBody('{% if lead.a == 1 %}{% if lead.b == 2 %}<p>x</p>{% endif %}{% endif %}');
    expect(nested).toEqual([{ kind: 'dynamic', variants: [{ when: { attr: 'a', op: 'eq', value: 1 }, html: '{% if lead.b == 2 %}<p>x</p>{% endif %}' }] }]);
  });

  it('names a block whose condition Liquid cannot say', () => {
    const { problems } = serializeEmailBody([{ kind: 'dynamic', variants: [{ when: { event: 'email_opened' }, html: '<p>x</p>' }] }]);
    expect(problems).toEqual(['Dynamic block 1, variant 1: engagement tests cannot be used in a message: a block shows by the lead’s fields']);
  });
});
