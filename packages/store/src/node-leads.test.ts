import { beforeAll, expect, it } from 'vitest';
import { ingestEvents } from './events.js';
import { LeadCursorError } from './lead-list.js';
import { upsertLead } from './leads.js';
import { nodeLeadsPage, type NodeLeadSort } from './node-leads.js';
import type { SqlQueryable } from './sql.js';
import { describeEachDatabase } from './test-databases.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const HOUR = 3_600_000;
const LEADS = 150;

function leadId(i: number): string {
  return `lead-${String(i).padStart(3, '0')}`;
}

async function putRun(db: SqlQueryable, lead: string, nodeId: string, state: Record<string, unknown>, wakeAt: Date | null, status = 'active') {
  await db.query(
    `insert into runs (lead_id, id, journey_id, version, status, node_id, state, wake_at) values ($1, $2, 'j', 1, $3, $4, $5::text::jsonb, $6)`,
    [lead, `run-${lead}-${nodeId}`, status, nodeId, JSON.stringify(state), wakeAt],
  );
}

describeEachDatabase('leads at a node: search, sorts and keyset pages over all of them', (database) => {
  /** Every page of a sort, walked by cursor. */
  async function walk(sort: NodeLeadSort, limit: number, q?: string): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await nodeLeadsPage(database.db, 'j', 'w', { sort, limit, ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) });
      seen.push(...page.leads.map((l) => l.leadId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return seen;
  }

  beforeAll(async () => {
    const db = database.db;
    // 150 leads at the wait `w`: arrival times run backwards with the id (lead-149 came first),
    // scores repeat every 7 (ties to break), every third has no wake-up.
    for (let i = 0; i < LEADS; i++) {
      const id = leadId(i);
      await upsertLead(db, id, { email: `${id}@example.com`, score: i % 7, attributes: i === 142 ? { name: 'Grace Hopper' } : {} });
      await putRun(db, id, 'w', { nodeEnteredAt: T0 + (LEADS - i) * HOUR }, i % 3 === 0 ? null : new Date(T0 + i * HOUR));
    }
    // Not at `w` now: at another node, or done.
    await upsertLead(db, 'elsewhere', { email: 'grace@elsewhere.test', score: 99, attributes: { name: 'Grace Elsewhere' } });
    await putRun(db, 'elsewhere', 'other', { nodeEnteredAt: T0 }, null);
    await upsertLead(db, 'finished', { email: 'grace@finished.test', score: 99 });
    await putRun(db, 'finished', 'w', { nodeEnteredAt: T0 }, null, 'done');
    await ingestEvents(
      db,
      [
        { id: 'a1', leadId: leadId(120), type: 'page_visited', at: '2026-03-09T08:00:00.123456Z' },
        { id: 'a2', leadId: leadId(5), type: 'page_visited', at: '2026-03-08T08:00:00Z' },
      ],
      new Date('2026-03-10T00:00:00Z'),
    );
  });

  it('finds a lead by name, email or id beyond the first 100, and counts the matches among every lead here', async () => {
    const byName = await nodeLeadsPage(database.db, 'j', 'w', { q: 'GRACE', limit: 100 });
    expect(byName.leads.map((l) => l.leadId)).toEqual([leadId(142)]);
    expect(byName.total).toBe(1);
    const byEmail = await nodeLeadsPage(database.db, 'j', 'w', { q: 'lead-14', limit: 3 });
    expect(byEmail.leads.map((l) => l.leadId)).toEqual([leadId(140), leadId(141), leadId(142)]);
    expect(byEmail.total).toBe(10);
    expect(await walk('id', 3, 'lead-14')).toEqual(Array.from({ length: 10 }, (_, i) => leadId(140 + i)));
    // % and _ are letters, not patterns.
    expect((await nodeLeadsPage(database.db, 'j', 'w', { q: 'lead_', limit: 10 })).total).toBe(0);
    expect((await nodeLeadsPage(database.db, 'j', 'w', { limit: 10 })).total).toBe(LEADS);
  });

  it('sorts by time here over all of them, longest first, and pages by cursor', async () => {
    const first = await nodeLeadsPage(database.db, 'j', 'w', { sort: 'time-here', limit: 2 });
    expect(first.leads.map((l) => l.leadId)).toEqual([leadId(149), leadId(148)]);
    expect(first.leads[0]!.enteredAt.toISOString()).toBe(new Date(T0 + HOUR).toISOString());
    const all = await walk('time-here', 40);
    expect(all).toEqual(Array.from({ length: LEADS }, (_, i) => leadId(LEADS - 1 - i)));
  });

  it('sorts by score (highest first) breaking ties by id, without repeating or skipping one across pages', async () => {
    const all = await walk('score', 9);
    const expected = Array.from({ length: LEADS }, (_, i) => i)
      .sort((a, b) => (b % 7) - (a % 7) || b - a)
      .map(leadId);
    expect(all).toEqual(expected);
  });

  it('sorts by last activity (newest first, none last) and by next wake-up (soonest first, none last)', async () => {
    const activity = await walk('activity', 50);
    expect(activity.slice(0, 3)).toEqual([leadId(120), leadId(5), leadId(149)]);
    expect(activity).toHaveLength(LEADS);
    const wakes = await walk('wakes', 50);
    expect(wakes.slice(0, 3)).toEqual([leadId(1), leadId(2), leadId(4)]);
    expect(wakes.at(-1)).toBe(leadId(147));
    expect(new Set(wakes).size).toBe(LEADS);
  });

  it('searches and sorts together', async () => {
    expect(await walk('time-here', 2, 'lead-14')).toEqual(Array.from({ length: 10 }, (_, i) => leadId(149 - i)));
  });

  it("refuses a cursor it did not make, or one made for another sort, and `after` with a sort other than the id's", async () => {
    const page = await nodeLeadsPage(database.db, 'j', 'w', { sort: 'score', limit: 2 });
    await expect(nodeLeadsPage(database.db, 'j', 'w', { sort: 'time-here', limit: 2, cursor: page.nextCursor! })).rejects.toThrow(/sorted by score/);
    const forged = Buffer.from(JSON.stringify(['score', "1; drop table runs", 'x'])).toString('base64url');
    await expect(nodeLeadsPage(database.db, 'j', 'w', { sort: 'score', limit: 2, cursor: forged })).rejects.toBeInstanceOf(LeadCursorError);
    await expect(nodeLeadsPage(database.db, 'j', 'w', { limit: 2, cursor: 'not a cursor' })).rejects.toBeInstanceOf(LeadCursorError);
    await expect(nodeLeadsPage(database.db, 'j', 'w', { sort: 'score', limit: 2, after: leadId(3) })).rejects.toThrow(/id sort only/);
    const byAfter = await nodeLeadsPage(database.db, 'j', 'w', { limit: 2, after: leadId(3) });
    expect(byAfter.leads.map((l) => l.leadId)).toEqual([leadId(4), leadId(5)]);
  });
});
