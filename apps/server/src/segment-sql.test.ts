import { evaluateCondition, type Condition, type HistoryEvent, type Lead } from '@trellis/journey';
import { ingestEvents, listLeads, upsertLead } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { beforeAll, expect, it } from 'vitest';

/**
 * Segments are counted by SQL (packages/store condition-sql.ts); journeys decide by the
 * journey's evaluator. This holds the two equal, condition by condition, on the same leads.
 */

const NOW = Date.parse('2026-03-10T12:00:00Z');
const leads: Lead[] = [
  { id: 'd-ada', email: 'ada@example.com', score: 80, stage: 'sql', owner: 'sam', timezone: 'Europe/London', attributes: { industry: 'retail', size: 250, tags: ['vip', 3], 'company.size': 9, company: { size: 12 }, active: true, note: 'Ünïcode ☃' }, consent: { email: 'opted_in' } },
  { id: 'd-bob', email: 'bob@example.com', score: 40, stage: 'mql', attributes: { industry: 'saas', size: '250', tags: [], company: { size: 3 } }, consent: { email: 'opted_out' } },
  { id: 'd-cy', score: 0, attributes: { industry: null, size: 20.5, active: false }, consent: {} },
  { id: 'd-dee', score: -5, stage: 'lead', attributes: { industry: 'Retail', tags: 'vip' }, consent: { sms: 'opted_in' } },
];
const history: Record<string, HistoryEvent[]> = {
  'd-ada': [
    { type: 'page_visited', at: Date.parse('2026-03-09T08:00:00Z'), props: { url: '/pricing', n: 2 } },
    { type: 'page_visited', at: Date.parse('2026-01-01T08:00:00Z'), props: { url: '/blog' } },
    { type: 'email_clicked', at: Date.parse('2026-03-10T11:00:00Z') },
  ],
  'd-bob': [{ type: 'page_visited', at: Date.parse('2026-02-20T08:00:00Z'), props: { url: '/pricing/enterprise', n: 1 } }],
  'd-cy': [{ type: 'page_visited', at: Date.parse('2026-03-11T08:00:00Z'), props: { url: '/pricing' } }],
};

const conditions: Condition[] = [
  { attr: 'industry', op: 'eq', value: 'retail' },
  { attr: 'industry', op: 'neq', value: 'retail' },
  { attr: 'industry', op: 'eq', value: null },
  { attr: 'industry', op: 'neq', value: null },
  { attr: 'industry', op: 'in', value: ['retail', 'saas'] },
  { attr: 'industry', op: 'in', value: ['retail', null] },
  { attr: 'industry', op: 'nin', value: ['retail'] },
  { attr: 'industry', op: 'nin', value: ['retail', 1] },
  { attr: 'industry', op: 'nin', value: [null] },
  { attr: 'industry', op: 'nin', value: [null, 'retail', 1] },
  { attr: 'industry', op: 'in', value: [] },
  { attr: 'size', op: 'nin', value: [250] },
  { attr: 'tags', op: 'eq', value: ['vip'] },
  { attr: 'tags', op: 'eq', value: 'vip' },
  { attr: 'company', op: 'eq', value: 12 },
  { attr: 'size', op: 'eq', value: 250.0 },
  { attr: 'size', op: 'gt', value: 'a' },
  { attr: 'industry', op: 'gt', value: 1 },
  { attr: 'size', op: 'gt', value: 100 },
  { attr: 'size', op: 'lte', value: 20.5 },
  { attr: 'size', op: 'eq', value: 250 },
  { attr: 'size', op: 'gte', value: '100' },
  { attr: 'score', op: 'gte', value: 40 },
  { attr: 'score', op: 'lt', value: 0 },
  { attr: 'score', op: 'neq', value: 40 },
  { attr: 'score', op: 'in', value: [0, 80] },
  { attr: 'stage', op: 'eq', value: 'mql' },
  { attr: 'stage', op: 'exists' },
  { attr: 'stage', op: 'exists', value: false },
  { attr: 'email', op: 'contains', value: '@example' },
  { attr: 'email', op: 'startsWith', value: 'bob' },
  { attr: 'owner', op: 'neq', value: 'sam' },
  { attr: 'id', op: 'eq', value: 'd-cy' },
  { attr: 'tags', op: 'contains', value: 'vip' },
  { attr: 'tags', op: 'contains', value: 3 },
  { attr: 'company.size', op: 'eq', value: 9 },
  { attr: 'company.size', op: 'eq', value: 3 },
  { attr: 'attributes.industry', op: 'eq', value: 'saas' },
  { attr: 'active', op: 'eq', value: false },
  { attr: 'note', op: 'contains', value: '☃' },
  { attr: 'note', op: 'gt', value: 'A' },
  { attr: 'consent.email', op: 'eq', value: 'opted_in' },
  { attr: 'consent.email', op: 'eq', value: 'unknown' },
  { attr: 'consent.sms', op: 'neq', value: 'opted_in' },
  { attr: 'missing', op: 'eq', value: { nested: true } },
  { all: [] },
  { any: [] },
  { not: { attr: 'industry', op: 'eq', value: 'retail' } },
  { all: [{ attr: 'score', op: 'gt', value: 0 }, { any: [{ attr: 'stage', op: 'eq', value: 'sql' }, { attr: 'industry', op: 'eq', value: 'saas' }] }] },
  { event: 'page_visited' },
  { event: 'page_visited', within: 'P7D' },
  { event: 'page_visited', within: 'P1M' },
  { event: 'page_visited', where: { url: { op: 'startsWith', value: '/pricing' } } },
  { event: 'page_visited', where: { n: { op: 'gte', value: 2 } } },
  { event: 'page_visited', count: { op: 'gte', value: 2 } },
  { event: 'page_visited', count: { op: 'eq', value: 0 } },
  { event: 'page_visited', count: { op: 'lt', value: 2 }, within: 'PT48H' },
  { not: { event: 'email_clicked', within: 'PT2H' } },
];

describeEachDatabase('segment conditions in SQL', (database) => {
  beforeAll(async () => {
    for (const lead of leads) {
      const { id, ...patch } = lead;
      await upsertLead(database.db, id, patch as Parameters<typeof upsertLead>[2]);
    }
    const events = Object.entries(history).flatMap(([leadId, list]) =>
      list.map((event, i) => ({ id: `e${i}`, leadId, type: event.type, at: new Date(event.at), ...(event.props ? { props: event.props } : {}) })),
    );
    await ingestEvents(database.db, events, new Date(NOW));
  });

  it.each(conditions.map((condition) => [JSON.stringify(condition), condition] as const))('%s selects the leads the journey evaluator does', async (_, condition) => {
    const expected = leads
      .filter((lead) => evaluateCondition(condition, { lead, history: history[lead.id] ?? [], now: NOW, zone: 'UTC' }))
      .map((lead) => lead.id);
    const page = await listLeads(database.db, { conditions: [condition, { attr: 'id', op: 'startsWith', value: 'd-' }], limit: 50, now: new Date(NOW) });
    expect(page.leads.map((lead) => lead.id)).toEqual(expected);
  });
});
