import { describe, expect, it } from 'vitest';
import { evaluateCondition, matchesWhere, readLeadField, testValue, type ConditionContext } from './conditions.js';
import type { HistoryEvent, Lead } from './lead.js';
import type { Condition, Operator } from './schema.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-23T12:00:00Z');

const lead: Lead = {
  id: 'lead-1',
  email: 'ana@acme.io',
  phone: null,
  timezone: 'Europe/London',
  owner: 'sam',
  score: 42,
  stage: 'mql',
  attributes: {
    industry: 'retail',
    employees: 250,
    trial: true,
    signupDate: '2026-11-01',
    tags: ['vip', 'eu'],
    company: { size: 'enterprise', address: { country: 'DE' } },
    'region.code': 'emea',
    nothing: null,
  },
  consent: { email: 'opted_in', sms: 'opted_out' },
};

function ctx(history: HistoryEvent[] = [], overrides: Partial<ConditionContext> = {}): ConditionContext {
  return { lead, history, now: NOW, zone: 'UTC', ...overrides };
}

function holds(condition: unknown, context: ConditionContext = ctx()): boolean {
  return evaluateCondition(condition as Condition, context);
}

describe('readLeadField', () => {
  it("reads the lead's own fields", () => {
    expect(readLeadField(lead, 'score')).toBe(42);
    expect(readLeadField(lead, 'stage')).toBe('mql');
    expect(readLeadField(lead, 'email')).toBe('ana@acme.io');
    expect(readLeadField(lead, 'phone')).toBeNull();
    expect(readLeadField(lead, 'timezone')).toBe('Europe/London');
    expect(readLeadField(lead, 'owner')).toBe('sam');
    expect(readLeadField(lead, 'id')).toBe('lead-1');
  });

  it('reads consent per channel, missing consent as "unknown"', () => {
    expect(readLeadField(lead, 'consent.email')).toBe('opted_in');
    expect(readLeadField(lead, 'consent.sms')).toBe('opted_out');
    expect(readLeadField(lead, 'consent.direct_mail')).toBe('unknown');
    expect(readLeadField(lead, 'consent.constructor')).toBe('unknown');
  });

  it('reads any other name from the attributes, with or without the attributes. prefix', () => {
    expect(readLeadField(lead, 'industry')).toBe('retail');
    expect(readLeadField(lead, 'attributes.industry')).toBe('retail');
    expect(readLeadField(lead, 'company.size')).toBe('enterprise');
    expect(readLeadField(lead, 'attributes.company.address.country')).toBe('DE');
    expect(readLeadField(lead, 'tags')).toEqual(['vip', 'eu']);
    expect(readLeadField(lead, 'tags.0')).toBe('vip');
  });

  it('reads a key that itself holds a dot before walking a path', () => {
    expect(readLeadField(lead, 'region.code')).toBe('emea');
  });

  it('reads missing attributes and paths as undefined, never the prototype', () => {
    expect(readLeadField(lead, 'revenue')).toBeUndefined();
    expect(readLeadField(lead, 'company.revenue')).toBeUndefined();
    expect(readLeadField(lead, 'industry.length')).toBeUndefined();
    expect(readLeadField(lead, 'company.size.length')).toBeUndefined();
    expect(readLeadField(lead, 'constructor')).toBeUndefined();
    expect(readLeadField(lead, '__proto__')).toBeUndefined();
    expect(readLeadField(lead, 'company.toString')).toBeUndefined();
    expect(readLeadField(lead, 'nothing')).toBeNull();
  });
});

