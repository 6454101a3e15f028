import {
  applyEventToLead,
  compileJourney,
  decideExperiment,
  driveLead,
  experimentDecideAt,
  experimentSplits,
  firstEventConversion,
  hasErrors,
  isSegmentJourney,
  journeySchema,
  newLead,
  scoreLead,
  emptyScoreState,
  leadZone,
  validateJourney,
  type CompiledJourney,
  type ExperimentDecision,
  type ExperimentEntry,
  type HandoffAnswer,
  type HistoryEvent,
  type JourneyCatalog,
  type Lead,
  type LeadDriven,
  type LeadEvent,
  type LeadInput,
  type LeadRun,
  type LiveJourney,
  type PathStep,
  type Problem,
  type SendRecord,
  type SentMark,
  type ScoreState,
  type ScoringModel,
} from '@trellis/journey';
import { SIMULATION_BUDGET, tooManySteps, tooManyStepsForLead, type BudgetExceeded } from './budget.js';
import { WakeQueue } from './min-heap.js';
import { resolveUntil, type ParsedSimulateRequest, type SimulationLead } from './request.js';

/**
 * Runs a journey over virtual time: a priority queue of wake-ups around the live engine's own
 * per-lead driver (`driveLead` in @trellis/journey), which decides everything a lead does at an
 * instant. Only the clock and the storage differ from the engine. No IO, nothing stored.
 *
 * What this file adds is time: the request's events and sales answers in time order (ties in
 * list order, events before answers at the same instant), each played on its lead at its
 * instant; and each lead looked at again at the instant the driver asks for (`nextWakeAt`),
 * played first when it is due at or before an event's instant, as the engine would have by
 * then. Splits key by the journey's id when the request names the saved journey (`journeyId`),
 * else by its name (docs/spec-readings.md).
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
  /** Each split experiment decided before `until`, with the numbers it was decided on (only when the journey has experiments). */
  experiments?: ExperimentDecision[];
}

export type SimulateOutcome =
  /** `final`: each lead as it stands at `until` (score, stage, attributes), in `result.leads` order; not part of the API's answer. */
  | { ok: true; result: SimulationResult; final: Lead[] }
  | { ok: false; problems: Problem[] }
  /** The budget stopped it: no result, since a part of one would mislead. */
  | { ok: false; exceeded: BudgetExceeded };

interface LeadState {
  lead: Lead;
  /** The lead's scoring state, when the request carries a scoring model. */
  score: ScoreState | null;
  /** The lead's own logs: the driver appends to them. */
  history: HistoryEvent[];
  recentSends: SentMark[];
  lastEndedAt: ReadonlyMap<string, number>;
  /** The lead's latest run: its outcome is the lead's. */
  run: LeadRun | null;
  /** The instant the lead is queued to be looked at again, or null. */
  dueAt: number | null;
  path: PathStep[];
  /** Path steps so far, for the budget per lead. */
  steps: number;
  sends: SendRecord[];
}

type TimelineItem =
  | { kind: 'event'; at: number; leadId: string; id?: string; type: string; props?: Record<string, unknown> }
  | { kind: 'answer'; at: number; leadId: string; nodeId: string; answer: HandoffAnswer; returnAt?: number };

/** Never asks to pause: `simulate` plays the whole run at once. */
const NEVER = (): boolean => false;
const NONE: readonly never[] = [];
/** Shared until a lead's run ends: the driver copies the map on its first write. */
const NO_ENDS: ReadonlyMap<string, number> = new Map();

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

  const sim = new Simulation(journey, request.journeyId ?? journey.journey.name, start);
  // The request's scoring model, applied as the live engine applies the stored one (docs/spec-readings.md).
  if (request.scoring) sim.scoring = request.scoring;
  for (const lead of request.leads) sim.addLead(lead);

  const timeline: TimelineItem[] = [];
  for (const e of request.events) {
    const event: TimelineItem = { kind: 'event', at: e.at ? Date.parse(e.at) : start, leadId: e.leadId, type: e.type, props: e.props };
    if (e.id !== undefined) event.id = e.id;
    timeline.push(event);
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
  if (isSegmentJourney(journey)) sim.enterSegment(start);
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
      // An experiment is decided before anything at its instant, as the engine decides before the batch that reaches it.
      const decision = sim.nextDecisionAt();
      if (decision !== null && decision <= (playable ? item.at : this.until)) {
        if (!sim.wakeUntil(decision - 1, pause)) return sim.exceeded ? { ok: false, exceeded: sim.exceeded } : null;
        sim.decideNext();
        continue;
      }
      if (!sim.wakeUntil(playable ? item.at : this.until, pause)) {
        return sim.exceeded ? { ok: false, exceeded: sim.exceeded } : null;
      }
      if (!playable) return { ok: true, result: sim.result(), final: sim.final() };
      sim.play(item);
      this.next++;
      if (sim.tick() && pause()) return null;
    }
  }
}

