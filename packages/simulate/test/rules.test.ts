import { describe, expect, it } from 'vitest';
import type { JourneyInput } from '@trellis/journey';
import { simulate, simulateRequestSchema, type SimulateRequest, type SimulatedLead } from '../src/index.js';

/** The journey format's rules, one behaviour at a time, through the simulator. */

type NodeSpec = [id: string, type: string, data: Record<string, unknown>];
type EdgeSpec = [source: string, target: string, handle?: string];

function journey(nodes: NodeSpec[], edges: EdgeSpec[], settings: Record<string, unknown> = {}): JourneyInput {
  return {
    schemaVersion: 1,
    name: 'Rules',
    settings,
    nodes: nodes.map(([id, type, data], i) => ({ id, type, position: { x: 0, y: i * 100 }, data })) as JourneyInput['nodes'],
    edges: edges.map(([source, target, sourceHandle], i) => ({
      id: `edge-${i}`,
      source,
      target,
      sourceHandle: sourceHandle ?? 'out',
    })),
  };
}

const START = '2026-03-02T09:00:00.000Z'; // a Monday

function run(request: Omit<SimulateRequest, 'start' | 'until'> & { start?: string; until?: string }): SimulatedLead[] {
  const outcome = simulate(simulateRequestSchema.parse({ start: START, until: 'P30D', ...request }));
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  return outcome.result.leads;
}

function lead(leads: SimulatedLead[], id: string): SimulatedLead {
  const found = leads.find((l) => l.id === id);
  if (!found) throw new Error(`no lead ${id}`);
  return found;
}

const formTrigger: NodeSpec = ['t', 'trigger', { on: { event: 'form_submitted' } }];
const form = (leadId: string, at = START, props?: Record<string, unknown>) => ({ leadId, type: 'form_submitted', at, props });

describe('triggers', () => {
  it('an event trigger enters only on a matching event', () => {
    const j = journey(
      [['t', 'trigger', { on: { event: 'form_submitted', where: { form: { op: 'eq', value: 'demo' } } } }], ['x', 'exit', { outcome: 'converted' }]],
      [['t', 'x']],
    );
    const leads = run({ journey: j, events: [form('a', START, { form: 'demo' }), form('b', START, { form: 'newsletter' })] });
    expect(lead(leads, 'a')).toMatchObject({ outcome: 'converted', path: [{ nodeId: 't', at: START, handle: 'out' }, { nodeId: 'x', at: START }] });
    expect(lead(leads, 'b')).toEqual({ id: 'b', outcome: null, path: [], sends: [] });
  });

  it('a condition trigger enters when the lead starts to meet it, not while it keeps meeting it', () => {
    const j = journey(
      [['t', 'trigger', { on: { condition: { attr: 'score', op: 'gte', value: 50 } } }], ['x', 'exit', { outcome: 'mql' }]],
      [['t', 'x']],
      { reentry: { mode: 'always' } },
    );
    const update = (score: number, at: string) => ({ leadId: 'a', type: 'lead_updated', at, props: { score } });
    const leads = run({
      journey: j,
      leads: [{ id: 'a', score: 10 }],
      events: [update(40, '2026-03-02T10:00:00Z'), update(55, '2026-03-02T11:00:00Z'), update(70, '2026-03-02T12:00:00Z'), update(20, '2026-03-02T13:00:00Z'), update(60, '2026-03-02T14:00:00Z')],
    });
    expect(lead(leads, 'a').path.map((s) => `${s.nodeId}@${s.at.slice(11, 16)}`)).toEqual(['t@11:00', 'x@11:00', 't@14:00', 'x@14:00']);
  });

  it('a segment trigger enters every lead that meets it at start, and later ones as they start to meet it', () => {
    const j = journey(
      [['t', 'trigger', { on: { segment: { attr: 'industry', op: 'eq', value: 'retail' } } }], ['w', 'wait', { for: 'P1D' }]],
      [['t', 'w']],
    );
    const leads = run({
      journey: j,
      leads: [{ id: 'a', attributes: { industry: 'retail' } }, { id: 'b', attributes: { industry: 'banking' } }, { id: 'c' }],
      events: [{ leadId: 'c', type: 'lead_updated', at: '2026-03-03T09:00:00Z', props: { attributes: { industry: 'retail' } } }],
    });
    expect(lead(leads, 'a').path[0]).toEqual({ nodeId: 't', at: START, handle: 'out' });
    expect(lead(leads, 'b').path).toEqual([]);
    expect(lead(leads, 'c').path[0]).toEqual({ nodeId: 't', at: '2026-03-03T09:00:00.000Z', handle: 'out' });
  });

  it('events before start are history: conditions see them, they trigger nothing', () => {
    const j = journey(
      [
        formTrigger,
        ['b', 'branch', { cases: [{ handle: 'engaged', when: { event: 'page_visited', count: { op: 'gte', value: 2 } } }] }],
        ['hot', 'exit', { outcome: 'hot' }],
        ['cold', 'exit', { outcome: 'cold' }],
      ],
      [['t', 'b'], ['b', 'hot', 'engaged'], ['b', 'cold', 'else']],
    );
    const visit = (at: string) => ({ leadId: 'a', type: 'page_visited', at });
    const leads = run({
      journey: j,
      events: [form('a', '2026-02-01T09:00:00Z'), visit('2026-02-10T09:00:00Z'), visit('2026-02-11T09:00:00Z'), form('a', '2026-03-02T10:00:00Z')],
    });
    expect(lead(leads, 'a').outcome).toBe('hot');
    expect(lead(leads, 'a').path[0]!.at).toBe('2026-03-02T10:00:00.000Z');
  });
});

