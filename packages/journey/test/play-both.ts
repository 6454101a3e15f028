import { advance, type AdvanceContext, type AdvanceInput, type AdvanceResult, type RunState } from '../src/advance.js';
import { compileJourney, type CompiledJourney } from '../src/compile.js';
import { applyEventToLead } from '../src/lead-events.js';
import type { HistoryEvent, Lead } from '../src/lead.js';
import { journeyMachine, restoreSnapshot, stepMachine, type JourneySnapshot } from '../src/machine-step.js';
import type { Channel, Journey } from '../src/schema.js';
import { MAX_STEPS_AT_ONE_INSTANT } from '../src/step-budget.js';
import type { LeadLife } from './journey-arbitrary.js';

/**
 * Plays one lead's life through a journey as a driver would (the engine and the simulator
 * both do this): each input at its instant, then the wake-ups already due and the
 * `score_changed` events the lead's own updates make, carrying the step budget along. The
 * same life is played through `advance` and through the XState machine (`stepMachine` on
 * XState's `transition()`), whose snapshot is restored from the stored `RunState` (JSON and
 * back, as the engine stores it) at every other input and kept as returned otherwise; half the
 * inputs go through XState's exported `transition()` / `initialTransition()` themselves, half
 * through the same machine functions with the actor scope `stepMachine` keeps per machine.
 */

export interface TraceEntry {
  input: AdvanceInput;
  now: number;
  result: Omit<AdvanceResult, 'lead'> & { lead: Lead };
}

type Interpreter = 'advance' | 'machine';

const JOURNEY_KEY = 'journey-1';

export function playLife(journey: Journey, life: LeadLife, interpreter: Interpreter): TraceEntry[] {
  const compiled = compileJourney(journey);
  return new LifePlayer(compiled, life, interpreter).play();
}

class LifePlayer {
  private run: RunState | null = null;
  private snapshot: JourneySnapshot | null = null;
  private lead: Lead;
  private readonly history: HistoryEvent[] = [];
  private readonly sent: { channel: Channel; at: number }[] = [];
  private held = false;
  private now: number;
  private inputs = 0;
  private readonly trace: TraceEntry[] = [];

  constructor(
    private readonly journey: CompiledJourney,
    private readonly life: LeadLife,
    private readonly interpreter: Interpreter,
  ) {
    const { id, score, stage, timezone, emailOptedOut } = life.lead;
    this.lead = { id, score, stage, timezone, attributes: {}, consent: emailOptedOut ? { email: 'opted_out' } : {} };
    this.now = life.start;
  }

  play(): TraceEntry[] {
    this.playChain({ kind: 'start' }, this.life.chainSteps);
    for (const step of this.life.inputs) {
      this.now += step.after;
      switch (step.kind) {
        case 'wake': {
          const wakeAt = this.run?.status === 'active' ? this.run.wakeAt : null;
          if (wakeAt !== null && !step.early) this.now = Math.max(this.now, wakeAt);
          this.playChain({ kind: 'wake' });
          break;
        }
        case 'event':
        case 'lead_updated': {
          const event: HistoryEvent = step.kind === 'event' ? { type: step.type, at: this.now, props: step.props } : { type: 'lead_updated', at: this.now, props: step.patch };
          this.lead = applyEventToLead(this.lead, event);
          this.history.push(event);
          this.playChain({ kind: 'event', event });
          break;
        }
        case 'answer':
          this.playChain(step.returnIn === undefined ? { kind: 'answer', answer: step.answer } : { kind: 'answer', answer: step.answer, returnAt: this.now + step.returnIn });
          break;
        case 'remove':
          this.playChain({ kind: 'remove' });
          break;
        case 'start':
          if (this.run === null || this.run.status === 'done') {
            this.snapshot = null;
            this.playChain({ kind: 'start' }, step.chainSteps);
          }
          break;
        case 'pause':
          this.held = step.held;
          break;
      }
    }
    return this.trace;
  }

  /** One input, then what it sets off at the same instant: its own score changes, and due wake-ups. */
  private playChain(first: AdvanceInput, chainSteps?: number): void {
    const queue: { input: AdvanceInput; chainSteps?: number }[] = [{ input: first, ...(chainSteps === undefined ? {} : { chainSteps }) }];
    for (let round = 0; round < 4 * MAX_STEPS_AT_ONE_INSTANT; round++) {
      const next = queue.shift() ?? this.dueWake();
      if (!next) return;
      const result = this.step(next.input, next.chainSteps);
      for (const effect of result.effects) {
        if (effect.type === 'send' && effect.status === 'sent') this.sent.push({ channel: effect.channel, at: effect.at });
        if (effect.type === 'lead_changed' && effect.score && effect.score.from !== effect.score.to) {
          const event: HistoryEvent = { type: 'score_changed', at: effect.at, props: { from: effect.score.from, to: effect.score.to } };
          this.history.push(event);
          queue.push({ input: { kind: 'event', event }, chainSteps: result.instantSteps });
        }
      }
    }
    throw new Error('the chain of inputs at one instant did not end');
  }

  private dueWake(): { input: AdvanceInput; chainSteps?: number } | undefined {
    const run = this.run;
    return run?.status === 'active' && run.wakeAt !== null && run.wakeAt <= this.now ? { input: { kind: 'wake' } } : undefined;
  }

  private step(input: AdvanceInput, chainSteps?: number): AdvanceResult {
    const sent = this.sent;
    const ctx: AdvanceContext = {
      now: this.now,
      lead: this.lead,
      history: this.history,
      journeyKey: JOURNEY_KEY,
      sendsHeld: this.held,
      ...(chainSteps === undefined ? {} : { chainSteps }),
      sentCount: (channel, since) => sent.filter((s) => s.channel === channel && s.at >= since).length,
    };
    let result: AdvanceResult;
    if (this.interpreter === 'advance') {
      result = advance(this.journey, this.run, input, ctx);
    } else {
      const machine = journeyMachine(this.journey);
      // Every other input starts from the stored run, as the engine does after loading it.
      const restore = this.inputs % 2 === 1 && this.run !== null;
      const snapshot = restore ? restoreSnapshot(machine, JSON.parse(JSON.stringify(this.run)) as RunState) : this.snapshot;
      // And every other pair of inputs goes through XState's exported transition() itself.
      const stepped = stepMachine(machine, snapshot, input, ctx, { freshActorScope: this.inputs % 4 >= 2 });
      this.snapshot = stepped.snapshot;
      result = stepped;
    }
    this.inputs++;
    this.run = result.run;
    this.lead = result.lead;
    const { snapshot: _snapshot, ...plain } = result as AdvanceResult & { snapshot?: unknown };
    this.trace.push({ input, now: this.now, result: structuredClone(plain) });
    return result;
  }
}
