import { initialTransition, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { advance, type AdvanceContext, type RunState } from './advance.js';
import { compileJourney } from './compile.js';
import { newLead, type Lead } from './lead.js';
import { journeyMachine, machineStateValue, restoreSnapshot, stepMachine } from './machine-step.js';
import { journeySchema, type JourneyInput } from './schema.js';

const at = { x: 0, y: 0 };
const monday9 = Date.parse('2026-03-02T09:00:00Z');
const HOUR = 3_600_000;

function compiled(settings: JourneyInput['settings'], nodes: object[], edges: [string, string, string?][]) {
  return compileJourney(
    journeySchema.parse({
      schemaVersion: 1,
      name: 'Machine test',
      settings,
      nodes: nodes.map((n) => ({ position: at, ...n })),
      edges: edges.map(([source, target, sourceHandle], i) => ({ id: `e${i}`, source, target, sourceHandle: sourceHandle ?? 'out' })),
    }),
  );
}

function ctxAt(now: number, lead: Lead = newLead('lead-1')): AdvanceContext {
  return { now, lead, history: [], journeyKey: 'journey-1', sentCount: () => 0 };
}

const trigger = { id: 't', type: 'trigger', data: { on: { event: 'form_submitted' } } };

describe('the journey machine', () => {
  const welcome = compiled(
    { timezone: 'UTC' },
    [
      trigger,
      { id: 'hello', type: 'send', data: { channel: 'email', template: 'welcome' } },
      { id: 'w', type: 'wait', data: { for: 'PT1H' } },
      { id: 'x', type: 'exit', data: { outcome: 'converted' } },
    ],
    [['t', 'hello'], ['hello', 'w'], ['w', 'x']],
  );

  it("is XState's: initialTransition() returns the send and the wait's wake-up as actions, unexecuted", () => {
    const [snapshot, actions] = initialTransition(journeyMachine(welcome), { ctx: ctxAt(monday9) });
    expect(snapshot.value).toBe('w');
    expect(snapshot.context.run.wakeAt).toBe(monday9 + HOUR);
    expect(actions.filter((a) => a.type === 'send' || a.type === 'wake').map((a) => [a.type, a.params])).toEqual([
      ['send', { type: 'send', nodeId: 'hello', channel: 'email', template: 'welcome', sender: undefined, at: monday9, status: 'sent' }],
      ['wake', { wakeAt: monday9 + HOUR }],
    ]);
  });

  it("uses no XState timers: the wait's wake-up is data, and transition() moves on only when given WAKE at that instant", () => {
    const machine = journeyMachine(welcome);
    expect(JSON.stringify(machine.config)).not.toContain('"after"');
    const [resting] = initialTransition(machine, { ctx: ctxAt(monday9) });
    const [early] = transition(machine, resting, { type: 'WAKE', ctx: ctxAt(monday9 + HOUR - 1) });
    expect(early.value).toBe('w');
    const [woken, actions] = transition(machine, resting, { type: 'WAKE', ctx: ctxAt(monday9 + HOUR) });
    expect(woken.status).toBe('done');
    expect(woken.output).toEqual({ outcome: 'converted' });
    expect(actions.filter((a) => a.type === 'ended').map((a) => a.params)).toEqual([{ type: 'ended', outcome: 'converted', at: monday9 + HOUR }]);
  });

  it('is one machine object per compiled journey version', () => {
    expect(journeyMachine(welcome)).toBe(journeyMachine(welcome));
    expect(journeyMachine(compileJourney(welcome.journey))).not.toBe(journeyMachine(welcome));
  });

  it("restores a lead's snapshot from its stored run: the same state, and the same next step as the snapshot kept in memory", () => {
    const machine = journeyMachine(welcome);
    const started = stepMachine(machine, null, { kind: 'start' }, ctxAt(monday9));
    const stored = JSON.parse(JSON.stringify(started.run)) as RunState;
    const restored = restoreSnapshot(machine, stored);
    expect(restored.value).toEqual(started.snapshot.value);
    expect(machineStateValue(welcome, stored)).toBe('w');
    const fromRestored = stepMachine(machine, restored, { kind: 'wake' }, ctxAt(monday9 + HOUR));
    const fromKept = stepMachine(machine, started.snapshot, { kind: 'wake' }, ctxAt(monday9 + HOUR));
    expect(fromRestored.run).toEqual(fromKept.run);
    expect(fromRestored.effects).toEqual(fromKept.effects);
    expect(fromRestored.run).toMatchObject({ status: 'done', outcome: 'converted', nodeId: 'x' });
  });

  it('checks the goal as the lead reaches a wait with the lead as the update before it left it', () => {
    const journey = compiled(
      { goal: { attr: 'score', op: 'gte', value: 50 } },
      [trigger, { id: 'u', type: 'update', data: { score: { set: 60 } } }, { id: 'w', type: 'wait', data: { for: 'P1D' } }],
      [['t', 'u'], ['u', 'w']],
    );
    const byMachine = stepMachine(journeyMachine(journey), null, { kind: 'start' }, ctxAt(monday9));
    expect(byMachine.run).toMatchObject({ status: 'done', outcome: 'goal', nodeId: 'w' });
    expect(byMachine.effects.map((e) => e.type)).toEqual(['step', 'left', 'step', 'lead_changed', 'left', 'step', 'ended']);
    expect(byMachine.effects).toEqual(advance(journey, null, { kind: 'start' }, ctxAt(monday9)).effects);
  });

  it('does not close a handoff again when the lead leaves it by an unconnected handle', () => {
    const journey = compiled({}, [trigger, { id: 'h', type: 'handoff', data: { queue: 'sales', assign: 'owner', sla: 'P1D' } }], [['t', 'h']]);
    const machine = journeyMachine(journey);
    const open = stepMachine(machine, null, { kind: 'start' }, ctxAt(monday9));
    const answered = stepMachine(machine, open.snapshot, { kind: 'answer', answer: 'accepted' }, ctxAt(monday9 + HOUR));
    expect(answered.effects).toEqual([
      { type: 'left', nodeId: 'h', handle: 'accepted', at: monday9 + HOUR },
      { type: 'ended', outcome: 'completed', at: monday9 + HOUR },
    ]);
    const expired = stepMachine(machine, open.snapshot, { kind: 'wake' }, ctxAt(monday9 + 24 * HOUR));
    expect(expired.effects.map((e) => e.type)).toEqual(['handoff_closed', 'left', 'ended']);
  });

  it('stops a lead going round without pausing after the step budget, where advance stops it', () => {
    const journey = compiled(
      {},
      [trigger, { id: 'a', type: 'update', data: { score: { add: 1 } } }, { id: 'b', type: 'branch', data: { cases: [{ handle: 'again', when: { attr: 'score', op: 'gte', value: 0 } }] } }],
      [['t', 'a'], ['a', 'b'], ['b', 'a', 'again']],
    );
    const byMachine = stepMachine(journeyMachine(journey), null, { kind: 'start' }, ctxAt(monday9));
    const walked = advance(journey, null, { kind: 'start' }, ctxAt(monday9));
    expect(byMachine.run).toEqual(walked.run);
    expect(byMachine.run.reason).toBe('stopped after 1,000 steps at one instant: the path Branch → Update → Branch loops without pausing');
    expect(byMachine.instantSteps).toBe(1_000);
    expect(byMachine.lead.score).toBe(walked.lead.score);
  });
});
