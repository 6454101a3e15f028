import { describe, expect, it } from 'vitest';
import { advance, type AdvanceContext, type AdvanceInput, type AdvanceResult, type Effect, type RunState } from './advance.js';
import { compileJourney, type CompiledJourney } from './compile.js';
import { newLead, type Lead } from './lead.js';
import { advanceWithMachine } from './machine-step.js';
import { journeySchema, type JourneyInput } from './schema.js';
import { validateJourney } from './validate.js';

const at = { x: 0, y: 0 };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Monday 2 March 2026, 19:55 UTC: five minutes before quiet hours begin. */
const monday1955 = Date.parse('2026-03-02T19:55:00Z');
const tuesday0800 = Date.parse('2026-03-03T08:00:00Z');

const touches = [
  { at: 'PT0M', channel: 'call_task', template: 'call-1', due: 'PT5M' },
  { at: 'PT10M', channel: 'sms', template: 'sms-1' },
  { at: 'PT1H', channel: 'email', template: 'email-1' },
  { at: 'P1D', channel: 'call_task', template: 'call-2' },
];

function doc(settings: JourneyInput['settings'], cadenceData: object = { touches, stopOn: { event: 'call_connected' } }) {
  return {
    schemaVersion: 1,
    name: 'Response cadence',
    settings,
    nodes: [
      { id: 't', type: 'trigger', position: at, data: { on: { event: 'form_submitted' } } },
      { id: 'c', type: 'cadence', position: at, data: { label: 'Response cadence', ...cadenceData } },
      { id: 'won', type: 'exit', position: at, data: { outcome: 'converted' } },
      { id: 'over', type: 'exit', position: at, data: { outcome: 'completed' } },
    ],
    edges: [
      { id: 'e1', source: 't', target: 'c', sourceHandle: 'out' },
      { id: 'e2', source: 'c', target: 'won', sourceHandle: 'stopped' },
      { id: 'e3', source: 'c', target: 'over', sourceHandle: 'done' },
    ],
  };
}

function compiled(settings: JourneyInput['settings'], cadenceData?: object): CompiledJourney {
  return compileJourney(journeySchema.parse(doc(settings, cadenceData)));
}

function ctxAt(now: number, lead: Lead = newLead('ada'), history: AdvanceContext['history'] = []): AdvanceContext {
  return { now, lead, history, journeyKey: 'j', sentCount: () => 0 };
}

/** Plays inputs through `advance` and through the XState machine, and expects the two to agree at every input. */
function play(journey: CompiledJourney, inputs: [AdvanceInput, AdvanceContext][]): AdvanceResult[] {
  let byHand: RunState | null = null;
  let byMachine: RunState | null = null;
  return inputs.map(([input, ctx]) => {
    const a = advance(journey, byHand, input, ctx);
    const m = advanceWithMachine(journey, byMachine, input, ctx);
    expect(m).toEqual(a);
    byHand = a.run;
    byMachine = m.run;
    return a;
  });
}

const sends = (effects: Effect[]) =>
  effects.flatMap((e) => (e.type === 'send' ? [{ touch: e.touch, channel: e.channel, at: new Date(e.at).toISOString(), status: e.status }] : []));