describe('testValue', () => {
  const cases: [string, unknown, Operator, unknown, boolean][] = [
    // eq / neq
    ['eq same string', 'retail', 'eq', 'retail', true],
    ['eq is case-sensitive', 'retail', 'eq', 'Retail', false],
    ['eq numbers', 250, 'eq', 250, true],
    ['eq booleans', true, 'eq', true, true],
    ['eq across types', 250, 'eq', '250', false],
    ['eq with an object value', { a: 1 }, 'eq', { a: 1 }, false],
    ['eq null asks for missing', undefined, 'eq', null, true],
    ['eq null on a present value', 'x', 'eq', null, false],
    ['neq different string', 'retail', 'neq', 'saas', true],
    ['neq same string', 'retail', 'neq', 'retail', false],
    ['neq across types is false', 250, 'neq', '250', false],
    ['neq on an object is false', { a: 1 }, 'neq', 'x', false],
    ['neq on a missing value is true', undefined, 'neq', 'retail', true],
    ['neq on null is true', null, 'neq', 'retail', true],
    ['neq null asks for present', 'x', 'neq', null, true],
    ['neq null on a missing value', undefined, 'neq', null, false],
    ['neq with an array value is false', 'x', 'neq', ['x'], false],
    // in / nin
    ['in a member', 'retail', 'in', ['saas', 'retail'], true],
    ['in no member', 'retail', 'in', ['saas'], false],
    ['in across types', 1, 'in', ['1'], false],
    ['in with a non-array value', 'retail', 'in', 'retail', false],
    ['in on a missing value', undefined, 'in', ['retail'], false],
    ['in null member matches missing', undefined, 'in', ['retail', null], true],
    ['in on an array value', ['retail'], 'in', [['retail']], false],
    ['nin no member', 'retail', 'nin', ['saas', 'fintech'], true],
    ['nin a member', 'retail', 'nin', ['saas', 'retail'], false],
    ['nin empty list', 'retail', 'nin', [], true],
    ['nin across types is false', 5, 'nin', ['a', 'b'], false],
    ['nin on a missing value is true', undefined, 'nin', ['retail'], true],
    ['nin null member excludes missing', null, 'nin', ['retail', null], false],
    ['nin on an object is false', { a: 1 }, 'nin', ['x'], false],
    ['nin with a non-array value', 'retail', 'nin', 'saas', false],
    // ordering
    ['gt numbers', 42, 'gt', 41, true],
    ['gt equal numbers', 42, 'gt', 42, false],
    ['gte equal numbers', 42, 'gte', 42, true],
    ['lt numbers', 42, 'lt', 50, true],
    ['lte equal numbers', 42, 'lte', 42, true],
    ['lte larger', 43, 'lte', 42, false],
    ['gt ISO dates as strings', '2026-11-01', 'gt', '2026-10-31', true],
    ['lt ISO dates as strings', '2026-11-01', 'lt', '2026-10-31', false],
    ['gt number against numeric string', 42, 'gt', '41', false],
    ['lt string against number', '41', 'lt', 42, false],
    ['gte on a missing value', undefined, 'gte', 0, false],
    ['lt on a boolean', true, 'lt', 2, false],
    // contains / startsWith
    ['contains substring', 'https://acme.io/pricing?x=1', 'contains', '/pricing', true],
    ['contains is case-sensitive', 'https://acme.io/Pricing', 'contains', '/pricing', false],
    ['contains array element', ['vip', 'eu'], 'contains', 'vip', true],
    ['contains array without element', ['vip', 'eu'], 'contains', 'us', false],
    ['contains array across types', [1, 2], 'contains', '1', false],
    ['contains on a number', 1234, 'contains', '23', false],
    ['contains on a missing value', undefined, 'contains', 'x', false],
    ['startsWith prefix', 'ana@acme.io', 'startsWith', 'ana@', true],
    ['startsWith not prefix', 'ana@acme.io', 'startsWith', 'acme', false],
    ['startsWith on a number', 1234, 'startsWith', '12', false],
    ['startsWith on a missing value', null, 'startsWith', '', false],
    // exists
    ['exists on a present value', 'x', 'exists', undefined, true],
    ['exists on a falsy present value', 0, 'exists', undefined, true],
    ['exists true on a present value', '', 'exists', true, true],
    ['exists on a missing value', undefined, 'exists', undefined, false],
    ['exists on null', null, 'exists', true, false],
    ['exists false on a missing value', undefined, 'exists', false, true],
    ['exists false on a present value', 'x', 'exists', false, false],
    ['exists with a nonsense value', 'x', 'exists', 'yes', false],
  ];

  it.each(cases)('%s', (_name, actual, op, value, expected) => {
    expect(testValue(actual, { op, value })).toBe(expected);
  });

  it('is false for an unknown op or a test that is not an object', () => {
    expect(testValue('x', { op: 'like' as Operator, value: 'x' })).toBe(false);
    expect(testValue('x', null as unknown as { op: Operator })).toBe(false);
  });
});

