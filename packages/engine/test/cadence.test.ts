import { createJourney, leadsAtNode } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { storeTemplatesOf } from '@trellis/store/test-templates';
import { beforeAll, expect, it } from 'vitest';
import { Engine } from '../src/index.js';

/**
 * A cadence in the durable engine, on a virtual clock: each touch is a send written with its
 * own path step (`touch`), the cadence's entry step is the one that takes the handle, the live
 * counts see one entry however many touches, and the stop event ends it mid-way.
 */

const MINUTE = 60_000;
const START = Date.parse('2026-03-02T14:00:00Z'); // Monday 09:00 in New York

const cadenceJourney = {
  schemaVersion: 1,
  name: 'Response cadence',
  settings: { timezone: 'America/New_York', quietHours: { from: '21:00', to: '08:00' } },
  nodes: [
    { id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: { on: { event: 'form_submitted' } } },
    {
      id: 'c',
      type: 'cadence',
      position: { x: 0, y: 100 },
      data: {
        touches: [
          { at: 'PT0M', channel: 'call_task', template: 'cad-call', due: 'PT5M' },
          { at: 'PT1H', channel: 'email', template: 'cad-email' },
          { at: 'PT14H', channel: 'voicemail_task', template: 'cad-voicemail' },
        ],
        stopOn: { event: 'call_connected' },
      },
    },
    { id: 'won', type: 'exit', position: { x: 0, y: 200 }, data: { outcome: 'converted' } },
    { id: 'over', type: 'exit', position: { x: 0, y: 300 }, data: { outcome: 'completed' } },
  ],
  edges: [
    { id: 'e1', source: 't', target: 'c', sourceHandle: 'out' },
    { id: 'e2', source: 'c', target: 'won', sourceHandle: 'stopped' },
    { id: 'e3', source: 'c', target: 'over', sourceHandle: 'done' },
  ],
};