describe('re-entry', () => {
  const j = (reentry?: unknown) =>
    journey([formTrigger, ['x', 'exit', { outcome: 'done' }]], [['t', 'x']], reentry ? { reentry } : {});
  const forms = [form('a', '2026-03-02T09:00:00Z'), form('a', '2026-03-05T09:00:00Z'), form('a', '2026-03-20T09:00:00Z')];
  const entries = (leads: SimulatedLead[]) => lead(leads, 'a').path.filter((s) => s.nodeId === 't').map((s) => s.at.slice(0, 10));

  it('never (the default) lets a lead in once', () => {
    expect(entries(run({ journey: j(), events: forms }))).toEqual(['2026-03-02']);
  });
  it('always lets it in again once it has left', () => {
    expect(entries(run({ journey: j({ mode: 'always' }), events: forms }))).toEqual(['2026-03-02', '2026-03-05', '2026-03-20']);
  });
  it('after waits that long since it left', () => {
    expect(entries(run({ journey: j({ mode: 'after', after: 'P7D' }), events: forms }))).toEqual(['2026-03-02', '2026-03-20']);
  });
  it('a lead still inside is not entered twice', () => {
    const waiting = journey([formTrigger, ['w', 'wait', { for: 'P10D' }]], [['t', 'w']], { reentry: { mode: 'always' } });
    expect(entries(run({ journey: waiting, events: forms }))).toEqual(['2026-03-02', '2026-03-20']);
  });
});

describe('waits', () => {
  it('an event wait leaves by `event` when the event comes, by `timeout` when it does not', () => {
    const j = journey(
      [
        formTrigger,
        ['w', 'wait', { until: { event: 'email_clicked', where: { url: { op: 'contains', value: '/pricing' } }, timeout: 'P3D' } }],
        ['yes', 'exit', { outcome: 'clicked' }],
        ['no', 'exit', { outcome: 'silent' }],
      ],
      [['t', 'w'], ['w', 'yes', 'event'], ['w', 'no', 'timeout']],
    );
    const click = (leadId: string, at: string, url: string) => ({ leadId, type: 'email_clicked', at, props: { url } });
    const leads = run({
      journey: j,
      events: [
        click('early', '2026-03-01T09:00:00Z', 'https://x.io/pricing'),
        form('early'),
        form('clicker'),
        click('clicker', '2026-03-03T09:00:00Z', 'https://x.io/blog'),
        click('clicker', '2026-03-04T09:00:00Z', 'https://x.io/pricing'),
        form('silent'),
      ],
    });
    expect(lead(leads, 'clicker')).toMatchObject({ outcome: 'clicked', path: [{ nodeId: 't' }, { nodeId: 'w', handle: 'event' }, { nodeId: 'yes', at: '2026-03-04T09:00:00.000Z' }] });
    expect(lead(leads, 'silent')).toMatchObject({ outcome: 'silent', path: [{ nodeId: 't' }, { nodeId: 'w', handle: 'timeout' }, { nodeId: 'no', at: '2026-03-05T09:00:00.000Z' }] });
    // A click before the lead reached the wait does not count.
    expect(lead(leads, 'early').outcome).toBe('silent');
  });

  it('wait until a time of day on given days, in the lead’s zone', () => {
    const j = journey(
      [formTrigger, ['w', 'wait', { until: { time: '09:00', days: ['mon'] } }], ['x', 'exit', { outcome: 'done' }]],
      [['t', 'w'], ['w', 'x']],
    );
    const leads = run({
      journey: j,
      leads: [{ id: 'ny', timezone: 'America/New_York' }, { id: 'ldn', timezone: 'Europe/London' }],
      events: [form('ny', '2026-03-04T12:00:00Z'), form('ldn', '2026-03-04T12:00:00Z')],
    });
    // Monday 9 March: New York is on daylight time (UTC−4) since the 8th; London still on GMT.
    expect(lead(leads, 'ny').path[2]).toEqual({ nodeId: 'x', at: '2026-03-09T13:00:00.000Z' });
    expect(lead(leads, 'ldn').path[2]).toEqual({ nodeId: 'x', at: '2026-03-09T09:00:00.000Z' });
  });

  it('at the same instant a due wake-up plays before an event', () => {
    const j = journey(
      [formTrigger, ['w', 'wait', { until: { event: 'email_clicked', timeout: 'PT1H' } }]],
      [['t', 'w']],
    );
    const leads = run({ journey: j, events: [form('a'), { leadId: 'a', type: 'email_clicked', at: '2026-03-02T10:00:00Z' }] });
    expect(lead(leads, 'a')).toMatchObject({ outcome: 'completed', path: [{ nodeId: 't' }, { nodeId: 'w', handle: 'timeout' }] });
  });
});