class Simulation {
  /** The scoring model the request carries, or null: nothing is scored but journeys' own updates. */
  scoring: ScoringModel | null = null;
  /** Set when the budget stopped the simulation. */
  exceeded: BudgetExceeded | null = null;
  private totalSteps = 0;
  private units = 0;
  private runIds = 0;
  private readonly states: LeadState[] = [];
  private readonly indexById = new Map<string, number>();
  private readonly queue = new WakeQueue();
  private readonly live: LiveJourney;
  private readonly catalog: JourneyCatalog;
  private readonly newRunId = (): string => `run-${++this.runIds}`;
  /** Experiments not yet decided, soonest first; the simulation's start stands for publication. */
  private readonly pendingDecisions: { at: number; split: ReturnType<typeof experimentSplits>[number] }[];
  private readonly decisions: ExperimentDecision[] = [];
  /** Per experiment split: every lead's pass through it. */
  private readonly splitEntries = new Map<string, { leadIndex: number; runId: string; handle: string; at: number }[]>();
  /** Runs that ended with outcome `goal`, and when. */
  private readonly goalAt = new Map<string, number>();

  constructor(journey: CompiledJourney, journeyKey: string, start: number) {
    const live: LiveJourney = { journeyId: journeyKey, version: 1, status: 'active', compiled: journey };
    this.live = live;
    this.catalog = {
      entryJourneys: [live],
      version: (journeyId, version) => (journeyId === live.journeyId && version === live.version ? live : undefined),
    };
    this.pendingDecisions = experimentSplits(journey.journey)
      .map((split) => ({ at: experimentDecideAt(split.data.experiment, start), split }))
      .sort((a, b) => a.at - b.at);
    for (const { split } of this.pendingDecisions) this.splitEntries.set(split.id, []);
  }

  nextDecisionAt(): number | null {
    return this.pendingDecisions[0]?.at ?? null;
  }

  /** Decides the next experiment on what the leads did before its instant; a winner takes every later lead. */
  decideNext(): void {
    const { at, split } = this.pendingDecisions.shift()!;
    const metric = split.data.experiment.metric;
    const entries: ExperimentEntry[] = this.splitEntries.get(split.id)!.map((e) => ({
      handle: e.handle,
      enteredAt: e.at,
      convertedAt: metric === 'goal' ? (this.goalAt.get(e.runId) ?? null) : firstEventConversion(metric, e.at, this.states[e.leadIndex]!.history),
    }));
    const decision = decideExperiment(split, entries, at);
    this.decisions.push(decision);
    if (decision.winner !== null) {
      this.live.splitWinners = new Map([...(this.live.splitWinners ?? []), [split.id, decision.winner]]);
    }
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
    this.states.push({ lead, score: null, history: [], lastEndedAt: NO_ENDS, recentSends: [], run: null, dueAt: null, path: [], steps: 0, sends: [] });
  }

  private indexOf(leadId: string): number {
    if (!this.indexById.has(leadId)) this.addLead({ id: leadId });
    return this.indexById.get(leadId)!;
  }

  /** An event before `start`: it shapes the lead and its history, and triggers nothing. */
  recordHistory(item: TimelineItem): void {
    if (item.kind !== 'event') return;
    const state = this.states[this.indexOf(item.leadId)]!;
    const event: HistoryEvent = { type: item.type, at: item.at, props: item.props ?? {} };
    state.lead = applyEventToLead(state.lead, event);
    state.history.push(event);
    if (this.scoring) {
      // History is scored as the live engine scored it then, but, like the rest of history, triggers nothing.
      const scored = scoreLead(this.scoring, state.score ?? emptyScoreState(), state.lead, { now: item.at, history: state.history, zone: leadZone(state.lead.timezone, undefined) }, event);
      state.lead = scored.lead;
      state.score = scored.state;
    }
  }

  /** A segment journey takes in every lead that meets it at `start`, as the engine's publish does. */
  enterSegment(start: number): void {
    const inputs: LeadInput[] = [{ kind: 'segment', journeyId: this.live.journeyId }];
    for (let index = 0; index < this.states.length; index++) this.drive(index, start, NONE, inputs);
  }

  /** Counts a unit of work; true every 32nd, when the driver's `pause` is worth asking. */
  tick(): boolean {
    return (++this.units & 31) === 0;
  }

