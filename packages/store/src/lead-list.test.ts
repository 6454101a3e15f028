import { beforeAll, describe, expect, it } from 'vitest';
import { ingestEvents } from './events.js';
import { countLeads, LeadCursorError, leadIdsByEmail, listLeads, type LeadListQuery } from './lead-list.js';
import { upsertLead } from './leads.js';
import { describeEachDatabase } from './test-databases.js';

const NOW = new Date('2026-03-10T12:00:00Z');

describeEachDatabase('leads list', (database) => {
  const ids = (query: Partial<LeadListQuery>) =>
    listLeads(database.db, { limit: 50, now: NOW, ...query }).then((page) => page.leads.map((lead) => lead.id));

  beforeAll(async () => {
    const db = database.db;
    await upsertLead(db, 'ada', { email: 'Ada.Lovelace@example.com', score: 80, stage: 'sql', owner: 'sam@acme.test', attributes: { name: 'Ada Lovelace', industry: 'retail' } });
    await upsertLead(db, 'bob', { email: 'bob@example.com', score: 40, stage: 'mql', attributes: { firstName: 'Robert', size: 250 } });
    await upsertLead(db, 'cy', { email: 'cy@other.test', score: 40, stage: 'mql', owner: 'sam@acme.test', attributes: { company: 'Lovelace Labs' } });
    await upsertLead(db, 'dee', { score: 5, attributes: { industry: 'retail', size: 20 } });
    await upsertLead(db, 'eve_1', { email: 'eve@example.com', score: 95 });
    await ingestEvents(
      db,
      [
        { id: 'v1', leadId: 'bob', type: 'page_visited', at: '2026-03-09T08:00:00.123456Z', props: { url: '/pricing' } },
        { id: 'v2', leadId: 'dee', type: 'page_visited', at: '2026-03-01T08:00:00Z', props: { url: '/blog' } },
        { id: 'v3', leadId: 'dee', type: 'email_clicked', at: '2026-03-09T09:00:00Z' },
        // A record change is not the lead's own activity.
        { id: 'u1', leadId: 'ada', type: 'lead_updated', at: '2026-03-09T10:00:00Z', props: {} },
      ],
      NOW,
    );
  });

  it('searches the id, the email and the name attributes, ignoring case', async () => {
    expect(await ids({ q: 'LOVELACE' })).toEqual(['ada', 'cy']);
    expect(await ids({ q: 'robert' })).toEqual(['bob']);
    expect(await ids({ q: 'eve_' })).toEqual(['eve_1']);
    // % and _ are letters here, not patterns.
    expect(await ids({ q: 'e_e' })).toEqual([]);
    expect(await ids({ q: '@EXAMPLE.com' })).toEqual(['ada', 'bob', 'eve_1']);
  });

  it('filters by stage, owner and score range', async () => {
    expect(await ids({ stage: 'mql' })).toEqual(['bob', 'cy']);
    expect(await ids({ owner: 'sam@acme.test' })).toEqual(['ada', 'cy']);
    expect(await ids({ minScore: 40, maxScore: 80 })).toEqual(['ada', 'bob', 'cy']);
  });

  it('filters by journey-format conditions, engagement tests included', async () => {
    expect(await ids({ conditions: [{ attr: 'industry', op: 'eq', value: 'retail' }] })).toEqual(['ada', 'dee']);
    expect(await ids({ conditions: [{ attr: 'size', op: 'gt', value: 100 }] })).toEqual(['bob']);
    expect(await ids({ conditions: [{ event: 'page_visited', where: { url: { op: 'contains', value: 'pricing' } }, within: 'P7D' }] })).toEqual(['bob']);
    expect(await ids({ conditions: [{ event: 'page_visited', within: 'P3D' }, { not: { attr: 'email', op: 'exists' } }] })).toEqual([]);
    expect(await ids({ conditions: [{ event: 'page_visited', count: { op: 'eq', value: 0 } }] })).toEqual(['ada', 'cy', 'eve_1']);
  });

  it('sorts by score, highest first, and pages by cursor without repeating or skipping a tie', async () => {
    const first = await listLeads(database.db, { sort: 'score', limit: 2, now: NOW });
    expect(first.leads.map((l) => [l.id, l.score])).toEqual([['eve_1', 95], ['ada', 80]]);
    const second = await listLeads(database.db, { sort: 'score', limit: 2, now: NOW, cursor: first.nextCursor! });
    expect(second.leads.map((l) => [l.id, l.score])).toEqual([['cy', 40], ['bob', 40]]);
    const third = await listLeads(database.db, { sort: 'score', limit: 2, now: NOW, cursor: second.nextCursor! });
    expect(third).toEqual({ leads: [expect.objectContaining({ id: 'dee', score: 5 })], nextCursor: null });
  });

  it('sorts by last activity (the lead own events, to the microsecond), leads with none last', async () => {
    const all = await listLeads(database.db, { sort: 'activity', limit: 50, now: NOW });
    expect(all.leads.map((l) => [l.id, l.lastActivityAt?.toISOString() ?? null])).toEqual([
      ['dee', '2026-03-09T09:00:00.000Z'],
      ['bob', '2026-03-09T08:00:00.123Z'],
      ['eve_1', null],
      ['cy', null],
      ['ada', null],
    ]);
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listLeads(database.db, { sort: 'activity', limit: 1, now: NOW, ...(cursor ? { cursor } : {}) });
      paged.push(...page.leads.map((l) => l.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(['dee', 'bob', 'eve_1', 'cy', 'ada']);
  });

  it('refuses a cursor it did not make, or one made for another sort', async () => {
    const page = await listLeads(database.db, { sort: 'score', limit: 1, now: NOW });
    await expect(listLeads(database.db, { sort: 'activity', limit: 1, now: NOW, cursor: page.nextCursor! })).rejects.toThrow(
      new LeadCursorError('this cursor pages the list sorted by score, not by activity'),
    );
    const forged = Buffer.from(JSON.stringify(['score', 'drop table', 'x'])).toString('base64url');
    await expect(listLeads(database.db, { sort: 'score', limit: 1, now: NOW, cursor: forged })).rejects.toThrow(LeadCursorError);
    await expect(listLeads(database.db, { limit: 1, now: NOW, cursor: '%%%' })).rejects.toThrow(LeadCursorError);
  });

  it('counts the leads that meet conditions', async () => {
    expect(await countLeads(database.db, [], NOW)).toBe(5);
    expect(await countLeads(database.db, [{ attr: 'score', op: 'gte', value: 40 }], NOW)).toBe(4);
    expect(await countLeads(database.db, [{ any: [{ attr: 'stage', op: 'eq', value: 'sql' }, { attr: 'industry', op: 'eq', value: 'retail' }] }], NOW)).toBe(2);
  });

  it('finds the lead holding an email whatever its case', async () => {
    expect(await leadIdsByEmail(database.db, ['ada.lovelace@example.com', 'nobody@example.com'])).toEqual(new Map([['ada.lovelace@example.com', 'ada']]));
  });
});

describe('the search index', () => {
  describeEachDatabase('lead search', (database) => {
    it('has a trigram index on both databases', async () => {
      const rows = await database.db.query<{ indexdef: string }>(`select indexdef from pg_indexes where indexname = 'leads_search'`);
      expect(rows.map((r) => r.indexdef)).toEqual([expect.stringContaining('gin_trgm_ops')]);
    });
  });
});