describeEachDatabase('a cadence in the engine', (database) => {
  let now = START;
  let engine: Engine;
  const journeyId = `cadence-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    engine = new Engine(database.db, { now: () => now });
    await storeTemplatesOf(database.db, cadenceJourney);
    await createJourney(database.db, { id: journeyId, name: cadenceJourney.name, draft: cadenceJourney });
    expect(await engine.publish(journeyId)).toMatchObject({ version: 1 });
    engine.worker.catalog.invalidate();
  });

  async function at(ms: number) {
    now = ms;
    await engine.worker.drain();
  }
  const stepsOf = (leadId: string) =>
    database.db.query<{ nodeId: string; at: Date; handle: string | null; touch: number | null }>(
      `select node_id as "nodeId", at, handle, touch from steps where lead_id = $1 order by seq`,
      [leadId],
    );
  const sendsOf = (leadId: string) =>
    database.db.query<{ channel: string; template: string; status: string; at: Date }>(
      `select channel, template, status, at from sends where lead_id = $1 order by at, id`,
      [leadId],
    );

  it('makes each touch at its time (the voicemail held by quiet hours to 08:00), each with its own step, and leaves by done', async () => {
    const lead = `${journeyId}-silent`;
    await engine.ingest([{ id: `${lead}-form`, leadId: lead, type: 'form_submitted', at: new Date(START).toISOString() }]);
    await at(START);
    await at(START + 60 * MINUTE);
    // 14 hours after 09:00 is 23:00, inside quiet hours: held to 08:00 Tuesday (13:00 UTC).
    await at(Date.parse('2026-03-03T04:00:00Z'));
    expect((await sendsOf(lead)).map((s) => s.template)).toEqual(['cad-call', 'cad-email']);
    await at(Date.parse('2026-03-03T13:00:00Z'));
    expect((await sendsOf(lead)).map((s) => [s.channel, s.template, s.status, s.at.toISOString()])).toEqual([
      ['call_task', 'cad-call', 'sent', '2026-03-02T14:00:00.000Z'],
      ['email', 'cad-email', 'sent', '2026-03-02T15:00:00.000Z'],
      ['voicemail_task', 'cad-voicemail', 'sent', '2026-03-03T13:00:00.000Z'],
    ]);
    // The call is due five minutes after it was made: delivery writes its task due then.
    const dues = await database.db.query<{ template: string; dueAt: string | null }>(
      `select template, payload ->> 'dueAt' as "dueAt" from sends where lead_id = $1 order by at, id`,
      [lead],
    );
    expect(dues.map((d) => [d.template, d.dueAt])).toEqual([
      ['cad-call', '2026-03-02T14:05:00.000Z'],
      ['cad-email', null],
      ['cad-voicemail', null],
    ]);
    expect((await stepsOf(lead)).map((s) => [s.nodeId, s.at.toISOString(), s.handle, s.touch])).toEqual([
      ['t', '2026-03-02T14:00:00.000Z', 'out', null],
      ['c', '2026-03-02T14:00:00.000Z', 'done', null],
      ['c', '2026-03-02T14:00:00.000Z', null, 0],
      ['c', '2026-03-02T15:00:00.000Z', null, 1],
      ['c', '2026-03-03T13:00:00.000Z', null, 2],
      ['over', '2026-03-03T13:00:00.000Z', null, null],
    ]);
  }, 30_000); // the suite's first run warms up the database and the machine: slow on a loaded machine

  it('stops when its event comes mid-cadence, the handle on the entry step stored earlier, and counts one entry into the cadence', async () => {
    const lead = `${journeyId}-reached`;
    const form = START + 24 * 60 * MINUTE;
    await engine.ingest([{ id: `${lead}-form`, leadId: lead, type: 'form_submitted', at: new Date(form).toISOString() }]);
    await at(form);
    await at(form + 60 * MINUTE);
    await engine.ingest([{ id: `${lead}-call`, leadId: lead, type: 'call_connected', at: new Date(form + 90 * MINUTE).toISOString() }]);
    await at(form + 90 * MINUTE);
    await at(form + 24 * 60 * MINUTE);
    expect((await sendsOf(lead)).map((s) => s.template)).toEqual(['cad-call', 'cad-email']);
    expect((await stepsOf(lead)).map((s) => [s.nodeId, s.handle, s.touch])).toEqual([
      ['t', 'out', null],
      ['c', 'stopped', null],
      ['c', null, 0],
      ['c', null, 1],
      ['won', null, null],
    ]);
    const [run] = await database.db.query<{ outcome: string }>(`select outcome from runs where lead_id = $1`, [lead]);
    expect(run!.outcome).toBe('converted');
    // Two leads entered the cadence; five touches made between them are not entries.
    const stats = await engine.stats(journeyId);
    expect(stats.nodes.c).toEqual({ current: 0, entered: 2 });
  });

  it('counts the running leads of the cadence by touches made, and says each lead\'s count at the node', async () => {
    const morning = START + 2 * 24 * 60 * MINUTE; // Wednesday 09:00 in New York
    const [early, late] = [`${journeyId}-early`, `${journeyId}-late`];
    await engine.ingest([{ id: `${early}-form`, leadId: early, type: 'form_submitted', at: new Date(morning).toISOString() }]);
    await at(morning);
    await engine.ingest([{ id: `${late}-form`, leadId: late, type: 'form_submitted', at: new Date(morning + 30 * MINUTE).toISOString() }]);
    await at(morning + 30 * MINUTE);
    await at(morning + 60 * MINUTE);
    // The early lead has had its call and its email; the late one only its call.
    const stats = await engine.stats(journeyId);
    expect(stats.nodes.c).toEqual({ current: 2, entered: 4, touches: [{ made: 1, leads: 1 }, { made: 2, leads: 1 }] });
    const atCadence = await leadsAtNode(database.db, journeyId, 'c', { limit: 10 });
    expect(atCadence.map((l) => [l.leadId, l.touch, l.wakeAt?.toISOString()])).toEqual([
      [early, 2, '2026-03-05T13:00:00.000Z'], // touch 3 (14 hours in, 23:00) held by quiet hours to 08:00 Thursday
      [late, 1, '2026-03-04T15:30:00.000Z'],
    ]);
  });
});