describe('branches, splits and updates', () => {
  it('the first case that holds wins, else takes the rest; an update is seen by the next branch at once', () => {
    const j = journey(
      [
        formTrigger,
        ['u', 'update', { score: { add: 30 }, set: { stage: 'mql', 'attributes.tier': 'gold' } }],
        ['b', 'branch', { cases: [{ handle: 'hot', when: { attr: 'score', op: 'gte', value: 50 } }, { handle: 'gold', when: { attr: 'tier', op: 'eq', value: 'gold' } }] }],
        ['hot', 'exit', { outcome: 'hot' }],
        ['gold', 'exit', { outcome: 'gold' }],
      ],
      [['t', 'u'], ['u', 'b'], ['b', 'hot', 'hot'], ['b', 'gold', 'gold']],
    );
    const leads = run({ journey: j, leads: [{ id: 'a', score: 25 }, { id: 'b', score: 10 }, { id: 'c', score: 10 }], events: [form('a'), form('b')] });
    expect(lead(leads, 'a').outcome).toBe('hot');
    expect(lead(leads, 'b').outcome).toBe('gold');
  });

  it('an unconnected handle ends the path as completed, with the handle on the last step', () => {
    const j = journey(
      [formTrigger, ['b', 'branch', { cases: [{ handle: 'never', when: { attr: 'score', op: 'gt', value: 1000 } }] }]],
      [['t', 'b']],
    );
    expect(lead(run({ journey: j, events: [form('a')] }), 'a')).toEqual({
      id: 'a',
      outcome: 'completed',
      path: [{ nodeId: 't', at: START, handle: 'out' }, { nodeId: 'b', at: START, handle: 'else' }],
      sends: [],
    });
  });

  it('a split is stable per lead and journey, and follows the relative weights', () => {
    const j = journey(
      [formTrigger, ['s', 'split', { variants: [{ handle: 'A', weight: 3 }, { handle: 'B', weight: 1 }] }], ['a', 'exit', { outcome: 'A' }], ['b', 'exit', { outcome: 'B' }]],
      [['t', 's'], ['s', 'a', 'A'], ['s', 'b', 'B']],
    );
    const events = Array.from({ length: 2000 }, (_, i) => form(`lead-${i}`));
    const first = run({ journey: j, events });
    const second = run({ journey: j, events: [...events].reverse() });
    const outcomeById = new Map(second.map((l) => [l.id, l.outcome]));
    expect(first.every((l) => outcomeById.get(l.id) === l.outcome)).toBe(true);
    const shareA = first.filter((l) => l.outcome === 'A').length / first.length;
    expect(shareA).toBeGreaterThan(0.72);
    expect(shareA).toBeLessThan(0.78);
  });
});