  /**
   * Looks at every lead due at or before `at`, in time order; false if it stopped first
   * (`pause` said so, or the budget ran out), with the rest still queued.
   */
  wakeUntil(at: number, pause: () => boolean): boolean {
    for (let next = this.queue.peek(); next !== undefined && next.at <= at; next = this.queue.peek()) {
      if (this.exceeded || (this.tick() && pause())) return false;
      this.queue.pop();
      const state = this.states[next.leadIndex]!;
      if (state.dueAt !== next.at) continue; // the lead's next wake-up has moved since
      state.dueAt = null;
      this.drive(next.leadIndex, next.at, NONE, NONE);
    }
    return this.exceeded === null;
  }

  play(item: TimelineItem): void {
    const index = this.indexOf(item.leadId);
    if (item.kind === 'answer') {
      // As the engine, which takes an answer only for the handoff the lead is at.
      const run = this.states[index]!.run;
      if (run?.state.status !== 'active' || run.state.nodeId !== item.nodeId) return;
      const input: LeadInput = { kind: 'answer', runId: run.id, nodeId: item.nodeId, answer: item.answer };
      if (item.returnAt !== undefined) input.returnAt = item.returnAt;
      this.drive(index, item.at, NONE, [input]);
      return;
    }
    const event: LeadEvent = { id: item.id ?? '', type: item.type, at: item.at, props: item.props ?? {} };
    this.drive(index, item.at, [event], NONE);
  }

  private drive(index: number, now: number, events: readonly LeadEvent[], inputs: readonly LeadInput[]): void {
    const state = this.states[index]!;
    const runs = state.run?.state.status === 'active' ? [state.run] : NONE;
    const driven = driveLead(
      { now, lead: state.lead, history: state.history, runs, lastEndedAt: state.lastEndedAt, recentSends: state.recentSends, events, inputs, ...(this.scoring ? { scoring: { model: this.scoring, state: state.score } } : {}) },
      this.catalog,
      this.newRunId,
    );
    state.lead = driven.lead;
    if (driven.scoring) state.score = driven.scoring.state;
    state.lastEndedAt = driven.lastEndedAt;
    // Runs come in the order they were entered: the last is the lead's latest.
    if (driven.runs.length > 0) state.run = driven.runs[driven.runs.length - 1]!;
    this.record(state, driven, index);
    this.spend(state, now);
    const next = driven.nextWakeAt;
    if (next === state.dueAt) return;
    state.dueAt = next;
    if (next !== null) this.queue.push(next, index);
  }

  /** Counts the steps one look at a lead took against the budget; past it, the simulation stops. */
  private spend(state: LeadState, now: number): void {
    const steps = state.path.length - state.steps;
    if (steps === 0 || this.exceeded) return;
    state.steps += steps;
    this.totalSteps += steps;
    if (state.steps > SIMULATION_BUDGET.stepsPerLead) {
      this.exceeded = tooManyStepsForLead(state.lead.id, iso(now), state.run?.state.nodeId ?? '');
    } else if (this.totalSteps > SIMULATION_BUDGET.steps) {
      this.exceeded = tooManySteps(iso(now));
    }
  }

  /** The driver's moves as the API's path steps and sends. */
  private record(state: LeadState, driven: LeadDriven, leadIndex: number): void {
    for (const move of driven.moves) {
      for (const effect of move.effects) {
        if (effect.type === 'ended') {
          if (effect.outcome === 'goal') this.goalAt.set(move.run.id, effect.at);
        } else if (effect.type === 'step') {
          state.path.push(effect.touch === undefined ? { nodeId: effect.nodeId, at: iso(effect.at) } : { nodeId: effect.nodeId, at: iso(effect.at), touch: effect.touch });
        } else if (effect.type === 'left') {
          this.splitEntries.get(effect.nodeId)?.push({ leadIndex, runId: move.run.id, handle: effect.handle, at: effect.at });
          for (let i = state.path.length - 1; i >= 0; i--) {
            const step = state.path[i]!;
            // A cadence's touches are steps of their own; the handle is its entry step's.
            if (step.nodeId === effect.nodeId && step.handle === undefined && step.touch === undefined) {
              step.handle = effect.handle;
              break;
            }
          }
        } else if (effect.type === 'send') {
          const { nodeId, channel, template, status } = effect;
          const send: SendRecord = { nodeId, channel, template, at: iso(effect.at), status };
          if (effect.touch !== undefined) send.touch = effect.touch;
          state.sends.push(send);
        }
      }
    }
  }

  result(): SimulationResult {
    return {
      ...(this.splitEntries.size > 0 ? { experiments: this.decisions } : {}),
      leads: this.states.map((state) => {
        const run = state.run?.state;
        return {
          id: state.lead.id,
          outcome: run?.status === 'done' ? run.outcome : null,
          ...(run?.status === 'done' && run.reason !== undefined ? { reason: run.reason } : {}),
          path: state.path,
          sends: state.sends,
        };
      }),
    };
  }

  final(): Lead[] {
    return this.states.map((state) => state.lead);
  }
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
