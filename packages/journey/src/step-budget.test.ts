import { describe, expect, it } from 'vitest';
import { advance, MAX_STEPS_AT_ONE_INSTANT, type AdvanceContext, type AdvanceInput, type AdvanceResult, type RunState } from './advance.js';
import { compileJourney, type CompiledJourney } from './compile.js';
import { newLead } from './lead.js';
import { journeySchema } from './schema.js';

const at = { x: 0, y: 0 };
const NOW = Date.parse('2026-03-02T09:00:00Z');

/**
 * Journeys as they may be stored without passing today's validator: trigger → `loop[0]` → … →
 * back to `loop[0]`, nothing else.
 */
function looping(loop: { id: string; type: string; data: Record<string, unknown> }[]): CompiledJourney {
  const nodes = [{ id: 'start', type: 'trigger', position: at, data: { on: { event: 'signup' } } }, ...loop.map((n) => ({ ...n, position: at }))];
  const ids = nodes.map((n) => n.id);
  const edges = ids.map((source, i) => ({ id: `e${i}`, source, target: ids[i + 1] ?? ids[1]! }));
  return compileJourney(journeySchema.parse({ schemaVersion: 1, name: 'Loop', nodes, edges }));
}

const zeroWaitLoop = looping([
  { id: 'pause', type: 'wait', data: { for: 'PT0S' } },
  { id: 'bump', type: 'update', data: { score: { add: 1 } } },
]);

function ctx(now: number, extra: Partial<AdvanceContext> = {}): AdvanceContext {
  return { now, lead: newLead('ada'), history: [], journeyKey: 'j', sentCount: () => 0, ...extra };
}

/** What a driver does: start the lead, then play each wake-up as soon as it is due, as long as it is due by `until`. */
function drive(journey: CompiledJourney, until: number, first: AdvanceInput = { kind: 'start' }) {
  let result: AdvanceResult = advance(journey, null, first, ctx(NOW));
  let run: RunState = result.run;
  const steps: number[] = [result.effects.filter((e) => e.type === 'step').length];
  let lead = result.lead;
  while (run.status === 'active' && run.wakeAt !== null && run.wakeAt <= until) {
    result = advance(journey, run, { kind: 'wake' }, ctx(run.wakeAt, { lead }));
    run = result.run;
    lead = result.lead;
    steps.push(result.effects.filter((e) => e.type === 'step').length);
  }
  return { run, lead, steps, last: result };
}

describe('the step budget at one instant', () => {
  it('is one exported constant: a thousand steps', () => {
    expect(MAX_STEPS_AT_ONE_INSTANT).toBe(1_000);
  });

  it('stops a lead going round a PT0S wait after 1,000 steps at one instant, with outcome error and the loop in words', () => {
    const { run, steps, last } = drive(zeroWaitLoop, NOW + 86_400_000);
    expect(steps.reduce((a, b) => a + b, 0)).toBe(1_000);
    expect(run).toEqual({
      status: 'done',
      nodeId: 'pause',
      startedAt: NOW,
      nodeEnteredAt: NOW,
      wakeAt: null,
      outcome: 'error',
      endedAt: NOW,
      reason: 'stopped after 1,000 steps at one instant: the path Update → Wait → Update loops without pausing',
    });
    expect(last.effects.at(-1)).toEqual({ type: 'ended', outcome: 'error', at: NOW, reason: run.reason });
  });

  it('keeps the count on the run while it rests for no time, and drops it when the run pauses', () => {
    const first = advance(zeroWaitLoop, null, { kind: 'start' }, ctx(NOW));
    expect(first.run).toMatchObject({ nodeId: 'pause', wakeAt: NOW, instantSteps: 2 });
    const next = advance(zeroWaitLoop, first.run, { kind: 'wake' }, ctx(NOW));
    expect(next.run).toMatchObject({ nodeId: 'pause', wakeAt: NOW, instantSteps: 4 });

    const daily = looping([
      { id: 'pause', type: 'wait', data: { for: 'P1D' } },
      { id: 'bump', type: 'update', data: { score: { add: 1 } } },
    ]);
    expect(advance(daily, null, { kind: 'start' }, ctx(NOW)).run).not.toHaveProperty('instantSteps');
  });

  it('lets a loop that pauses go round far more than 1,000 times', () => {
    const everySecond = looping([
      { id: 'pause', type: 'wait', data: { for: 'PT1S' } },
      { id: 'bump', type: 'update', data: { score: { add: 1 } } },
    ]);
    const { run, lead } = drive(everySecond, NOW + 3_000_000);
    expect(run).toMatchObject({ status: 'active', nodeId: 'pause', wakeAt: NOW + 3_001_000 });
    expect(lead.score).toBe(3_000);
  });

  it('stops a loop inside one step (a journey stored before the validator refused it) instead of throwing', () => {
    const spin = looping([{ id: 'spin', type: 'update', data: { label: 'Spin', score: { add: 1 } } }]);
    const { run, lead, effects } = advance(spin, null, { kind: 'start' }, ctx(NOW));
    expect(effects.filter((e) => e.type === 'step')).toHaveLength(1_000);
    expect(lead.score).toBe(999);
    expect(run).toMatchObject({ status: 'done', outcome: 'error', nodeId: 'spin' });
    expect(run.reason).toBe('stopped after 1,000 steps at one instant: the path Update "Spin" → Update "Spin" loops without pausing');
  });

  it('counts on from the steps of the change that made an event (chainSteps), and from zero for an event from outside', () => {
    const onScore = compileJourney(
      journeySchema.parse({
        schemaVersion: 1,
        name: 'Echo',
        nodes: [
          { id: 'start', type: 'trigger', position: at, data: { on: { event: 'signup' } } },
          { id: 'hear', type: 'wait', position: at, data: { until: { event: 'score_changed', timeout: 'P1D' } } },
          { id: 'bump', type: 'update', position: at, data: { score: { add: 1 } } },
        ],
        edges: [
          { id: 'e1', source: 'start', target: 'hear' },
          { id: 'e2', source: 'hear', target: 'bump', sourceHandle: 'event' },
          { id: 'e3', source: 'bump', target: 'hear' },
        ],
      }),
    );
    const resting = advance(onScore, null, { kind: 'start' }, ctx(NOW)).run;
    const event = { type: 'score_changed', at: NOW, props: {} };
    const fromOutside = advance(onScore, resting, { kind: 'event', event }, ctx(NOW));
    expect(fromOutside.instantSteps).toBe(2);
    const echoed = advance(onScore, resting, { kind: 'event', event }, ctx(NOW, { chainSteps: 998 }));
    expect(echoed.instantSteps).toBe(1_000);
    expect(echoed.run).toMatchObject({ status: 'active', nodeId: 'hear' });
    const last = advance(onScore, resting, { kind: 'event', event }, ctx(NOW, { chainSteps: 999 }));
    expect(last.instantSteps).toBe(1_000);
    expect(last.run).toMatchObject({
      status: 'done',
      outcome: 'error',
      nodeId: 'bump',
      reason: 'stopped after 1,000 steps at one instant: the path Wait → Update → Wait loops without pausing',
    });
  });
});