describe('sends', () => {
  const emailJourney = (settings: Record<string, unknown> = {}) =>
    journey(
      [formTrigger, ['e1', 'send', { channel: 'email', template: 'welcome' }], ['e2', 'send', { channel: 'email', template: 'second' }], ['hook', 'send', { channel: 'webhook', template: 'crm-sync' }]],
      [['t', 'e1'], ['e1', 'e2'], ['e2', 'hook']],
      settings,
    );

  it('an opted-out channel is suppressed and the lead moves on; unsubscribed opts out of everything', () => {
    const j = journey(
      [formTrigger, ['e1', 'send', { channel: 'email', template: 'welcome' }], ['w', 'wait', { for: 'P1D' }], ['e2', 'send', { channel: 'sms', template: 'reminder' }]],
      [['t', 'e1'], ['e1', 'w'], ['w', 'e2']],
    );
    const leads = run({
      journey: j,
      leads: [{ id: 'out', consent: { email: 'opted_out' } }, { id: 'unsub' }],
      events: [form('out'), form('unsub'), { leadId: 'unsub', type: 'unsubscribed', at: '2026-03-02T12:00:00Z' }],
    });
    expect(lead(leads, 'out').sends.map((s) => `${s.template}:${s.status}`)).toEqual(['welcome:suppressed', 'reminder:sent']);
    expect(lead(leads, 'out').outcome).toBe('completed');
    expect(lead(leads, 'unsub').sends.map((s) => `${s.template}:${s.status}`)).toEqual(['welcome:sent', 'reminder:suppressed']);
  });

  it('a frequency cap skips sends over the limit as capped', () => {
    const leads = run({ journey: emailJourney({ frequencyCap: [{ channel: 'email', max: 1, per: 'P7D' }] }), events: [form('a')] });
    expect(lead(leads, 'a').sends.map((s) => `${s.template}:${s.status}`)).toEqual(['welcome:sent', 'second:capped', 'crm-sync:sent']);
  });

  it('quiet hours and the send window hold lead-facing sends in the lead’s zone, not webhooks', () => {
    const settings = {
      quietHours: { from: '20:00', to: '08:00' },
      sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' },
    };
    // Friday 6 March 2026, 18:00 in New York (23:00 UTC): the window reopens Monday 09:00 EDT.
    const leads = run({ journey: emailJourney(settings), leads: [{ id: 'a', timezone: 'America/New_York' }], events: [form('a', '2026-03-06T23:00:00Z')] });
    expect(lead(leads, 'a').sends).toEqual([
      { nodeId: 'e1', channel: 'email', template: 'welcome', at: '2026-03-09T13:00:00.000Z', status: 'sent' },
      { nodeId: 'e2', channel: 'email', template: 'second', at: '2026-03-09T13:00:00.000Z', status: 'sent' },
      { nodeId: 'hook', channel: 'webhook', template: 'crm-sync', at: '2026-03-09T13:00:00.000Z', status: 'sent' },
    ]);
    const hookFirst = journey([formTrigger, ['hook', 'send', { channel: 'webhook', template: 'crm-sync' }]], [['t', 'hook']], settings);
    expect(lead(run({ journey: hookFirst, events: [form('b', '2026-03-06T23:00:00Z')] }), 'b').sends[0]!.at).toBe('2026-03-06T23:00:00.000Z');
  });
});

describe('handoffs', () => {
  const j = journey(
    [
      formTrigger,
      ['h', 'handoff', { queue: 'inside-sales', assign: 'round_robin', sla: 'PT48H' }],
      ['won', 'exit', { outcome: 'converted' }],
      ['back', 'exit', { outcome: 'recycled' }],
      ['dq', 'exit', { outcome: 'disqualified' }],
      ['late', 'exit', { outcome: 'sla' }],
    ],
    [['t', 'h'], ['h', 'won', 'accepted'], ['h', 'back', 'recycled'], ['h', 'dq', 'disqualified'], ['h', 'late', 'sla_expired']],
  );

  it('sales answers move the lead by the matching handle; silence past the SLA leaves by sla_expired', () => {
    const answer = (leadId: string, answer: 'accepted' | 'recycled' | 'disqualified', at: string) => ({ leadId, nodeId: 'h', answer, at });
    const leads = run({
      journey: j,
      events: [form('a'), form('b'), form('c'), form('d')],
      answers: [answer('a', 'accepted', '2026-03-02T10:00:00Z'), answer('b', 'recycled', '2026-03-03T10:00:00Z'), answer('c', 'disqualified', '2026-03-02T11:00:00Z'), answer('d', 'accepted', '2026-03-04T09:00:01Z')],
    });
    expect(leads.map((l) => l.outcome)).toEqual(['converted', 'recycled', 'disqualified', 'sla']);
    expect(lead(leads, 'd').path[1]).toEqual({ nodeId: 'h', at: START, handle: 'sla_expired' });
    expect(lead(leads, 'd').path[2]).toEqual({ nodeId: 'late', at: '2026-03-04T09:00:00.000Z' });
  });
});

