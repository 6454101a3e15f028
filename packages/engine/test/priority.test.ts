import { createJourney } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { storeTemplatesOf } from '@trellis/store/test-templates';
import { beforeAll, expect, it } from 'vitest';
import { Engine, journeyReport } from '../src/index.js';

/**
 * Priority across journeys, live (journey-format.md "Additions", settings `priority`): one event
 * enters a lead into two published journeys and the higher priority goes first; two sends due
 * together under a cap of one a day, the higher priority's goes and the other is capped; equal
 * priorities go by journey id. The report counts the capped send.
 */

const START = Date.parse('2026-03-02T14:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** `event` → [wait P1D] → send email; one email a day across journeys. */
function journey(name: string, priority: number, wait: boolean, event: string) {
  const nodes: unknown[] = [{ id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: { on: { event } } }];
  const edges: unknown[] = [];
  if (wait) {
    nodes.push({ id: 'wait', type: 'wait', position: { x: 0, y: 100 }, data: { for: 'P1D' } });
    edges.push({ id: 'e0', source: 't', target: 'wait' });
  }
  nodes.push({ id: 'mail', type: 'send', position: { x: 0, y: 200 }, data: { channel: 'email', template: `${name}-mail` } });
  edges.push({ id: 'e1', source: wait ? 'wait' : 't', target: 'mail' });
  return { schemaVersion: 1, name, settings: { priority, frequencyCap: [{ channel: 'email', max: 1, per: 'P1D' }] }, nodes, edges };
}

describeEachDatabase('priority across journeys in the engine', (database) => {
  let now = START;
  let engine: Engine;

  // Ids chosen so that the lower priority comes first by id: only the priority puts the other first.
  const published = [
    { id: 'prio-a-newsletter', priority: 0, wait: false, event: 'form_submitted' },
    { id: 'prio-b-demo', priority: 10, wait: false, event: 'form_submitted' },
    { id: 'prio-c-digest', priority: 1, wait: true, event: 'form_submitted' },
    { id: 'prio-d-offer', priority: 5, wait: true, event: 'form_submitted' },
    // Equal priorities: by id, whatever order they were published in.
    { id: 'prio-f-tie', priority: 3, wait: true, event: 'webinar_attended' },
    { id: 'prio-e-tie', priority: 3, wait: true, event: 'webinar_attended' },
  ];

  beforeAll(async () => {
    engine = new Engine(database.db, { now: () => now });
    for (const { id, priority, wait, event } of published) {
      const document = journey(id, priority, wait, event);
      await storeTemplatesOf(database.db, document);
      await createJourney(database.db, { id, name: id, draft: document });
      expect(await engine.publish(id)).toMatchObject({ version: 1 });
    }
    engine.worker.catalog.invalidate();
  });

  async function at(ms: number) {
    now = ms;
    await engine.worker.drain();
  }
  const sendsOf = (leadId: string) =>
    database.db.query<{ journeyId: string; status: string }>(
      `select r.journey_id as "journeyId", s.status from sends s join runs r on r.lead_id = s.lead_id and r.id = s.run_id where s.lead_id = $1 order by r.journey_id`,
      [leadId],
    );

  it('enters the lead into every journey its event starts, the highest priority first, whose send is the one the cap allows', async () => {
    await engine.ingest([{ id: 'ada-form', leadId: 'ada', type: 'form_submitted', at: new Date(START).toISOString() }]);
    await at(START);
    const runs = await database.db.query<{ journeyId: string }>(`select journey_id as "journeyId" from runs where lead_id = 'ada' order by id`);
    expect(runs.map((r) => r.journeyId).sort()).toEqual(['prio-a-newsletter', 'prio-b-demo', 'prio-c-digest', 'prio-d-offer']);
    expect(await sendsOf('ada')).toEqual([
      { journeyId: 'prio-a-newsletter', status: 'capped' },
      { journeyId: 'prio-b-demo', status: 'sent' },
    ]);
  });

  it('sends the higher priority’s email of two due together a day later, and caps the other', async () => {
    // An hour past the wake-up, so the day's cap no longer counts yesterday's demo email.
    await at(START + DAY + HOUR);
    expect(await sendsOf('ada')).toEqual([
      { journeyId: 'prio-a-newsletter', status: 'capped' },
      { journeyId: 'prio-b-demo', status: 'sent' },
      { journeyId: 'prio-c-digest', status: 'capped' },
      { journeyId: 'prio-d-offer', status: 'sent' },
    ]);
  });

  it('breaks a tie of priorities by journey id', async () => {
    const ben = START + 2 * DAY;
    await engine.ingest([{ id: 'ben-webinar', leadId: 'ben', type: 'webinar_attended', at: new Date(ben).toISOString() }]);
    await at(ben);
    await at(ben + DAY);
    expect(await sendsOf('ben')).toEqual([
      { journeyId: 'prio-e-tie', status: 'sent' },
      { journeyId: 'prio-f-tie', status: 'capped' },
    ]);
  });

  it('counts the capped sends per send node in the report', async () => {
    const newsletter = await journeyReport(database.db, 'prio-a-newsletter', { version: null, from: null, to: null });
    expect(newsletter.sends.mail).toMatchObject({ sent: 0, capped: 1 });
    const demo = await journeyReport(database.db, 'prio-b-demo', { version: null, from: null, to: null });
    expect(demo.sends.mail).toMatchObject({ sent: 1, capped: 0 });
    const digest = await journeyReport(database.db, 'prio-c-digest', { version: null, from: null, to: null });
    expect(digest.sends.mail).toMatchObject({ sent: 0, capped: 1 });
    const tieF = await journeyReport(database.db, 'prio-f-tie', { version: null, from: null, to: null });
    expect(tieF.sends.mail).toMatchObject({ sent: 0, capped: 1 });
  });
});
