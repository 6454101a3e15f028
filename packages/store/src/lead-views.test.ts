import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { createJourney, publishJourney } from './journeys.js';
import { leadJourneyVersions, leadTimeline } from './lead-views.js';
import { upsertLead } from './leads.js';
import { createTemplate } from './templates.js';
import { describeEachDatabase } from './test-databases.js';
import { insertTestSend } from './test-sends.js';

const doc = (name: string, label: string) => ({ schemaVersion: 1, name, settings: {}, nodes: [{ id: 'n', data: { label } }], edges: [] });
const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute));

describeEachDatabase('lead views', (database) => {
  /**
   * A lead that went through journey A on version 1, came back on version 2 (version 3 is
   * published but none of its runs is on it), and is in journey B: the rows the engine writes.
   */
  async function leadInTwoJourneys() {
    const db = database.db;
    const lead = `lead-${randomUUID()}`;
    await upsertLead(db, lead);
    const a = await createJourney(db, { name: 'Journey A', draft: doc('Journey A', 'v1') });
    const b = await createJourney(db, { name: 'Journey B', draft: doc('Journey B', 'b1') });
    for (const label of ['v1', 'v2', 'v3']) await publishJourney(db, a.id, doc('Journey A', label));
    await publishJourney(db, b.id, doc('Journey B', 'b1'));
    const template = `tpl-${randomUUID()}`;
    await createTemplate(db, { id: template, channel: 'email', name: 'First hello', body: 'Hello.' });
    const runs: [string, string, number, number][] = [
      ['r1', a.id, 1, 0],
      ['r2', a.id, 2, 10],
      ['r3', b.id, 1, 20],
    ];
    for (const [id, journeyId, version, minute] of runs) {
      await db.query(
        `insert into runs (lead_id, id, journey_id, version, status, node_id, entered_at) values ($1, $2, $3, $4, 'active', 'n', $5)`,
        [lead, id, journeyId, version, at(minute)],
      );
      await db.query(`insert into steps (lead_id, run_id, seq, node_id, at, handle) values ($1, $2, 0, 'n', $3, null)`, [lead, id, at(minute)]);
    }
    await db.query(
      `insert into sends (lead_id, id, run_id, journey_id, node_id, channel, template, status, at, idempotency_key)
       values ($1, 's1', 'r1', $2, 'n', 'email', $3, 'sent', $4, 's1'), ($1, 's3', 'r3', $5, 'n', 'email', 'gone', 'sent', $6, 's3')`,
      [lead, a.id, template, at(1), b.id, at(21)],
    );
    await db.query(
      `insert into handoffs (lead_id, id, run_id, journey_id, node_id, status, answered_at) values ($1, 'h2', 'r2', $2, 'n', 'accepted', $3)`,
      [lead, a.id, at(12)],
    );
    for (const [id, minute] of [['score-1', 2], ['score-2', 11]] as const) {
      await db.query(`insert into events (lead_id, id, type, at, props) values ($1, $2, 'score_changed', $3, $4)`, [
        lead,
        id,
        at(minute),
        { from: 0, to: 10, journeyId: a.id, nodeId: 'n' },
      ]);
    }
    return { lead, a: a.id, b: b.id, template };
  }

  it("reads each published version a lead's runs are on once, with its journey's name", async () => {
    const { lead, a, b } = await leadInTwoJourneys();
    const versions = await leadJourneyVersions(database.db, lead);
    expect(versions.map((v) => [v.journeyId, v.version, v.journeyName, (v.document as { nodes: [{ data: { label: string } }] }).nodes[0].data.label])).toEqual(
      [
        [a, 1, 'Journey A', 'v1'],
        [a, 2, 'Journey A', 'v2'],
        [b, 1, 'Journey B', 'b1'],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    expect(await leadJourneyVersions(database.db, `nobody-${randomUUID()}`)).toEqual([]);
  });

  it('says a send delivery gave up on is failed, and why', async () => {
    const lead = `lead-${randomUUID()}`;
    await insertTestSend(database.db, { leadId: lead, id: 'gone', channel: 'email', template: 'deleted-template', at: at(5) });
    await insertTestSend(database.db, { leadId: lead, id: 'fine', channel: 'email', template: 'deleted-template', at: at(6) });
    await database.db.query(
      `update sends set status = 'failed', delivery_state = 'failed', last_error = 'no email template "deleted-template"' where lead_id = $1 and id = 'gone'`,
      [lead],
    );
    const sends = (await leadTimeline(database.db, lead)).filter((item) => item.kind === 'send');
    expect(sends.map((item) => ({ id: (item as { id: string }).id, status: item.status, reason: (item as { reason?: string }).reason }))).toEqual([
      { id: 'gone', status: 'failed', reason: 'no email template "deleted-template"' },
      { id: 'fine', status: 'sent', reason: undefined },
    ]);
  });

  it("gives each journey's timeline item the version of its run, and a send its template's name", async () => {
    const { lead, a, b, template } = await leadInTwoJourneys();
    const items = await leadTimeline(database.db, lead);
    expect(items.filter((i) => i.kind !== 'event').map((i) => [i.kind, 'journeyId' in i ? i.journeyId : null, 'version' in i ? i.version : null])).toEqual([
      ['step', a, 1],
      ['send', a, 1],
      ['score', a, 1],
      ['step', a, 2],
      ['score', a, 2],
      ['answer', a, 2],
      ['step', b, 1],
      ['send', b, 1],
    ]);
    expect(items.filter((i) => i.kind === 'send').map((i) => [i.template, i.templateName])).toEqual([
      [template, 'First hello'],
      ['gone', null],
    ]);
  });

  it("keeps each run's steps together when two journeys take the lead at the same instant", async () => {
    const db = database.db;
    const lead = `lead-${randomUUID()}`;
    await upsertLead(db, lead);
    const journeys = [];
    for (const name of ['First', 'Second']) {
      const j = await createJourney(db, { name, draft: doc(name, name) });
      await publishJourney(db, j.id, doc(name, name));
      journeys.push(j.id);
    }
    // The second journey's run entered a moment later, and its step rows were written between the first's.
    const same = at(30);
    for (const [run, journeyId, entered] of [['ra', journeys[0], same], ['rb', journeys[1], new Date(same.getTime() + 1)]] as const) {
      await db.query(`insert into runs (lead_id, id, journey_id, version, status, node_id, entered_at) values ($1, $2, $3, 1, 'active', 'n', $4)`, [lead, run, journeyId, entered]);
    }
    for (const [run, seq, node] of [['rb', 0, 'b0'], ['ra', 0, 'a0'], ['rb', 1, 'b1'], ['ra', 1, 'a1']] as const) {
      await db.query(`insert into steps (lead_id, run_id, seq, node_id, at, handle) values ($1, $2, $3, $4, $5, null)`, [lead, run, seq, node, same]);
    }
    const steps = (await leadTimeline(db, lead)).flatMap((i) => (i.kind === 'step' ? [i.nodeId] : []));
    expect(steps).toEqual(['a0', 'a1', 'b0', 'b1']);
  });
});