describe('matchesWhere', () => {
  const props = { url: 'https://acme.io/pricing', form: { id: 'demo', fields: 4 } };

  it('holds when every key passes, with dotted paths into props', () => {
    expect(matchesWhere({ url: { op: 'contains', value: '/pricing' } }, props)).toBe(true);
    expect(
      matchesWhere({ url: { op: 'startsWith', value: 'https://' }, 'form.id': { op: 'eq', value: 'demo' } }, props),
    ).toBe(true);
    expect(
      matchesWhere({ url: { op: 'contains', value: '/pricing' }, 'form.fields': { op: 'gt', value: 4 } }, props),
    ).toBe(false);
  });

  it('holds with no where or an empty one', () => {
    expect(matchesWhere(undefined, props)).toBe(true);
    expect(matchesWhere(undefined, undefined)).toBe(true);
    expect(matchesWhere({}, undefined)).toBe(true);
  });

  it('reads missing props as missing values', () => {
    expect(matchesWhere({ url: { op: 'exists' } }, undefined)).toBe(false);
    expect(matchesWhere({ campaign: { op: 'neq', value: 'spring' } }, props)).toBe(true);
  });

  it('is false for a where or a test of the wrong shape', () => {
    expect(matchesWhere(null as never, props)).toBe(false);
    expect(matchesWhere({ url: null } as never, props)).toBe(false);
  });
});

describe('evaluateCondition: attribute tests', () => {
  it('tests lead fields and attributes', () => {
    expect(holds({ attr: 'score', op: 'gte', value: 40 })).toBe(true);
    expect(holds({ attr: 'score', op: 'gte', value: 50 })).toBe(false);
    expect(holds({ attr: 'industry', op: 'eq', value: 'retail' })).toBe(true);
    expect(holds({ attr: 'company.size', op: 'in', value: ['enterprise', 'mid'] })).toBe(true);
    expect(holds({ attr: 'attributes.employees', op: 'lt', value: 100 })).toBe(false);
    expect(holds({ attr: 'consent.sms', op: 'eq', value: 'opted_out' })).toBe(true);
    expect(holds({ attr: 'consent.call_task', op: 'eq', value: 'unknown' })).toBe(true);
  });

  it('treats a missing attribute as not equal to anything and not existing', () => {
    expect(holds({ attr: 'revenue', op: 'neq', value: 'retail' })).toBe(true);
    expect(holds({ attr: 'revenue', op: 'nin', value: ['retail'] })).toBe(true);
    expect(holds({ attr: 'revenue', op: 'eq', value: 'retail' })).toBe(false);
    expect(holds({ attr: 'revenue', op: 'gt', value: 0 })).toBe(false);
    expect(holds({ attr: 'revenue', op: 'exists' })).toBe(false);
    expect(holds({ attr: 'revenue', op: 'exists', value: false })).toBe(true);
    expect(holds({ attr: 'phone', op: 'exists' })).toBe(false);
  });

  it('compares across types as false', () => {
    expect(holds({ attr: 'score', op: 'eq', value: '42' })).toBe(false);
    expect(holds({ attr: 'score', op: 'neq', value: '42' })).toBe(false);
    expect(holds({ attr: 'company', op: 'eq', value: 'enterprise' })).toBe(false);
  });
});