describe('goal and exit criteria', () => {
  const j = journey(
    [formTrigger, ['w', 'wait', { for: 'P7D' }], ['e', 'send', { channel: 'email', template: 'nudge' }]],
    [['t', 'w'], ['w', 'e']],
    {
      goal: { event: 'demo_booked' },
      exitWhen: { attr: 'stage', op: 'eq', value: 'customer' },
    },
  );

  it('a lead that meets the goal leaves at once with outcome goal; one that meets the exit criteria with exited', () => {
    const leads = run({
      journey: j,
      events: [form('a'), form('b'), form('c'), { leadId: 'a', type: 'demo_booked', at: '2026-03-03T09:00:00Z' }, { leadId: 'b', type: 'lead_updated', at: '2026-03-04T09:00:00Z', props: { stage: 'customer' } }],
    });
    expect(lead(leads, 'a')).toMatchObject({ outcome: 'goal', sends: [] });
    expect(lead(leads, 'b')).toMatchObject({ outcome: 'exited', sends: [] });
    expect(lead(leads, 'c')).toMatchObject({ outcome: 'completed', sends: [{ template: 'nudge', at: '2026-03-09T09:00:00.000Z', status: 'sent' }] });
  });
});

describe('requests', () => {
  it("refuses a return date on an answer other than recycled, or one not after the answer, naming where", () => {
    const answer = (over: object) => ({ leadId: 'a', nodeId: 'h', answer: 'recycled', at: '2026-03-03T10:00:00Z', ...over });
    const parsed = simulateRequestSchema.safeParse({
      journey: {},
      start: START,
      until: 'P1D',
      answers: [
        answer({ returnAt: '2026-04-01T09:00:00Z' }),
        answer({ answer: 'accepted', returnAt: '2026-04-01T09:00:00Z' }),
        answer({ returnAt: '2026-03-03T10:00:00Z' }),
      ],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => [i.path, i.message])).toEqual([
      [['answers', 1, 'returnAt'], 'only a "recycled" answer can say when to bring the lead back'],
      [['answers', 2, 'returnAt'], "must be after the answer's `at`"],
    ]);
  });

  it('an invalid journey is refused with its problems', () => {
    const outcome = simulate(simulateRequestSchema.parse({ journey: { schemaVersion: 1, name: 'x', nodes: [], edges: [] }, start: START, until: 'P1D' }));
    expect(outcome.ok).toBe(false);
    expect('problems' in outcome && outcome.problems.map((p) => p.code)).toEqual(['trigger_count']);
  });

  it('until may be an instant, and must not be before start', () => {
    const j = journey([formTrigger, ['w', 'wait', { for: 'P1D' }], ['x', 'exit', { outcome: 'done' }]], [['t', 'w'], ['w', 'x']]);
    expect(lead(run({ journey: j, events: [form('a')], until: '2026-03-03T08:59:59Z' }), 'a').outcome).toBeNull();
    expect(lead(run({ journey: j, events: [form('a')], until: '2026-03-03T09:00:00Z' }), 'a').outcome).toBe('done');
    const refused = (until: string) => simulateRequestSchema.safeParse({ journey: j, start: START, until }).error?.issues.map((i) => [i.path, i.message]);
    expect(refused('2026-03-01T00:00:00Z')).toEqual([[['until'], `must not be before start (${new Date(START).toISOString()})`]]);
    expect(refused('forever')).toEqual([[['until'], 'must be a duration from start (P90D) or a date-time (2026-06-01T00:00:00Z), not "forever"']]);
    const twice = simulateRequestSchema.safeParse({ journey: j, start: START, until: 'P1D', leads: [{ id: 'a' }, { id: 'b' }, { id: 'a' }, { id: ' ' }] });
    expect(twice.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['leads', 3, 'id'], 'must not be blank'],
      [['leads', 2, 'id'], 'lead "a" is listed twice'],
    ]);
    expect(refused('P3X')).toEqual([[['until'], 'must be a duration from start (P90D) or a date-time (2026-06-01T00:00:00Z), not "P3X"']]);
  });

  it('an event for a lead not listed creates the lead', () => {
    const j = journey([formTrigger, ['x', 'exit', { outcome: 'done' }]], [['t', 'x']]);
    expect(run({ journey: j, leads: [{ id: 'listed' }], events: [form('newcomer')] }).map((l) => [l.id, l.outcome])).toEqual([
      ['listed', null],
      ['newcomer', 'done'],
    ]);
  });
});
