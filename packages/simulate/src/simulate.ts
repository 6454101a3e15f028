import {
  advance,
  applyEventToLead,
  compileJourney,
  entryConditionHolds,
  entryFires,
  reentryOpensAt,
  hasErrors,
  isSegmentJourney,
  journeySchema,
  mayEnter,
  newLead,
  validateJourney,
  type AdvanceInput,
  type Channel,
  type CompiledJourney,
  type Effect,
  type HandoffAnswer,
  type HistoryEvent,
  type Lead,
  type PathStep,
  type Problem,
  type RunState,
  type SendRecord,
} from '@trellis/journey';
import { SIMULATION_BUDGET, tooManySteps, tooManyStepsForLead, type BudgetExceeded } from './budget.js';
import { WakeQueue } from './min-heap.js';
import { resolveUntil, type ParsedSimulateRequest, type SimulationLead } from './request.js';

/**
 * Runs a journey over virtual time with the live engine's rules (`advance`); only the clock
 * differs. No IO, nothing stored.
 *
 * Order of play: events (and sales answers) in time order, ties in list order, events before
 * answers at the same instant; a wake-up due at or before an event's instant is played first,
 * as the engine would have fired it by then.
 *
 * The work is bounded (`SIMULATION_BUDGET`) and can be done in slices: `startSimulation` gives a
 * run whose `proceed` plays until a `pause` the caller passes says stop, so a server can let
 * other requests in between slices and stop one that runs too long. `simulate` plays it at once.
 */

export interface SimulatedLead {
  id: string;
  /** The latest run's outcome; null while the lead is still inside the journey at `until`. */
  outcome: string | null;
  /** Why the lead's run ended, where the outcome alone does not say (an `error`: the loop it was stopped in). */
  reason?: string;
  /** Every step of every run, in order (a re-entered lead's runs follow one another). */
  path: PathStep[];
  sends: SendRecord[];
}

export interface SimulationResult {
  leads: SimulatedLead[];
}

export type SimulateOutcome =
  | { ok: true; result: SimulationResult }
  | { ok: false; problems: Problem[] }
  /** The budget stopped it: no result, since a part of one would mislead. */
  | { ok: false; exceeded: BudgetExceeded };

interface LeadState {
  lead: Lead;
  history: HistoryEvent[];
  run: RunState | null;
  /** Bumped at every entry so wake-ups of an earlier run are recognised as stale. */
  runSeq: number;
  lastEndedAt: number | null;
  path: PathStep[];
  /** Path steps so far, for the budget per lead. */
  steps: number;
  sends: SendRecord[];
  sentAt: Map<Channel, number[]>;
  /** Made once per lead: a closure per step costs more than the step on this hot path. */
  sentCount: (channel: Channel, since: number) => number;
}

/** A wake-up that looks whether a segment lead may re-enter now, rather than waking a run. */
const REENTRY_LOOK = -1;

type TimelineItem =
  | { kind: 'event'; at: number; leadId: string; type: string; props?: Record<string, unknown> }
  | { kind: 'answer'; at: number; leadId: string; nodeId: string; answer: HandoffAnswer; returnAt?: number };

/** Never asks to pause: `simulate` plays the whole run at once. */
const NEVER = (): boolean => false;

export function simulate(request: ParsedSimulateRequest): SimulateOutcome {
  const run = startSimulation(request);
  return run instanceof SimulationRun ? run.proceed(NEVER)! : run;
}

/** The simulation ready to play, or why it cannot be (an invalid journey or `until`). */
export function startSimulation(request: ParsedSimulateRequest): SimulationRun | { ok: false; problems: Problem[] } {
  const problems = validateJourney(request.journey);
  if (hasErrors(problems)) return { ok: false, problems };
  const journey = compileJourney(journeySchema.parse(request.journey));

  const start = Date.parse(request.start);
  const until = resolveUntil(request.until, start);
  if (typeof until === 'string') {
    return { ok: false, problems: [{ severity: 'error', code: 'bad_duration', message: `"until" ${until}`, path: ['until'] }] };
  }

  const sim = new Simulation(journey, start);
  for (const lead of request.leads) sim.addLead(lead);

  const timeline: TimelineItem[] = [];
  for (const e of request.events) {
    timeline.push({ kind: 'event', at: e.at ? Date.parse(e.at) : start, leadId: e.leadId, type: e.type, props: e.props });
  }
  for (const a of request.answers) {
    const answer: TimelineItem = { kind: 'answer', at: Date.parse(a.at), leadId: a.leadId, nodeId: a.nodeId, answer: a.answer };
    if (a.returnAt !== undefined) answer.returnAt = Date.parse(a.returnAt);
    timeline.push(answer);
  }
  // Array.prototype.sort is stable: ties keep list order, and events were listed before answers.
  timeline.sort((a, b) => a.at - b.at);

  let i = 0;
  for (; i < timeline.length && timeline[i]!.at < start; i++) sim.recordHistory(timeline[i]!);
  if (isSegmentJourney(journey)) sim.enterSegment();
  return new SimulationRun(sim, timeline, i, until);
}