describe('evaluateCondition: all, any, not', () => {
  const hot = { attr: 'score', op: 'gte', value: 40 };
  const cold = { attr: 'score', op: 'lt', value: 10 };

  it('combines conditions', () => {
    expect(holds({ all: [hot, { attr: 'industry', op: 'eq', value: 'retail' }] })).toBe(true);
    expect(holds({ all: [hot, cold] })).toBe(false);
    expect(holds({ any: [cold, hot] })).toBe(true);
    expect(holds({ any: [cold, cold] })).toBe(false);
    expect(holds({ not: cold })).toBe(true);
    expect(holds({ not: hot })).toBe(false);
    expect(holds({ all: [{ any: [cold, { not: cold }] }, { not: { all: [hot, cold] } }] })).toBe(true);
    expect(holds({ not: { any: [{ all: [hot, { not: hot }] }, cold] } })).toBe(true);
  });

  it('reads all of nothing as true and any of nothing as false', () => {
    expect(holds({ all: [] })).toBe(true);
    expect(holds({ any: [] })).toBe(false);
    expect(holds({ not: { any: [] } })).toBe(true);
  });
});

describe('evaluateCondition: engagement tests', () => {
  const history: HistoryEvent[] = [
    { type: 'email_clicked', at: NOW - 20 * DAY, props: { url: 'https://acme.io/pricing' } },
    { type: 'page_visited', at: NOW - 10 * DAY, props: { path: '/pricing' } },
    { type: 'email_clicked', at: NOW - 5 * DAY, props: { url: 'https://acme.io/blog' } },
    { type: 'email_clicked', at: NOW - 2 * DAY, props: { url: 'https://acme.io/pricing?utm=x' } },
    { type: 'email_opened', at: NOW },
    { type: 'email_clicked', at: NOW + 1, props: { url: 'https://acme.io/pricing' } },
  ];

  it('holds when the lead has had the event at least once, by default', () => {
    expect(holds({ event: 'email_opened' }, ctx(history))).toBe(true);
    expect(holds({ event: 'webinar_attended' }, ctx(history))).toBe(false);
  });

  it('counts matching events over the whole history without within', () => {
    expect(holds({ event: 'email_clicked', count: { op: 'eq', value: 3 } }, ctx(history))).toBe(true);
    const pricing = { url: { op: 'contains', value: '/pricing' } };
    expect(holds({ event: 'email_clicked', where: pricing, count: { op: 'eq', value: 2 } }, ctx(history))).toBe(true);
    expect(holds({ event: 'email_clicked', where: pricing, count: { op: 'gte', value: 3 } }, ctx(history))).toBe(false);
  });

  it('counts only events inside the window (now - within, now]', () => {
    const pricing = { url: { op: 'contains', value: '/pricing' } };
    expect(holds({ event: 'email_clicked', where: pricing, within: 'P14D' }, ctx(history))).toBe(true);
    expect(
      holds({ event: 'email_clicked', where: pricing, within: 'P14D', count: { op: 'eq', value: 1 } }, ctx(history)),
    ).toBe(true);
    expect(holds({ event: 'email_clicked', where: pricing, within: 'P1D' }, ctx(history))).toBe(false);
    expect(holds({ event: 'email_clicked', within: 'P5D', count: { op: 'eq', value: 1 } }, ctx(history))).toBe(true);
    expect(holds({ event: 'email_clicked', within: 'P3W', count: { op: 'eq', value: 3 } }, ctx(history))).toBe(true);
    expect(holds({ event: 'email_opened', within: 'PT1M' }, ctx(history))).toBe(true);
  });

  it('supports at-most counts and zero', () => {
    expect(holds({ event: 'email_clicked', within: 'P7D', count: { op: 'lte', value: 2 } }, ctx(history))).toBe(true);
    expect(holds({ event: 'email_clicked', within: 'P7D', count: { op: 'lt', value: 2 } }, ctx(history))).toBe(false);
    expect(holds({ event: 'webinar_attended', count: { op: 'eq', value: 0 } }, ctx(history))).toBe(true);
    expect(holds({ event: 'email_clicked', count: { op: 'neq', value: 3 } }, ctx(history))).toBe(false);
    expect(holds({ event: 'email_clicked', count: { op: 'gt', value: 2 } }, ctx(history))).toBe(true);
  });

  it('never counts events after now', () => {
    expect(holds({ event: 'email_clicked', within: 'PT1H' }, ctx(history))).toBe(false);
    const earlier = ctx(history, { now: NOW - 15 * DAY });
    expect(holds({ event: 'email_clicked', count: { op: 'eq', value: 1 } }, earlier)).toBe(true);
  });

  it('reads within as calendar time in the lead zone', () => {
    // Three calendar days before 2026-03-09 09:00 New York reaches across the spring change:
    // 2026-03-06 09:00 EST, which is 71 hours earlier, not 72.
    const now = Date.parse('2026-03-09T09:00:00-04:00');
    const clicks: HistoryEvent[] = [{ type: 'email_clicked', at: now - 71.5 * 3_600_000 }];
    const context = ctx(clicks, { now, zone: 'America/New_York' });
    expect(holds({ event: 'email_clicked', within: 'P3D' }, context)).toBe(false);
    expect(holds({ event: 'email_clicked', within: 'PT72H' }, context)).toBe(true);
  });

  it('is false for an unparseable within', () => {
    expect(holds({ event: 'email_opened', within: 'two weeks' }, ctx(history))).toBe(false);
  });
});