describe('a cadence: touches held as one step', () => {
  it('makes the first touch at once (a call task due in 5 minutes) and holds the next ones through quiet hours, in order', () => {
    const journey = compiled({ timezone: 'UTC', quietHours: { from: '20:00', to: '08:00' } });
    const [entered, morning] = play(journey, [
      [{ kind: 'start' }, ctxAt(monday1955)],
      [{ kind: 'wake' }, ctxAt(tuesday0800)],
    ]);
    expect(entered!.effects.filter((e) => e.type === 'step')).toEqual([
      { type: 'step', nodeId: 't', at: monday1955 },
      { type: 'step', nodeId: 'c', at: monday1955 },
      { type: 'step', nodeId: 'c', at: monday1955, touch: 0 },
    ]);
    expect(entered!.effects.find((e) => e.type === 'send')).toEqual({
      type: 'send', nodeId: 'c', channel: 'call_task', template: 'call-1', sender: undefined, at: monday1955, status: 'sent', touch: 0, dueAt: monday1955 + 5 * MINUTE,
    });
    // Touch 2 (PT10M) falls at 20:05, inside quiet hours: held to 08:00, and touch 3 (PT1H) with it.
    expect(entered!.run).toMatchObject({ nodeId: 'c', touch: 1, wakeAt: tuesday0800, nodeEnteredAt: monday1955 });
    expect(sends(morning!.effects)).toEqual([
      { touch: 1, channel: 'sms', at: '2026-03-03T08:00:00.000Z', status: 'sent' },
      { touch: 2, channel: 'email', at: '2026-03-03T08:00:00.000Z', status: 'sent' },
    ]);
    // The last touch keeps its own time from entry: a day after 19:55, not a day after 08:00.
    expect(morning!.run).toMatchObject({ touch: 3, wakeAt: monday1955 + 24 * HOUR });
  });

  it('leaves by done the moment the last touch is made', () => {
    const journey = compiled({ timezone: 'UTC' });
    const results = play(journey, [
      [{ kind: 'start' }, ctxAt(monday1955)],
      [{ kind: 'wake' }, ctxAt(monday1955 + 10 * MINUTE)],
      [{ kind: 'wake' }, ctxAt(monday1955 + HOUR)],
      [{ kind: 'wake' }, ctxAt(monday1955 + 24 * HOUR)],
    ]);
    const last = results[3]!;
    expect(sends(last.effects)).toEqual([{ touch: 3, channel: 'call_task', at: '2026-03-03T19:55:00.000Z', status: 'sent' }]);
    expect(last.effects).toContainEqual({ type: 'left', nodeId: 'c', handle: 'done', at: monday1955 + 24 * HOUR });
    expect(last.run).toMatchObject({ status: 'done', outcome: 'completed' });
    expect(last.run.touch).toBeUndefined();
  });

  it('stops mid-cadence when its stop event comes, and makes no more touches', () => {
    const journey = compiled({ timezone: 'UTC' }, { touches, stopOn: { event: 'call_connected', where: { outcome: { op: 'eq', value: 'talked' } } } });
    const voicemail = { type: 'call_connected', at: monday1955 + 20 * MINUTE, props: { outcome: 'voicemail' } };
    const talked = { type: 'call_connected', at: monday1955 + 30 * MINUTE, props: { outcome: 'talked' } };
    const results = play(journey, [
      [{ kind: 'start' }, ctxAt(monday1955)],
      [{ kind: 'wake' }, ctxAt(monday1955 + 10 * MINUTE)],
      [{ kind: 'event', event: voicemail }, ctxAt(voicemail.at, newLead('ada'), [voicemail])],
      [{ kind: 'event', event: talked }, ctxAt(talked.at, newLead('ada'), [voicemail, talked])],
      [{ kind: 'wake' }, ctxAt(monday1955 + HOUR)],
    ]);
    expect(results[2]!.effects).toEqual([]); // not the stop event's `where`
    expect(results[3]!.effects).toEqual([
      { type: 'left', nodeId: 'c', handle: 'stopped', at: talked.at },
      { type: 'step', nodeId: 'won', at: talked.at },
      { type: 'ended', outcome: 'converted', at: talked.at },
    ]);
    expect(results[4]!.effects).toEqual([]);
  });

  it("skips a touch on a channel the lead opted out of (suppressed), and goes on with the others", () => {
    const journey = compiled({ timezone: 'UTC' });
    const lead: Lead = { ...newLead('ada'), consent: { sms: 'opted_out' } };
    const results = play(journey, [
      [{ kind: 'start' }, ctxAt(monday1955, lead)],
      [{ kind: 'wake' }, ctxAt(monday1955 + 10 * MINUTE, lead)],
      [{ kind: 'wake' }, ctxAt(monday1955 + HOUR, lead)],
    ]);
    expect(sends(results[1]!.effects)).toEqual([{ touch: 1, channel: 'sms', at: '2026-03-02T20:05:00.000Z', status: 'suppressed' }]);
    expect(sends(results[2]!.effects)).toEqual([{ touch: 2, channel: 'email', at: '2026-03-02T20:55:00.000Z', status: 'sent' }]);
  });

  it('caps a touch as a send is capped, counting the touches made in the same step', () => {
    const journey = compiled(
      { timezone: 'UTC', frequencyCap: [{ channel: 'email', max: 1, per: 'P1D' }] },
      { touches: [{ at: 'PT0M', channel: 'email', template: 'a' }, { at: 'PT0M', channel: 'email', template: 'b' }], stopOn: { event: 'call_connected' } },
    );
    const [entered] = play(journey, [[{ kind: 'start' }, ctxAt(monday1955)]]);
    expect(sends(entered!.effects).map((s) => s.status)).toEqual(['sent', 'capped']);
    expect(entered!.run).toMatchObject({ status: 'done', outcome: 'completed' });
  });

  it('holds its touches while the journey is paused, and makes the due one when woken after the resume', () => {
    const journey = compiled({ timezone: 'UTC' });
    const paused = { ...ctxAt(monday1955 + 10 * MINUTE), sendsHeld: true };
    const results = play(journey, [
      [{ kind: 'start' }, ctxAt(monday1955)],
      [{ kind: 'wake' }, paused],
    ]);
    expect(results[1]!.effects).toEqual([]);
    expect(results[1]!.run).toMatchObject({ nodeId: 'c', touch: 1, wakeAt: null });
    const resumed = { ...results[1]!.run, wakeAt: monday1955 + 2 * HOUR };
    const after = advance(journey, resumed, { kind: 'wake' }, ctxAt(monday1955 + 2 * HOUR));
    expect(advanceWithMachine(journey, resumed, { kind: 'wake' }, ctxAt(monday1955 + 2 * HOUR))).toEqual(after);
    expect(sends(after.effects).map((s) => s.touch)).toEqual([1, 2]);
  });

  it('leaves for the goal mid-cadence like any resting step', () => {
    const journey = compiled({ timezone: 'UTC', goal: { event: 'demo_booked' } });
    const booked = { type: 'demo_booked', at: monday1955 + 5 * MINUTE, props: {} };
    const [, goal] = play(journey, [
      [{ kind: 'start' }, ctxAt(monday1955)],
      [{ kind: 'event', event: booked }, ctxAt(booked.at, newLead('ada'), [booked])],
    ]);
    expect(goal!.run).toMatchObject({ status: 'done', outcome: 'goal' });
    expect(goal!.run.touch).toBeUndefined();
  });
});