export class SimulationRun {
  constructor(
    private readonly sim: Simulation,
    private readonly timeline: TimelineItem[],
    /** The next item of the timeline to play. */
    private next: number,
    private readonly until: number,
  ) {}

  /**
   * Plays on until the end (the outcome), or until `pause()` says stop (null: call again).
   * `pause` is asked every few dozen wake-ups and events, so a slice ends soon after it says so.
   */
  proceed(pause: () => boolean): SimulateOutcome | null {
    const sim = this.sim;
    for (;;) {
      if (sim.exceeded) return { ok: false, exceeded: sim.exceeded };
      const item = this.timeline[this.next];
      const playable = item !== undefined && item.at <= this.until;
      if (!sim.wakeUntil(playable ? item.at : this.until, pause)) {
        return sim.exceeded ? { ok: false, exceeded: sim.exceeded } : null;
      }
      if (!playable) return { ok: true, result: sim.result() };
      sim.play(item);
      this.next++;
      if (sim.tick() && pause()) return null;
    }
  }
}

class Simulation {
  /** Set when the budget stopped the simulation. */
  exceeded: BudgetExceeded | null = null;
  private totalSteps = 0;
  private units = 0;
  private readonly states: LeadState[] = [];
  private readonly indexById = new Map<string, number>();
  private readonly queue = new WakeQueue();
  private readonly journeyKey: string;

  constructor(
    private readonly journey: CompiledJourney,
    private readonly start: number,
  ) {
    this.journeyKey = journey.journey.name;
  }

  addLead(input: SimulationLead): void {
    if (this.indexById.has(input.id)) return;
    const lead: Lead = {
      ...newLead(input.id),
      ...stripUndefined({
        email: input.email,
        phone: input.phone,
        timezone: input.timezone,
        owner: input.owner,
        stage: input.stage,
      }),
      score: input.score ?? 0,
      attributes: { ...(input.attributes ?? {}) },
      consent: { ...(input.consent ?? {}) },
    };
    this.indexById.set(input.id, this.states.length);
    const sentAt = new Map<Channel, number[]>();
    this.states.push({
      lead,
      history: [],
      run: null,
      runSeq: 0,
      lastEndedAt: null,
      path: [],
      steps: 0,
      sends: [],
      sentAt,
      sentCount: (channel, since) => countSince(sentAt.get(channel), since),
    });
  }

  private stateOf(leadId: string): { state: LeadState; index: number } {
    if (!this.indexById.has(leadId)) this.addLead({ id: leadId });
    const index = this.indexById.get(leadId)!;
    return { state: this.states[index]!, index };
  }

  /** An event before `start`: it shapes the lead and its history, and triggers nothing. */
  recordHistory(item: TimelineItem): void {
    if (item.kind !== 'event') return;
    const { state } = this.stateOf(item.leadId);
    const event: HistoryEvent = { type: item.type, at: item.at, props: item.props };
    state.lead = applyEventToLead(state.lead, event);
    state.history.push(event);
  }

  enterSegment(): void {
    for (let index = 0; index < this.states.length; index++) {
      const state = this.states[index]!;
      if (entryConditionHolds(this.journey, state.lead, state.history, this.start)) this.enter(index, this.start);
    }
  }

  /** Counts a unit of work; true every 32nd, when the driver's `pause` is worth asking. */
  tick(): boolean {
    return (++this.units & 31) === 0;
  }

  /**
   * Plays every wake-up due at or before `at`, in time order; false if it stopped first
   * (`pause` said so, or the budget ran out), with the rest still queued.
   */
  wakeUntil(at: number, pause: () => boolean): boolean {
    for (let next = this.queue.peek(); next !== undefined && next.at <= at; next = this.queue.peek()) {
      if (this.exceeded || (this.tick() && pause())) return false;
      this.queue.pop();
      const state = this.states[next.leadIndex]!;
      if (next.runSeq === REENTRY_LOOK) {
        if (entryConditionHolds(this.journey, state.lead, state.history, next.at)) this.enter(next.leadIndex, next.at);
        continue;
      }
      const run = state.run;
      if (!run || run.status !== 'active' || state.runSeq !== next.runSeq || run.wakeAt !== next.at) continue;
      this.step(next.leadIndex, { kind: 'wake' }, next.at);
    }
    return this.exceeded === null;
  }

