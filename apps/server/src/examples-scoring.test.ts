import { fileURLToPath } from 'node:url';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { beforeAll, expect, it } from 'vitest';
import { loadExamplesIntoEmptyDatabase } from './examples.js';
import { bearer, dataTestApp, json, jsonRequest } from './testing.js';

/**
 * The examples as `npm start` loads them into an empty database: the accelerator enters a lead
 * when the example scoring model takes its score to 50 and speed-to-lead when it takes it to 80,
 * from ordinary events (a pricing visit, a webinar, a demo request) ingested through the API,
 * the way the simulator's scenario tests (packages/simulate/test/) play them.
 */

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));

describeEachDatabase('the example journeys fed by the example scoring model', (database) => {
  let t: ReturnType<typeof dataTestApp>;
  beforeAll(async () => {
    t = dataTestApp(database.db);
    const loaded = await loadExamplesIntoEmptyDatabase(database.db, t.engine, EXAMPLES, { publish: true });
    expect(loaded.scoring).toBe(true);
  }, 60_000);

  async function work() {
    for (let i = 0; i < 20; i++) if ((await t.engine.worker.processDueBatch()) === 0) break;
    await t.engine.worker.drain();
  }
  const journeysOf = async (leadId: string) =>
    (await database.db.query<{ journey_id: string }>(`select journey_id from runs where lead_id = $1 order by journey_id`, [leadId])).map((r) => r.journey_id);
  const scoreOf = async (leadId: string) => json(await t.app.request(`/api/leads/${leadId}/score`, { headers: bearer('marketer') }));
  let sequence = 0;
  async function happens(leadId: string, type: string, props: Record<string, unknown> = {}) {
    sequence += 1;
    const answer = await t.app.request('/api/events', jsonRequest({ events: [{ id: `${leadId}-${sequence}`, leadId, type, props }] }, 'ingest'));
    expect(await json(answer)).toMatchObject({ accepted: 1 });
    await work();
  }

  it('a new, well-fitting lead enters the accelerator at 50 (a pricing visit) and speed-to-lead at 80 (a webinar and a demo request), each crossing scored by a model rule', async () => {
    const lead = 'examples-ada';
    await t.app.request(
      `/api/leads/${lead}`,
      jsonRequest({ email: 'ada@example.com', timezone: 'Europe/London', attributes: { company: { size: 250 }, industry: 'software', seniority: 'director' } }, 'ingest', 'PUT'),
    );
    await work();
    expect((await scoreOf(lead)).fit).toBe(35);
    expect(await journeysOf(lead)).not.toContain('nurture-accelerator');

    await happens(lead, 'page_visited', { url: 'https://trellis.example/pricing' });
    const atFifty = await scoreOf(lead);
    expect(atFifty).toMatchObject({ score: 50, fit: 35, behaviour: 15 });
    expect(atFifty.history[0]).toMatchObject({ points: 15, ruleId: 'pricing-page', eventType: 'page_visited' });
    expect(await journeysOf(lead)).toContain('nurture-accelerator');
    expect(await journeysOf(lead)).not.toContain('speed-to-lead');

    await happens(lead, 'webinar_attended', { webinar: 'scoring-101' });
    expect((await scoreOf(lead)).score).toBe(60);
    expect(await journeysOf(lead)).not.toContain('speed-to-lead');

    await happens(lead, 'form_submitted', { form: 'demo-request' });
    const atHundred = await scoreOf(lead);
    expect(atHundred).toMatchObject({ score: 100, fit: 35, behaviour: 65 });
    expect(atHundred.history[0]).toMatchObject({ points: 40, ruleId: 'demo-request', eventType: 'form_submitted' });
    expect(await journeysOf(lead)).toEqual(expect.arrayContaining(['nurture-accelerator', 'speed-to-lead']));
    // Speed-to-lead's cadence starts at once: its first touch is a call task for the lead.
    const touches = await database.db.query<{ template: string }>(`select template from sends where lead_id = $1 and journey_id = 'speed-to-lead' order by at, id`, [lead]);
    expect(touches[0]?.template).toBe('speed-call-1');
  }, 60_000);

  it('a lead the model leaves short of 50 enters neither: a blog visit scores nothing, and fit alone is 35', async () => {
    const lead = 'examples-bo';
    await t.app.request(`/api/leads/${lead}`, jsonRequest({ attributes: { company: { size: 250 }, industry: 'software', seniority: 'director' } }, 'ingest', 'PUT'));
    await happens(lead, 'page_visited', { url: 'https://trellis.example/blog/scoring' });
    expect((await scoreOf(lead)).score).toBe(35);
    const entered = await journeysOf(lead);
    expect(entered).not.toContain('nurture-accelerator');
    expect(entered).not.toContain('speed-to-lead');
  }, 60_000);
});
