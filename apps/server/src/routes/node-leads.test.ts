import { describeEachDatabase } from '@trellis/store/test-databases';
import { beforeAll, expect, it } from 'vitest';
import { bearer, dataTestApp, json, jsonRequest, publishNewJourney, uniqueId, waitingJourney } from '../testing.js';

describeEachDatabase('leads at a node: search, sort and pages over all of them', (database) => {
  let t: ReturnType<typeof dataTestApp>;
  let journeyId: string;
  let tag: string;
  const LEADS = 120;
  const leadId = (i: number) => `${tag}-${String(i).padStart(3, '0')}`;
  const get = (query: string) => t.app.request(`/api/journeys/${journeyId}/nodes/pause/leads${query}`, { headers: bearer('operator') });
  const ids = (body: { leads: { leadId: string }[] }) => body.leads.map((l) => l.leadId);

  beforeAll(async () => {
    t = dataTestApp(database.db);
    tag = uniqueId('n');
    const event = uniqueId('joined');
    journeyId = await publishNewJourney(t.app, waitingJourney(event));
    // Each lead gets its score and email, then joins; lead 117 is "Ada Lovelace".
    const batch = Array.from({ length: LEADS }, (_, i) => [
      { id: `${leadId(i)}-u`, leadId: leadId(i), type: 'lead_updated', props: { email: `${leadId(i)}@example.com`, score: i % 10, ...(i === 117 ? { attributes: { name: 'Ada Lovelace' } } : {}) } },
      { id: `${leadId(i)}-j`, leadId: leadId(i), type: event },
    ]).flat();
    expect((await t.app.request('/api/events', jsonRequest({ events: batch }, 'ingest'))).status).toBe(202);
    await t.engine.worker.drain();
  }, 60_000);

  it('finds a lead beyond the first page by name, email or id, and counts the matches', async () => {
    const all = await json(await get('?limit=100'));
    expect(all.total).toBe(LEADS);
    expect(ids(all)).not.toContain(leadId(117));
    const byName = await json(await get('?q=lovelace'));
    expect([ids(byName), byName.total, byName.next]).toEqual([[leadId(117)], 1, null]);
    const byId = await json(await get(`?q=${encodeURIComponent(`${tag}-11`.toUpperCase())}&limit=5`));
    expect([ids(byId), byId.total]).toEqual([[110, 111, 112, 113, 114].map(leadId), 10]);
    const rest = await json(await get(`?q=${encodeURIComponent(`${tag}-11`)}&limit=5&cursor=${encodeURIComponent(byId.next)}`));
    expect([ids(rest), rest.next]).toEqual([[115, 116, 117, 118, 119].map(leadId), null]);
    const byEmail = await json(await get(`?q=${encodeURIComponent(`${leadId(42)}@EXAMPLE`)}`));
    expect(ids(byEmail)).toEqual([leadId(42)]);
  });

  it('sorts every lead at the node by score, highest first, a page at a time', async () => {
    const first = await json(await get('?sort=score&limit=12'));
    expect(ids(first)).toEqual([119, 109, 99, 89, 79, 69, 59, 49, 39, 29, 19, 9].map(leadId));
    const second = await json(await get(`?sort=score&limit=12&cursor=${encodeURIComponent(first.next)}`));
    expect(ids(second)).toEqual([118, 108, 98, 88, 78, 68, 58, 48, 38, 28, 18, 8].map(leadId));
    // Time here and last activity answer every lead too.
    for (const sort of ['time-here', 'wakes', 'activity']) {
      const page = await json(await get(`?sort=${sort}&limit=500`));
      expect([page.leads.length, page.total, page.next]).toEqual([LEADS, LEADS, null]);
    }
  });

  it('answers a bad query value with 400 naming the parameter', async () => {
    const score = await json(await get('?sort=score&limit=2'));
    const cases: [string, RegExp][] = [
      ['?sort=newest', /^The query parameter sort is not valid: /],
      ['?limit=many', /^The query parameter limit is not valid: /],
      ['?limit=501', /^The query parameter limit is not valid: must be at most 500\.$/],
      [`?q=${'x'.repeat(201)}`, /^The query parameter q is not valid: must be at most 200 characters\.$/],
      ['?cursor=not-a-cursor', /^The query parameter cursor is not valid: this is not a cursor from a previous page/],
      [`?sort=time-here&cursor=${encodeURIComponent(score.next)}`, /^The query parameter cursor is not valid: this cursor pages the leads sorted by score, not by time-here\.$/],
      ['?sort=score&after=someone', /^The query parameter after is not valid: `after` \(a lead id\) pages the id sort only/],
      ['?order=score', /^The query string is not valid: /],
    ];
    for (const [query, message] of cases) {
      const res = await get(query);
      const body = await json(res);
      expect([query, res.status, body.error.code]).toEqual([query, 400, 'invalid_query']);
      expect(body.error.message).toMatch(message);
    }
  });
});