  play(item: TimelineItem): void {
    const { state, index } = this.stateOf(item.leadId);
    if (item.kind === 'answer') {
      const run = state.run;
      if (run?.status === 'active' && run.nodeId === item.nodeId) {
        const input: AdvanceInput = { kind: 'answer', answer: item.answer };
        if (item.returnAt !== undefined) input.returnAt = item.returnAt;
        this.step(index, input, item.at);
      }
      return;
    }
    const event: HistoryEvent = { type: item.type, at: item.at, props: item.props };
    const conditionHeldBefore = entryConditionHolds(this.journey, state.lead, state.history, item.at);
    state.lead = applyEventToLead(state.lead, event);
    state.history.push(event);
    if (state.run?.status === 'active') this.step(index, { kind: 'event', event }, item.at);

    const holdsNow = () => entryConditionHolds(this.journey, state.lead, state.history, item.at);
    if (entryFires(this.journey, event, conditionHeldBefore, holdsNow)) this.enter(index, item.at);
  }

  private enter(index: number, at: number): void {
    const state = this.states[index]!;
    const past = { active: state.run?.status === 'active', lastEndedAt: state.lastEndedAt };
    if (!mayEnter(this.journey, state.lead, past, at)) return;
    state.runSeq++;
    state.run = null;
    this.step(index, { kind: 'start' }, at);
  }

  private step(index: number, input: AdvanceInput, now: number): void {
    const state = this.states[index]!;
    const { run, lead, effects } = advance(this.journey, state.run, input, {
      now,
      lead: state.lead,
      history: state.history,
      journeyKey: this.journeyKey,
      sentCount: state.sentCount,
    });
    state.run = run;
    state.lead = lead;
    this.apply(state, effects);
    this.spend(state, now);
    if (run.status === 'done') {
      state.lastEndedAt = run.endedAt;
      const opensAt = effects.some((e) => e.type === 'ended') ? reentryOpensAt(this.journey, lead, run.endedAt!) : null;
      if (opensAt !== null) this.queue.push(opensAt, index, REENTRY_LOOK);
    } else if (run.wakeAt !== null) this.queue.push(run.wakeAt, index, state.runSeq);
  }

  /** Counts the steps one `advance` took against the budget; past it, the simulation stops. */
  private spend(state: LeadState, now: number): void {
    const steps = state.path.length - state.steps;
    if (steps === 0 || this.exceeded) return;
    state.steps += steps;
    this.totalSteps += steps;
    if (state.steps > SIMULATION_BUDGET.stepsPerLead) {
      this.exceeded = tooManyStepsForLead(state.lead.id, iso(now), state.run?.nodeId ?? '');
    } else if (this.totalSteps > SIMULATION_BUDGET.steps) {
      this.exceeded = tooManySteps(iso(now));
    }
  }

  private apply(state: LeadState, effects: Effect[]): void {
    for (const effect of effects) {
      switch (effect.type) {
        case 'step':
          state.path.push({ nodeId: effect.nodeId, at: iso(effect.at) });
          break;
        case 'left': {
          for (let i = state.path.length - 1; i >= 0; i--) {
            const step = state.path[i]!;
            if (step.nodeId === effect.nodeId && step.handle === undefined) {
              step.handle = effect.handle;
              break;
            }
          }
          break;
        }
        case 'send': {
          state.sends.push({
            nodeId: effect.nodeId,
            channel: effect.channel,
            template: effect.template,
            at: iso(effect.at),
            status: effect.status,
          });
          if (effect.status === 'sent') {
            let times = state.sentAt.get(effect.channel);
            if (!times) state.sentAt.set(effect.channel, (times = []));
            times.push(effect.at);
          }
          break;
        }
        case 'lead_changed':
          if (effect.score) {
            state.history.push({ type: 'score_changed', at: effect.at, props: { ...effect.score, nodeId: effect.nodeId } });
          }
          break;
        case 'handoff_opened':
        case 'handoff_closed':
        case 'ended':
          break;
      }
    }
  }

  result(): SimulationResult {
    return {
      leads: this.states.map((state) => ({
        id: state.lead.id,
        outcome: state.run?.status === 'done' ? state.run.outcome : null,
        ...(state.run?.status === 'done' && state.run.reason !== undefined ? { reason: state.run.reason } : {}),
        path: state.path,
        sends: state.sends,
      })),
    };
  }
}

/** Sent times are appended in time order, so count back from the newest. */
function countSince(times: number[] | undefined, since: number): number {
  if (!times) return 0;
  let count = 0;
  for (let i = times.length - 1; i >= 0 && times[i]! >= since; i--) count++;
  return count;
}

/** Steps and sends of one instant come in runs: formatting each instant once saves a third of the time. */
let lastIsoMs = NaN;
let lastIso = '';
function iso(ms: number): string {
  if (ms !== lastIsoMs) {
    lastIsoMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] !== undefined) out[key] = value[key];
  return out;
}