describe('evaluateCondition: malformed input', () => {
  it.each([
    ['null', null],
    ['a string', 'score > 5'],
    ['an array', [{ attr: 'score', op: 'gte', value: 1 }]],
    ['an empty object', {}],
    ['an unknown op', { attr: 'score', op: 'greater', value: 1 }],
    ['an attr that is not a string', { attr: 5, op: 'eq', value: 5 }],
    ['all that is not an array', { all: { attr: 'score', op: 'gte', value: 1 } }],
    ['not of nothing', { not: 'x' }],
    ['not of a malformed node', { not: { attr: 'score', op: 'greater', value: 1 } }],
    ['a malformed node inside all', { all: [{ attr: 'score', op: 'gte', value: 1 }, {}] }],
    ['a malformed node inside not inside any', { any: [{ not: {} }] }],
    ['an event that is not a string', { event: 7 }],
    ['a where that is not an object', { event: 'email_opened', where: 'x' }],
    ['a count of the wrong shape', { event: 'email_opened', count: 1 }],
    ['a count with an unknown op', { event: 'email_opened', count: { op: 'contains', value: 1 } }],
    ['a within that is not a string', { event: 'email_opened', within: 14 }],
  ])('is false for %s', (_name, condition) => {
    const history: HistoryEvent[] = [{ type: 'email_opened', at: NOW - DAY }];
    expect(holds(condition, ctx(history))).toBe(false);
  });

  it('is false for nesting too deep or a cycle, without throwing', () => {
    let deep: Record<string, unknown> = { attr: 'score', op: 'gte', value: 1 };
    for (let i = 0; i < 100; i++) deep = { all: [deep] };
    expect(holds(deep)).toBe(false);
    const cycle: Record<string, unknown> = {};
    cycle.not = { not: cycle };
    expect(holds(cycle)).toBe(false);
  });

  it('is false when reading the condition throws', () => {
    const hostile = {
      get attr(): string {
        throw new Error('boom');
      },
    };
    expect(holds(hostile)).toBe(false);
  });

  it('reads a lead or history of the wrong shape as missing values, without throwing', () => {
    const broken = { lead: null, history: null, now: NOW, zone: 'UTC' } as unknown as ConditionContext;
    expect(holds({ event: 'email_opened' }, broken)).toBe(false);
    expect(holds({ attr: 'score', op: 'exists' }, broken)).toBe(false);
    expect(holds({ attr: 'score', op: 'exists', value: false }, broken)).toBe(true);
  });
});
