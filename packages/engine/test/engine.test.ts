import { createJourney, leadJourneys, leadsAtNode, leadTimeline, listHandoffs, returningHandoffs } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { storeTemplatesOf } from '@trellis/store/test-templates';
import { beforeAll, expect, it } from 'vitest';
import { Engine } from '../src/index.js';

/**
 * The engine on a real database, with a clock the test moves: the same journeys the simulator
 * runs, now durable. Each test uses its own journeys and leads, as they share one database.
 */

type NodeSpec = [id: string, type: string, data: Record<string, unknown>];
type EdgeSpec = [source: string, target: string, handle?: string];

function journey(name: string, nodes: NodeSpec[], edges: EdgeSpec[], settings: Record<string, unknown> = {}) {
  return {
    schemaVersion: 1,
    name,
    settings,
    nodes: nodes.map(([id, type, data], i) => ({ id, type, position: { x: 0, y: i * 100 }, data })),
    edges: edges.map(([source, target, sourceHandle], i) => ({ id: `edge-${i}`, source, target, sourceHandle: sourceHandle ?? 'out' })),
  };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describeEachDatabase('the engine', (database) => {
  // The engine's clock runs `offset` ahead of the real one: tests move it forward in days.
  let offset = 0;
  const clock = () => Date.now() + offset;
  let engine: Engine;
  let uniq = 0;
  const id = (prefix: string) => `${prefix}-${++uniq}-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(() => {
    engine = new Engine(database.db, { now: clock });
  });

  async function publish(doc: ReturnType<typeof journey>): Promise<string> {
    const journeyId = id('j');
    await createJourney(database.db, { id: journeyId, name: doc.name, draft: doc });
    await storeTemplatesOf(database.db, doc);
    const published = await engine.publish(journeyId);
    expect(published).toEqual({ version: 1 });
    return journeyId;
  }

  async function send(leadId: string, type: string, props: Record<string, unknown> = {}) {
    const answer = await engine.ingest([{ id: id('ev'), leadId, type, props, at: new Date(clock()).toISOString() }]);
    expect(answer.accepted).toBe(1);
    await engine.worker.drain();
  }

  async function later(ms: number) {
    offset += ms;
    await engine.worker.drain();
  }

  const runsOf = (leadId: string) =>
    database.db.query<{ journeyId: string; status: string; nodeId: string; outcome: string | null }>(
      `select journey_id as "journeyId", status, node_id as "nodeId", outcome from runs where lead_id = $1 order by entered_at`,
      [leadId],
    );
  const sendsOf = (leadId: string) =>
    database.db.query<{ template: string; status: string; deliveryState: string }>(
      `select template, status, delivery_state as "deliveryState" from sends where lead_id = $1 order by at, id`,
      [leadId],
    );
  const pathOf = (leadId: string) =>
    database.db.query<{ nodeId: string; handle: string | null }>(
      `select node_id as "nodeId", handle from steps where lead_id = $1 order by at, run_id, seq`,
      [leadId],
    );

  it('runs a lead through a journey over days, durably: steps, sends into the outbox, stats', async () => {
    const journeyId = await publish(
      journey(
        'Welcome',
        [
          ['t', 'trigger', { on: { event: 'form_submitted' } }],
          ['hello', 'send', { channel: 'email', template: 'welcome' }],
          ['w', 'wait', { for: 'P1D' }],
          ['x', 'exit', { outcome: 'converted' }],
        ],
        [['t', 'hello'], ['hello', 'w'], ['w', 'x']],
      ),
    );
    const lead = id('lead');
    await send(lead, 'form_submitted');
    expect(await runsOf(lead)).toEqual([{ journeyId, status: 'active', nodeId: 'w', outcome: null }]);
    expect(await sendsOf(lead)).toEqual([{ template: 'welcome', status: 'sent', deliveryState: 'pending' }]);
    expect(await engine.stats(journeyId)).toEqual({
      version: 1,
      nodes: { hello: { current: 0, entered: 1 }, t: { current: 0, entered: 1 }, w: { current: 1, entered: 1 } },
      outcomes: {},
    });

    // A minute short of the wake-up, not a second: the clock follows real time, and on a busy
    // machine more than a second passed between the lead's step and this look.
    await later(DAY - 60_000);
    expect((await runsOf(lead))[0]!.status).toBe('active');
    await later(60_000);
    expect(await runsOf(lead)).toEqual([{ journeyId, status: 'done', nodeId: 'x', outcome: 'converted' }]);
    expect(await pathOf(lead)).toEqual([
      { nodeId: 't', handle: 'out' },
      { nodeId: 'hello', handle: 'out' },
      { nodeId: 'w', handle: 'out' },
      { nodeId: 'x', handle: null },
    ]);
    expect(await engine.stats(journeyId)).toEqual({
      version: 1,
      nodes: {
        hello: { current: 0, entered: 1 },
        t: { current: 0, entered: 1 },
        w: { current: 0, entered: 1 },
        x: { current: 0, entered: 1 },
      },
      outcomes: { converted: 1 },
    });
  });

  it('counts a resent event id as a duplicate and applies it once', async () => {
    await publish(journey('Once', [['t', 'trigger', { on: { event: 'webinar_attended' } }], ['x', 'exit', { outcome: 'done' }]], [['t', 'x']]));
    const lead = id('lead');
    const event = { id: 'same-id', leadId: lead, type: 'webinar_attended' };
    expect(await engine.ingest([event, event])).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    expect(await engine.ingest([event])).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    await engine.worker.drain();
    expect((await runsOf(lead)).length).toBe(1);
  });

  it('rejects bad events alone and keeps the good ones of the batch', async () => {
    const lead = id('lead');
    const answer = await engine.ingest([
      { id: id('ev'), leadId: lead, type: 'page_visited' },
      { id: '', leadId: lead, type: 'page_visited' },
      { id: id('ev'), leadId: lead, type: 'lead_updated', props: { score: 'high' } },
      'not an event',
    ]);
    expect(answer.accepted).toBe(1);
    expect(answer.rejected.map((r) => [r.index, r.problems[0]!.path])).toEqual([
      [1, ['id']],
      [2, ['props', 'score']],
      [3, []],
    ]);
  });

  it('rejects an event PostgreSQL could not store (NUL, lone surrogate, deep props, year 0000) alone and keeps the good ones', async () => {
    const lead = id('lead');
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    const good = { id: id('ev'), leadId: lead, type: 'page_visited', props: { page: '/pricing' } };
    const answer = await engine.ingest([
      { id: id('ev'), leadId: lead, type: 'page_visited', props: { page: 'a\u0000b' } },
      good,
      { id: id('ev'), leadId: `${lead}\uD800`, type: 'page_visited' },
      { id: id('ev'), leadId: lead, type: 'page_visited', props: { 'k\u0000': 1 } },
      { id: id('ev'), leadId: lead, type: 'page_visited', props: deep },
      { id: id('ev'), leadId: lead, type: 'page_visited', at: '0000-01-01T00:00:00Z' },
    ]);
    expect(answer.accepted).toBe(1);
    expect(answer.rejected.map((r) => [r.index, r.problems[0]])).toEqual([
      [0, { path: ['props', 'page'], message: 'must not contain the NUL character (\\u0000)' }],
      [2, { path: ['leadId'], message: 'must not contain a lone UTF-16 surrogate (text that is not Unicode)' }],
      [3, { path: ['props', 'k\u0000'], message: 'the key must not contain the NUL character (\\u0000)' }],
      [4, { path: ['props', ...Array<string>(63).fill('d')], message: 'is nested deeper than 64 levels' }],
      [5, { path: ['at'], message: 'must be in the years 0001 to 9999 (the year 0000 does not exist)' }],
    ]);
    const events = (await leadTimeline(database.db, lead)).filter((item) => item.kind === 'event' && item.type === 'page_visited');
    expect(events.map((item) => item.kind === 'event' && item.id)).toEqual([good.id]);
  });

  it('hands a lead to sales: an answer moves it by its handle with the note kept; silence past the SLA by sla_expired', async () => {
    const journeyId = await publish(
      journey(
        'Handoff',
        [
          ['t', 'trigger', { on: { event: 'demo_requested' } }],
          ['h', 'handoff', { queue: 'inside-sales', assign: 'round_robin', sla: 'PT48H' }],
          ['won', 'exit', { outcome: 'converted' }],
          ['late', 'exit', { outcome: 'recycled_by_sla' }],
        ],
        [['t', 'h'], ['h', 'won', 'accepted'], ['h', 'late', 'sla_expired']],
      ),
    );
    await database.db.query(`insert into queues (name, members) values ('inside-sales', '{ana,ben}') on conflict (name) do update set members = excluded.members, next_index = 0`);
    const [fast, slow] = [id('lead'), id('lead')];
    await send(fast, 'demo_requested');
    await send(slow, 'demo_requested');
    const handoffs = await database.db.query<{ id: string; leadId: string; assignee: string; status: string }>(
      `select id, lead_id as "leadId", assignee, status from handoffs where journey_id = $1 order by created_at, lead_id`,
      [journeyId],
    );
    expect(handoffs.map((h) => h.assignee).sort()).toEqual(['ana', 'ben']);
    const fastHandoff = handoffs.find((h) => h.leadId === fast)!;
    await engine.answerHandoff(fastHandoff.id, 'accepted', { note: 'Booked a call for Tuesday', author: 'ana' });
    expect((await runsOf(fast))[0]).toMatchObject({ status: 'done', outcome: 'converted' });
    const notes = await database.db.query<{ body: string }>(`select body from lead_notes where lead_id = $1`, [fast]);
    expect(notes).toEqual([{ body: 'Booked a call for Tuesday' }]);
    await expect(engine.answerHandoff(fastHandoff.id, 'recycled')).rejects.toMatchObject({ code: 'conflict' });

    await later(48 * HOUR);
    expect((await runsOf(slow))[0]).toMatchObject({ status: 'done', outcome: 'recycled_by_sla' });
    const [slowHandoff] = await database.db.query<{ status: string }>(`select status from handoffs where lead_id = $1`, [slow]);
    expect(slowHandoff!.status).toBe('sla_expired');

    // What sales and operators read back.
    expect((await listHandoffs(database.db, { status: 'accepted' })).filter((h) => h.journeyId === journeyId).map((h) => [h.leadId, h.note])).toEqual([
      [fast, 'Booked a call for Tuesday'],
    ]);
    expect(await leadJourneys(database.db, fast)).toMatchObject([{ journeyId, version: 1, nodeId: 'won', status: 'done', outcome: 'converted' }]);
    const timeline = await leadTimeline(database.db, fast);
    expect(timeline.map((item) => (item.kind === 'step' ? `step:${item.nodeId}:${item.handle}` : item.kind === 'event' ? `event:${item.type}` : item.kind))).toEqual([
      'event:lead_created',
      'event:demo_requested',
      'step:t:out',
      'step:h:accepted',
      'answer',
      'note',
      'step:won:null',
    ]);
  });

  it('recycles with a return date: nurture goes on at once, the next handoff opens on that date, the timeline says so', async () => {
    const journeyId = await publish(
      journey(
        'Recycle with a date',
        [
          ['t', 'trigger', { on: { event: 'recycle_demo_requested' } }],
          ['h', 'handoff', { queue: 'recycle-desk', assign: 'round_robin', sla: 'PT48H' }],
          ['nurture', 'send', { channel: 'webhook', template: 'recycled-nurture' }],
          ['pause', 'wait', { for: 'P1D' }],
          ['won', 'exit', { outcome: 'converted' }],
          ['late', 'exit', { outcome: 'missed' }],
        ],
        [['t', 'h'], ['h', 'won', 'accepted'], ['h', 'nurture', 'recycled'], ['nurture', 'pause'], ['pause', 'h'], ['h', 'late', 'sla_expired']],
      ),
    );
    const lead = id('lead');
    await send(lead, 'recycle_demo_requested');
    const openHandoff = async () =>
      (await database.db.query<{ id: string; createdAt: Date; dueAt: Date }>(
        `select id, created_at as "createdAt", due_at as "dueAt" from handoffs where lead_id = $1 and status = 'open'`,
        [lead],
      ))[0];
    const first = (await openHandoff())!;
    await expect(engine.answerHandoff(first.id, 'accepted', { returnAt: new Date(clock() + DAY) })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(engine.answerHandoff(first.id, 'recycled', { returnAt: new Date(clock() - 1) })).rejects.toMatchObject({ code: 'bad_request' });
    expect(await openHandoff()).toMatchObject({ id: first.id });

    const returnAt = new Date(clock() + 10 * DAY);
    await engine.answerHandoff(first.id, 'recycled', { note: 'Budget in Q3', author: 'ana', returnAt });
    expect(await sendsOf(lead)).toMatchObject([{ template: 'recycled-nurture' }]);
    expect(await returningHandoffs(database.db, { now: new Date(clock()), queue: 'recycle-desk' })).toMatchObject([
      { id: first.id, leadId: lead, status: 'recycled', answeredBy: 'ana', returnAt },
    ]);

    // A day later the lead is back at the handoff, held: nothing open for sales, no SLA running.
    await later(DAY);
    expect((await runsOf(lead))[0]).toMatchObject({ status: 'active', nodeId: 'h' });
    expect(await openHandoff()).toBeUndefined();
    const [held] = await leadsAtNode(database.db, journeyId, 'h', { limit: 10 });
    expect(held).toMatchObject({ leadId: lead, heldUntil: returnAt, wakeAt: returnAt });
    // Since it came back to the handoff after the day's nurture, not since it entered the journey.
    expect(held!.enteredAt.getTime()).toBeGreaterThanOrEqual(returnAt.getTime() - 9 * DAY);
    await later(8 * DAY);
    expect(await openHandoff()).toBeUndefined();

    // On the return date the handoff opens, and its 48-hour SLA starts then.
    await later(DAY);
    const second = (await openHandoff())!;
    expect(second.createdAt.getTime()).toBeGreaterThanOrEqual(returnAt.getTime());
    expect(second.createdAt.getTime()).toBeLessThan(returnAt.getTime() + HOUR);
    expect(second.dueAt.getTime()).toBe(second.createdAt.getTime() + 48 * HOUR);
    expect(await returningHandoffs(database.db, { now: new Date(clock()), queue: 'recycle-desk' })).toEqual([]);
    await engine.answerHandoff(second.id, 'accepted');
    expect((await runsOf(lead))[0]).toMatchObject({ status: 'done', outcome: 'converted' });

    const answers = (await leadTimeline(database.db, lead)).filter((item) => item.kind === 'answer');
    expect(answers).toMatchObject([
      { handoffId: first.id, journeyId, nodeId: 'h', answer: 'recycled', by: 'ana', returnAt },
      { handoffId: second.id, answer: 'accepted', by: null, returnAt: null },
    ]);
  });

  it('a segment journey takes a lead back when its re-entry pause ends, if it is in the segment again', async () => {
    const tag = id('segment');
    const lead = id('lead');
    await engine.putLead(lead, { attributes: { list: tag } });
    const journeyId = await publish(
      journey(
        'Segment with a pause',
        [['t', 'trigger', { on: { segment: { attr: 'list', op: 'eq', value: tag } } }], ['w', 'wait', { for: 'P30D' }]],
        [['t', 'w']],
        { reentry: { mode: 'after', after: 'P1D' }, exitWhen: { attr: 'list', op: 'neq', value: tag } },
      ),
    );
    for (let i = 0; i < 50 && (await database.db.query(`select 1 from segment_sweeps where journey_id = $1 and not done`, [journeyId])).length > 0; i++) {
      await engine.worker.processDueBatch();
    }
    const mine = async () => (await runsOf(lead)).filter((r) => r.journeyId === journeyId);
    expect(await mine()).toEqual([{ journeyId, status: 'active', nodeId: 'w', outcome: null }]);
    await engine.putLead(lead, { attributes: { list: 'elsewhere' } });
    await engine.putLead(lead, { attributes: { list: tag } });
    await engine.worker.drain();
    expect((await mine()).map((r) => r.outcome)).toEqual(['exited']);
    await later(DAY);
    expect((await mine()).map((r) => [r.status, r.outcome])).toEqual([
      ['done', 'exited'],
      ['active', null],
    ]);
  });

  it('lists the leads at a node, paged', async () => {
    const journeyId = await publish(
      journey('Waiting room', [['t', 'trigger', { on: { event: 'waitlist_joined' } }], ['w', 'wait', { for: 'P7D' }]], [['t', 'w']]),
    );
    const leads = [id('a'), id('b'), id('c')].sort();
    for (const lead of leads) await send(lead, 'waitlist_joined');
    const first = await leadsAtNode(database.db, journeyId, 'w', { limit: 2 });
    const second = await leadsAtNode(database.db, journeyId, 'w', { limit: 2, after: first.at(-1)!.leadId });
    expect([...first, ...second].map((l) => l.leadId)).toEqual(leads);
    expect(first[0]).toMatchObject({ email: null, score: 0, stage: null, heldUntil: null });
  });

  it('pausing holds sends until resume; archiving removes every lead still inside', async () => {
    const journeyId = await publish(
      journey(
        'Pausable',
        [
          ['t', 'trigger', { on: { event: 'trial_started' } }],
          ['w', 'wait', { for: 'PT1H' }],
          ['tip', 'send', { channel: 'email', template: 'tip-1' }],
          ['w2', 'wait', { for: 'P30D' }],
        ],
        [['t', 'w'], ['w', 'tip'], ['tip', 'w2']],
      ),
    );
    const lead = id('lead');
    await send(lead, 'trial_started');
    await engine.pause(journeyId);
    await later(2 * HOUR);
    expect(await sendsOf(lead)).toEqual([]);
    expect((await runsOf(lead))[0]).toMatchObject({ status: 'active', nodeId: 'tip' });
    await engine.resume(journeyId);
    await engine.worker.drain();
    expect(await sendsOf(lead)).toEqual([{ template: 'tip-1', status: 'sent', deliveryState: 'pending' }]);
    expect((await runsOf(lead))[0]).toMatchObject({ status: 'active', nodeId: 'w2' });

    await engine.archive(journeyId);
    await engine.worker.drain();
    expect((await runsOf(lead))[0]).toMatchObject({ status: 'done', outcome: 'removed' });
    expect((await engine.stats(journeyId)).outcomes).toEqual({ removed: 1 });
  });

  it('a score raised in one journey enters the lead into another whose condition it starts to meet', async () => {
    await publish(
      journey(
        'Scorer',
        [['t', 'trigger', { on: { event: 'pricing_viewed' } }], ['u', 'update', { score: { add: 60 } }]],
        [['t', 'u']],
      ),
    );
    const mqlJourney = await publish(
      journey('MQL', [['t', 'trigger', { on: { condition: { attr: 'score', op: 'gte', value: 50 } } }], ['x', 'exit', { outcome: 'mql' }]], [['t', 'x']]),
    );
    const lead = id('lead');
    await send(lead, 'pricing_viewed');
    const runs = await runsOf(lead);
    expect(runs.find((r) => r.journeyId === mqlJourney)).toMatchObject({ status: 'done', outcome: 'mql' });
    const [row] = await database.db.query<{ score: number }>(`select score from leads where id = $1`, [lead]);
    expect(row!.score).toBe(60);
  });

  it('PUT lead: merges, records lead_updated, and answers the lead as it now is', async () => {
    const lead = id('lead');
    await engine.putLead(lead, { email: 'ada@example.com', attributes: { industry: 'retail' } });
    const updated = await engine.putLead(lead, { score: 12, attributes: { size: 50 } });
    expect(updated).toMatchObject({ id: lead, email: 'ada@example.com', score: 12, attributes: { industry: 'retail', size: 50 } });
    const events = await database.db.query<{ type: string }>(`select type from events where lead_id = $1 order by seq`, [lead]);
    // The creating PUT comes before lead_created, so a journey starting on it sees the lead as created.
    expect(events.map((e) => e.type)).toEqual(['lead_updated', 'lead_created', 'lead_updated']);
  });

  it('a journey that starts on lead_created sees the fields of the PUT that created the lead, as the simulator does', async () => {
    const tag = id('source');
    const journeyId = await publish(
      journey(
        'New lead routing',
        [
          ['t', 'trigger', { on: { event: 'lead_created' } }],
          ['hot', 'branch', { cases: [{ handle: 'yes', when: { all: [{ attr: 'source', op: 'eq', value: tag }, { attr: 'score', op: 'gte', value: 50 }] } }] }],
          ['sales', 'exit', { outcome: 'to_sales' }],
          ['nurture', 'exit', { outcome: 'to_nurture' }],
        ],
        [['t', 'hot'], ['hot', 'sales', 'yes'], ['hot', 'nurture', 'else']],
      ),
    );
    const lead = id('lead');
    await engine.putLead(lead, { score: 80, attributes: { source: tag } });
    await engine.worker.drain();
    expect((await runsOf(lead)).find((r) => r.journeyId === journeyId)).toMatchObject({ status: 'done', outcome: 'to_sales' });
  });

  it('a segment journey enters every lead that meets it when published', async () => {
    const tag = id('tag');
    const [inside, outside] = [id('lead'), id('lead')];
    await engine.putLead(inside, { attributes: { campaign: tag } });
    await engine.putLead(outside, { attributes: { campaign: 'other' } });
    const journeyId = await publish(
      journey('Segment', [['t', 'trigger', { on: { segment: { attr: 'campaign', op: 'eq', value: tag } } }], ['w', 'wait', { for: 'P1D' }]], [['t', 'w']]),
    );
    for (let i = 0; i < 50 && (await database.db.query(`select 1 from segment_sweeps where journey_id = $1 and not done`, [journeyId])).length > 0; i++) {
      await engine.worker.processDueBatch();
    }
    expect((await runsOf(inside)).filter((r) => r.journeyId === journeyId)).toHaveLength(1);
    expect((await runsOf(outside)).filter((r) => r.journeyId === journeyId)).toHaveLength(0);
  });
});