describe('a cadence in the schema and the validator', () => {
  const problemsOf = (cadenceData: object, templates?: ReadonlyMap<string, string>) =>
    validateJourney(doc({}, cadenceData), templates ? { templates } : {}).map((p) => ({ code: p.code, path: p.path, message: p.message }));

  it('accepts the response cadence, with its handles stopped and done connected', () => {
    expect(problemsOf({ touches, stopOn: { event: 'call_connected' } })).toEqual([]);
  });

  it('refuses a cadence with no touches, no stop event, or a due time on an email', () => {
    expect(problemsOf({ touches: [], stopOn: { event: 'call_connected' } }).map((p) => p.path)).toEqual([['nodes', 1, 'data', 'touches']]);
    expect(problemsOf({ touches }).map((p) => p.path)).toEqual([['nodes', 1, 'data', 'stopOn']]);
    expect(problemsOf({ touches: [{ at: 'PT0M', channel: 'email', template: 'e', due: 'PT5M' }], stopOn: { event: 'x' } })).toEqual([
      { code: 'schema', path: ['nodes', 1, 'data', 'touches', 0, 'due'], message: expect.stringContaining('only a call or voicemail task has a due time') },
    ]);
  });

  it('reports a touch timed before the one ahead of it, and an unreadable touch time', () => {
    const late = [touches[0], { at: 'P2D', channel: 'email', template: 'e' }, { at: 'P1D', channel: 'email', template: 'f' }, { at: 'soon', channel: 'sms', template: 's' }];
    expect(problemsOf({ touches: late, stopOn: { event: 'call_connected' } })).toEqual([
      {
        code: 'touch_order',
        path: ['nodes', 1, 'data', 'touches', 2, 'at'],
        message: 'Cadence "Response cadence": touch 3 at 1 day comes before touch 2 at 2 days; touches run in the order of their times, so move it up or change its time',
      },
      {
        code: 'bad_duration',
        path: ['nodes', 1, 'data', 'touches', 3, 'at'],
        message: 'Cadence "Response cadence": touch 4 time "soon" is not a duration; use ISO 8601 such as P3D or PT5M',
      },
    ]);
  });

  it('reports each touch naming a template that does not exist or is of another channel (unknown_template)', () => {
    const stored = new Map([['call-1', 'call_task'], ['sms-1', 'email'], ['email-1', 'email']]);
    expect(problemsOf({ touches, stopOn: { event: 'call_connected' } }, stored)).toEqual([
      {
        code: 'unknown_template',
        path: ['nodes', 1, 'data', 'touches', 1, 'template'],
        message: 'Cadence "Response cadence" (touch 2) names template "sms-1", which is an email template, not an SMS one; pick a stored SMS template',
      },
      {
        code: 'unknown_template',
        path: ['nodes', 1, 'data', 'touches', 3, 'template'],
        message: 'Cadence "Response cadence" (touch 4) names template "call-2", which does not exist; pick a stored call task template or create it',
      },
    ]);
  });

  it('counts a cadence whose touches are all at once as no pause in a loop, and one that takes time as a pause', () => {
    const loop = (last: string) => {
      const d = doc({}, { touches: [{ at: 'PT0M', channel: 'email', template: 'e' }, { at: last, channel: 'email', template: 'f' }], stopOn: { event: 'x' } });
      d.edges[2] = { id: 'e3', source: 'c', target: 'c', sourceHandle: 'done' };
      d.nodes.pop();
      return validateJourney(d).map((p) => p.code);
    };
    expect(loop('PT0M')).toContain('instant_loop');
    expect(loop('P1D')).not.toContain('instant_loop');
  });
});
