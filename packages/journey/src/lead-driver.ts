import { advance, type AdvanceContext, type AdvanceInput, type Effect, type RunState } from './advance.js';
import type { CompiledJourney } from './compile.js';
import { entryConditionHolds, entryFires, mayEnter, reentryOpensAt } from './entry.js';
import type { HandoffAnswer } from './handles.js';
import { enterHeldOut, isHeldOut, stepHeldOut } from './holdout.js';
import { applyEventToLead } from './lead-events.js';
import { compareTurns, inPriorityOrder, priorityOf } from './priority.js';
import type { HistoryEvent, Lead } from './lead.js';
import type { Channel } from './schema.js';
import type { ScoringModel } from './scoring-model.js';
import { emptyScoreState, nextDecayAt, rescoreLead, scoreLead, type ScoreChange, type ScoreState } from './scoring.js';
import { MAX_STEPS_AT_ONE_INSTANT } from './step-budget.js';
import { leadZone } from './time.js';

/**
 * Everything that happens to one lead at one instant, written once for the simulator and the
 * durable engine: the simulator calls it from a priority queue of wake-ups, the engine from a
 * transaction per batch of leads. Pure but for appending to the lead's logs it is given
 * (`history`, `recentSends`): it reads its arguments and returns what changed.
 *
 * What it decides, so that no caller does:
 * - Order of play. Runs from archived journeys are removed; then each input in turn: first the
 *   wake-ups already due, then the new events in arrival order, then sales answers, removals and
 *   segment entries. After each input its consequences are played before the next one: events
 *   the lead's own steps made (an update's `score_changed`, fed back to every run and trigger,
 *   the one that made it included), wake-ups due by now (a zero-length wait), and segment
 *   journeys whose re-entry pause has ended. So playing inputs in one call or one by one at the
 *   same instant comes to the same.
 * - Whose turn it is when one input moves the lead in several journeys (priority.ts): higher
 *   `settings.priority` first, then journey id, a lead's run before its journey is entered
 *   again. So the first of several sends due together is the higher priority's, and a cap
 *   that allows one caps the others.
 * - Entry and re-entry (`entryFires`, `mayEnter`, `reentryOpensAt`), the split key (the
 *   journey's id, `LiveJourney.journeyId`), frequency caps (across journeys, this call's sends
 *   counted), paused journeys holding sends, and `advance` for every step: goals, exit
 *   criteria, consent, scores and the step budget.
 * - When the lead next needs looking at (`nextWakeAt`).
 */

/** A published journey version a lead may be in or enter. */
export interface LiveJourney {
  /** The journey's id: it keys splits (a lead lands in the same variant in simulation and live) and re-entry. */
  journeyId: string;
  version: number;
  status: 'active' | 'paused' | 'archived';
  compiled: CompiledJourney;
  /** Split node id → the variant its experiment decided (experiment.ts); new leads all take it. */
  splitWinners?: ReadonlyMap<string, string>;
}

export interface JourneyCatalog {
  /** Journeys a lead may enter now: published and active. */
  entryJourneys: readonly LiveJourney[];
  /** Any published version a run may be on (runs stay on the version they entered). */
  version(journeyId: string, version: number): LiveJourney | undefined;
}

/** A lead's run in one journey version. */
export interface LeadRun {
  id: string;
  journeyId: string;
  version: number;
  state: RunState;
  /** Path steps recorded so far; the next step's seq. */
  stepCount: number;
}

/** A lead event the driver has not played yet (`at` in epoch ms). */
export interface LeadEvent {
  id: string;
  type: string;
  at: number;
  props: Record<string, unknown>;
}

export type LeadInput =
  /** Sales answered the open handoff of `runId` (at `nodeId`, when given: an answer for another node is ignored). */
  | { kind: 'answer'; runId: string; nodeId?: string; answer: HandoffAnswer; returnAt?: number }
  | { kind: 'remove'; runId: string }
  /** A segment journey was published: the lead enters if it meets the segment now. */
  | { kind: 'segment'; journeyId: string }
  /** The scoring model changed: score the lead again from its whole history (`rescoreLead`). */
  | { kind: 'rescore' };

/** A send with status `sent`, for frequency caps. */
export interface SentMark {
  channel: Channel;
  at: number;
}

/** The lead at one instant: what it is, what it has done, and what just happened to it. */
export interface LeadInstant {
  now: number;
  lead: Lead;
  /**
   * Its processed events, oldest first (as far back as the journeys look). The events played
   * here are appended to this very array, the one thing the driver changes in place: a copy per
   * call made the simulator quadratic in a lead's events (a loop every second for a week).
   */
  history: HistoryEvent[];
  /** Its active runs (done ones are left as they are). */
  runs: readonly LeadRun[];
  /** Per journey id, when its latest run there ended. */
  lastEndedAt: ReadonlyMap<string, number>;
  /** Its sends with status `sent`, across journeys, oldest first (as far back as the caps look); appended to in place, like `history`. */
  recentSends: SentMark[];
  /** New events, in arrival order. */
  events: readonly LeadEvent[];
  /** Sales answers, removals and segment entries, in order. */
  inputs: readonly LeadInput[];
  /** The scoring model and the lead's scoring state; without it nothing is scored (a journey's own score changes still apply). */
  scoring?: { model: ScoringModel; state: ScoreState | null };
}

/** What scoring did to the lead at this instant. */
export interface LeadScoring {
  state: ScoreState;
  /** Each change of score, in order: the model's rules, decay, a journey's update, a score set by a lead update. */
  changes: ScoreChange[];
  /** A re-score: `changes` replace the lead's earlier explanation instead of adding to it. */
  replaced: boolean;
}

/** One `advance` of one run: the effects it returned, with the run's state on either side. */
export interface RunMove {
  run: LeadRun;
  /** The state before; null when the run started in this move. */
  before: RunState | null;
  after: RunState;
  /** The run's `stepCount` before this move: the seq of its first new path step. */
  firstSeq: number;
  effects: readonly Effect[];
}

export interface LeadDriven {
  lead: Lead;
  leadChanged: boolean;
  /** Per journey id, when its latest run there ended: the input's map, or a new one when a run ended here. */
  lastEndedAt: ReadonlyMap<string, number>;
  /** Runs started or changed, in their final state, in the order they first changed (a run started here comes after any it follows). */
  runs: LeadRun[];
  newRunIds: ReadonlySet<string>;
  /** Every `advance` that changed something, in the order played. */
  moves: RunMove[];
  /** Events the lead's own steps made (`score_changed`), already played. */
  emittedEvents: LeadEvent[];
  /** Ids of the input events, played. */
  processedEventIds: string[];
  /** The earliest instant the lead needs looking at again (a run's wake-up, a re-entry pause ending, a decay), or null. */
  nextWakeAt: number | null;
  /** Null when the instant carried no scoring model, or scoring changed nothing. */
  scoring: LeadScoring | null;
}

export function driveLead(instant: LeadInstant, catalog: JourneyCatalog, newRunId: () => string): LeadDriven {
  return new LeadDriver(instant, catalog, newRunId).drive();
}

const NO_IDS: ReadonlySet<string> = new Set();
const WAKE: AdvanceInput = { kind: 'wake' };
const REMOVE: AdvanceInput = { kind: 'remove' };
const START: AdvanceInput = { kind: 'start' };

interface QueuedEvent {
  event: LeadEvent;
  /** Events from outside change the lead and are recorded as processed; the lead's own are already applied. */
  external: boolean;
  /** For the lead's own events: the lead before the change, for condition triggers. */
  leadBefore?: Lead;
  /** For the lead's own events: the steps at this instant of the change that made it (the step budget). */
  chainSteps?: number;
}

class LeadDriver {
  private readonly now: number;
  private lead: Lead;
  private leadChanged = false;
  private readonly history: HistoryEvent[];
  private lastEndedAt: Map<string, number> | ReadonlyMap<string, number>;
  private lastEndedOwned = false;
  private readonly recentSends: SentMark[];
  /** The lead's runs: the caller's objects until one changes, then this driver's copy of it. */
  private readonly runs: LeadRun[];
  /** The copies: runs started or changed here. */
  private readonly changed: LeadRun[] = [];
  private readonly moves: RunMove[] = [];
  private readonly sentCount: AdvanceContext['sentCount'];
  /** The catalog's entry journeys in their turn (priority, then id). */
  private readonly entryJourneys: readonly LiveJourney[];
  // Made on first use (most calls have none): the simulator calls this hundreds of thousands
  // of times a run, and what it allocates there is what its garbage collector spends on.
  private newRunIds: Set<string> | null = null;
  private emitted: QueuedEvent[] | null = null;
  private emittedEvents: LeadEvent[] | null = null;
  private processedEventIds: string[] | null = null;
  /**
   * Steps taken since the input being played began, by every run it set moving: what the events
   * and entries it sets off count on from. One chain of cause can fan out (a segment journey
   * that takes the lead out of its segment and back makes two score changes per run, and each
   * enters it again), and counting each branch on its own would let the tree double for a
   * thousand levels before any branch met the step budget.
   */
  private inputSteps = 0;
  private scoreState: ScoreState;
  private scoring: LeadScoring | null = null;

  constructor(
    private readonly instant: LeadInstant,
    private readonly catalog: JourneyCatalog,
    private readonly newRunId: () => string,
  ) {
    this.now = instant.now;
    this.lead = instant.lead;
    this.history = instant.history;
    this.lastEndedAt = instant.lastEndedAt;
    this.recentSends = instant.recentSends;
    this.runs = instant.runs.slice();
    this.sentCount = sentCounter(instant.recentSends);
    this.entryJourneys = inPriorityOrder(catalog.entryJourneys);
    this.scoreState = instant.scoring?.state ?? emptyScoreState();
  }

  drive(): LeadDriven {
    for (const run of this.runs) {
      if (run.state.status === 'active' && this.catalog.version(run.journeyId, run.version)?.status === 'archived') {
        this.step(run, REMOVE);
      }
    }
    this.inputSteps = 0;
    this.score(); // decay that fell due since the lead was last looked at
    this.settle();
    for (const event of this.instant.events) {
      this.inputSteps = 0;
      this.playEvent({ event, external: true });
      this.settle();
    }
    for (const input of this.instant.inputs) {
      this.inputSteps = 0;
      this.playInput(input);
      this.settle();
    }
    return {
      lead: this.lead,
      leadChanged: this.leadChanged,
      lastEndedAt: this.lastEndedAt,
      runs: this.changed,
      newRunIds: this.newRunIds ?? NO_IDS,
      moves: this.moves,
      emittedEvents: this.emittedEvents ?? [],
      processedEventIds: this.processedEventIds ?? [],
      nextWakeAt: this.nextWakeAt(),
      scoring: this.scoring,
    };
  }

  /**
   * Plays what an input set off at this instant until nothing more is due. Each round moves a
   * run on, and the step budget in `advance` stops a lead going round without pausing, so this
   * ends; the bound on rounds is a second guard.
   */
  private settle(): void {
    for (let round = 0; round < MAX_STEPS_AT_ONE_INSTANT; round++) {
      let moved = false;
      for (let queued = this.emitted?.shift(); queued !== undefined; queued = this.emitted?.shift()) {
        this.playEvent(queued);
        moved = true;
      }
      if (this.playDueWakeUps()) moved = true;
      if (this.reenterSegments()) moved = true;
      // Fit is tested again once the lead has settled: a journey's update may have changed it.
      if (!moved && !this.score()) return;
    }
  }

  /** Plays the wake-ups that are due, earliest first; false when none was. */
  private playDueWakeUps(): boolean {
    let due: LeadRun[] | null = null;
    for (const run of this.runs) {
      const { status, wakeAt } = run.state;
      if (status === 'active' && wakeAt !== null && wakeAt <= this.now) (due ??= []).push(run);
    }
    if (due === null) return false;
    // Wake-ups due at one instant go by their journeys' turn (quiet hours ending release many at once).
    if (due.length > 1) due.sort((a, b) => a.state.wakeAt! - b.state.wakeAt! || this.compareRuns(a, b));
    for (const run of due) this.step(run, WAKE);
    return true;
  }

  private playEvent({ event, external, leadBefore, chainSteps: madeAt }: QueuedEvent): void {
    // The lead's own event counts on from every step its input has set off by now, not only its own branch's.
    const chainSteps = madeAt === undefined ? undefined : Math.max(madeAt, this.inputSteps);
    const historyEvent: HistoryEvent = event;
    const entryJourneys = this.entryJourneys;
    const before = leadBefore ?? this.lead;
    // Loops rather than callbacks: under tsx every closure made here costs a defineProperty.
    const heldBefore: boolean[] = [];
    for (const journey of entryJourneys) heldBefore.push(entryConditionHolds(journey.compiled, before, this.history, this.now));
    if (external) {
      const changed = applyEventToLead(this.lead, event);
      if (changed !== this.lead) {
        if (changed.score !== this.lead.score) {
          this.recordScoreChange({ at: event.at, points: changed.score - this.lead.score, ruleId: null, reason: `score set to ${changed.score}`, eventId: event.id, eventType: event.type });
        }
        this.lead = changed;
        this.leadChanged = true;
      }
      (this.processedEventIds ??= []).push(event.id);
    }
    this.history.push(historyEvent);

    const input: AdvanceInput = { kind: 'event', event: historyEvent };
    // Runs and entries take their turn together (priority, then id): an entry of a higher
    // priority goes before a lower one's run, and a journey's own run before it is entered again.
    // By index: a step replaces the run it changes with a copy; runs entered here are not in the order.
    let next = 0;
    for (const i of this.activeRunsInTurn()) {
      const run = this.runs[i]!;
      const priority = this.priority(run.journeyId, run.version);
      for (; next < entryJourneys.length && compareTurns(turnOf(entryJourneys[next]!), { priority, journeyId: run.journeyId }) < 0; next++) {
        this.enterOnEvent(entryJourneys[next]!, historyEvent, heldBefore[next]!, chainSteps);
      }
      if (run.state.status === 'active') this.step(run, input, chainSteps);
    }
    for (; next < entryJourneys.length; next++) this.enterOnEvent(entryJourneys[next]!, historyEvent, heldBefore[next]!, chainSteps);
    if (external) this.score(event);
  }

  private enterOnEvent(journey: LiveJourney, event: HistoryEvent, heldBefore: boolean, chainSteps: number | undefined): void {
    if (entryFires(journey.compiled, event, heldBefore, this.lead, this.history, this.now)) this.enter(journey, chainSteps);
  }

  /** Indexes of the active runs in their journeys' turn (a stable sort: one journey's runs keep their order). */
  private activeRunsInTurn(): number[] {
    const order: number[] = [];
    for (let i = 0; i < this.runs.length; i++) if (this.runs[i]!.state.status === 'active') order.push(i);
    if (order.length > 1) order.sort((a, b) => this.compareRuns(this.runs[a]!, this.runs[b]!));
    return order;
  }

  private compareRuns(a: LeadRun, b: LeadRun): number {
    return compareTurns({ priority: this.priority(a.journeyId, a.version), journeyId: a.journeyId }, { priority: this.priority(b.journeyId, b.version), journeyId: b.journeyId });
  }

  /**
   * A run's priority is its journey's, as published now (a marketer who raises it expects every
   * lead in the journey to go first); a journey no longer taking entries keeps its run's version's.
   */
  private priority(journeyId: string, version: number): number {
    for (const journey of this.entryJourneys) if (journey.journeyId === journeyId) return priorityOf(journey.compiled);
    const live = this.catalog.version(journeyId, version);
    return live ? priorityOf(live.compiled) : 0;
  }

  /**
   * Applies the scoring model (`scoreLead`): decay due by now, `event`'s behaviour rules, fit,
   * thresholds. A change of score is a `score_changed` event fed back like an update's, so
   * score-crossing triggers and waits see it. True when the score changed.
   */
  private score(event?: LeadEvent): boolean {
    const scoring = this.instant.scoring;
    if (!scoring) return false;
    const before = this.lead;
    const scored = scoreLead(scoring.model, this.scoreState, before, { now: this.now, history: this.history, zone: leadZone(before.timezone, undefined) }, event);
    if (event === undefined && scored.changes.length === 0 && scored.lead === before) return false;
    this.scoreState = scored.state;
    const record = this.touchScoring();
    record.state = scored.state;
    record.changes.push(...scored.changes);
    return this.leadScored(before, scored.lead, event?.id ?? 'look', scored.changes.map((c) => c.ruleId ?? 'decay'));
  }

  /** The lead after scoring: changed, and its `score_changed` queued when the score moved. */
  private leadScored(before: Lead, after: Lead, cause: string, ruleIds: string[]): boolean {
    if (after === before) return false;
    this.lead = after;
    this.leadChanged = true;
    if (after.score === before.score) return false;
    const event: LeadEvent = {
      id: `score_changed.scoring.${cause}.${this.now}.${this.scoring!.changes.length}`,
      type: 'score_changed',
      at: this.now,
      // `scoring: true` marks the model's own change: a re-score makes it again rather than reading it.
      props: { from: before.score, to: after.score, scoring: true, ruleIds },
    };
    (this.emittedEvents ??= []).push(event);
    (this.emitted ??= []).push({ event, external: false, leadBefore: before });
    return true;
  }

  private touchScoring(): LeadScoring {
    return (this.scoring ??= { state: this.scoreState, changes: [], replaced: false });
  }

  /** A score change made elsewhere (a journey's update, a lead update setting it), kept in the explanation. */
  private recordScoreChange(change: ScoreChange): void {
    if (!this.instant.scoring) return;
    if (change.eventId === undefined || change.eventId === '') delete change.eventId;
    this.touchScoring().changes.push(change);
  }

  /** The model changed: the lead's score is worked out again from its whole history. */
  private rescore(): void {
    const scoring = this.instant.scoring;
    if (!scoring) return;
    const before = this.lead;
    const rescored = rescoreLead(scoring.model, before, this.history, this.now, leadZone(before.timezone, undefined));
    this.scoreState = rescored.state;
    this.scoring = { state: rescored.state, changes: rescored.changes, replaced: true };
    const after = rescored.score === before.score && rescored.stage === before.stage ? before : { ...before, score: rescored.score, stage: rescored.stage };
    this.leadScored(before, after, 'rescore', ['rescore']);
  }

  private playInput(input: LeadInput): void {
    if (input.kind === 'rescore') {
      this.rescore();
      return;
    }
    if (input.kind === 'segment') {
      const journey = this.catalog.entryJourneys.find((j) => j.journeyId === input.journeyId);
      if (journey && entryConditionHolds(journey.compiled, this.lead, this.history, this.now)) this.enter(journey);
      return;
    }
    const run = this.runs.find((r) => r.id === input.runId);
    if (!run || run.state.status !== 'active') return;
    if (input.kind === 'remove') {
      this.step(run, REMOVE);
      return;
    }
    if (input.nodeId !== undefined && run.state.nodeId !== input.nodeId) return;
    const answer: AdvanceInput = { kind: 'answer', answer: input.answer };
    if (input.returnAt !== undefined) answer.returnAt = input.returnAt;
    this.step(run, answer);
  }

  /** Segment journeys whose re-entry pause has ended take the lead back if it meets the segment; true when one did. */
  private reenterSegments(): boolean {
    if (this.lastEndedAt.size === 0) return false;
    let entered = false;
    for (const journey of this.entryJourneys) {
      const opensAt = this.reentryOpensAt(journey);
      if (opensAt === null || opensAt > this.now) continue;
      if (entryConditionHolds(journey.compiled, this.lead, this.history, this.now) && this.enter(journey, this.inputSteps)) entered = true;
    }
    return entered;
  }

  /** When the lead may re-enter a segment journey it has left, or null (none, or still inside). */
  private reentryOpensAt(journey: LiveJourney): number | null {
    const lastEndedAt = this.lastEndedAt.get(journey.journeyId);
    if (lastEndedAt === undefined || this.isInside(journey.journeyId)) return null;
    return reentryOpensAt(journey.compiled, this.lead, lastEndedAt);
  }

  private isInside(journeyId: string): boolean {
    return this.runs.some((r) => r.journeyId === journeyId && r.state.status === 'active');
  }

  /** Starts a run if re-entry allows it; true when it did. */
  private enter(journey: LiveJourney, chainSteps?: number): boolean {
    // The chain has spent the instant's budget (its last run was stopped for it): no new run at this instant.
    if (chainSteps !== undefined && chainSteps >= MAX_STEPS_AT_ONE_INSTANT) return false;
    const past = { active: this.isInside(journey.journeyId), lastEndedAt: this.lastEndedAt.get(journey.journeyId) ?? null };
    if (!mayEnter(journey.compiled, this.lead, past, this.now)) return false;
    const now = this.now;
    if (isHeldOut(journey.compiled, journey.journeyId, this.lead.id)) {
      this.enterHeldOut(journey);
      return true;
    }
    const run: LeadRun = {
      id: this.newRunId(),
      journeyId: journey.journeyId,
      version: journey.version,
      stepCount: 0,
      state: { status: 'active', nodeId: journey.compiled.trigger.id, startedAt: now, nodeEnteredAt: now, wakeAt: null, outcome: null, endedAt: null },
    };
    this.runs.push(run);
    this.changed.push(run);
    (this.newRunIds ??= new Set()).add(run.id);
    this.step(run, START, chainSteps);
    return true;
  }

  /** A lead in the holdout group: a run that takes no step (holdout.ts). */
  private enterHeldOut(journey: LiveJourney): void {
    const { run: state, effects } = enterHeldOut(journey.compiled, { now: this.now, lead: this.lead, history: this.history });
    const run: LeadRun = { id: this.newRunId(), journeyId: journey.journeyId, version: journey.version, stepCount: 0, state };
    this.runs.push(run);
    this.changed.push(run);
    (this.newRunIds ??= new Set()).add(run.id);
    this.moves.push({ run, before: null, after: state, firstSeq: 0, effects });
    if (state.status === 'done') this.recordEnded(run.journeyId, state.endedAt ?? this.now);
  }

  /** A held-out run's input: the goal within the window, the window's end, or a removal. */
  private stepHeldOut(given: LeadRun, journey: LiveJourney, input: AdvanceInput): void {
    const kind = input.kind === 'remove' ? 'remove' : input.kind === 'wake' ? 'wake' : input.kind === 'event' ? 'event' : null;
    if (kind === null) return;
    const moved = stepHeldOut(journey.compiled, given.state, kind, { now: this.now, lead: this.lead, history: this.history });
    if (moved === null) return;
    let run = given;
    if (!this.changed.includes(run)) {
      run = { id: run.id, journeyId: run.journeyId, version: run.version, state: run.state, stepCount: run.stepCount };
      this.runs[this.runs.indexOf(given)] = run;
      this.changed.push(run);
    }
    const before = run.state;
    run.state = moved.run;
    this.moves.push({ run, before, after: moved.run, firstSeq: run.stepCount, effects: moved.effects });
    if (moved.run.status === 'done') this.recordEnded(run.journeyId, moved.run.endedAt ?? this.now);
  }

  /**
   * The one call site of `advance`. `chainSteps`: for an input the lead's own events made, the
   * steps at this instant they count on from.
   */
  private step(given: LeadRun, input: AdvanceInput, chainSteps?: number): void {
    let run = given;
    const journey = this.catalog.version(run.journeyId, run.version);
    if (!journey) return; // a version the catalog no longer has cannot move; it stays as it is
    if (run.state.heldOut) {
      this.stepHeldOut(run, journey, input);
      return;
    }
    const isNew = input.kind === 'start';
    const before = run.state;
    const ctx = new StepContext(this.now, this.lead, this.history, run.journeyId, this.sentCount, journey.status === 'paused', chainSteps, journey.splitWinners);
    const { run: after, lead, effects, instantSteps } = advance(journey.compiled, isNew ? null : before, input, ctx);
    if (effects.length === 0 && after.nodeId === before.nodeId && after.wakeAt === before.wakeAt) return;
    if (!this.changed.includes(run)) {
      run = { id: run.id, journeyId: run.journeyId, version: run.version, state: run.state, stepCount: run.stepCount };
      this.runs[this.runs.indexOf(given)] = run;
      this.changed.push(run);
    }
    const firstSeq = run.stepCount;
    run.state = after;
    for (const effect of effects) {
      if (effect.type === 'step') {
        run.stepCount++;
        // A cadence's touch is a path step but enters no node: the step budget counts nodes entered.
        if (effect.touch === undefined) this.inputSteps++;
      } else if (effect.type === 'send' && effect.status === 'sent') this.recentSends.push({ channel: effect.channel, at: effect.at });
      else if (effect.type === 'lead_changed' && effect.score && effect.score.from !== effect.score.to) {
        this.recordScoreChange({ at: effect.at, points: effect.score.to - effect.score.from, ruleId: null, reason: `journey ${run.journeyId}, step ${effect.nodeId}` });
        // Other runs (and this one) see the change as an event: condition triggers, event waits.
        // It carries the count of steps that made it, so runs that answer each other's score
        // changes (or re-enter on them) are stopped by the step budget instead of spinning here.
        const event: LeadEvent = {
          id: `score_changed.${run.id}.${run.stepCount - 1}`,
          type: 'score_changed',
          at: effect.at,
          props: { from: effect.score.from, to: effect.score.to, journeyId: run.journeyId, nodeId: effect.nodeId },
        };
        (this.emittedEvents ??= []).push(event);
        (this.emitted ??= []).push({ event, external: false, leadBefore: this.lead, chainSteps: Math.max(instantSteps, this.inputSteps) });
      }
    }
    this.moves.push({ run, before: isNew ? null : before, after, firstSeq, effects });
    if (lead !== this.lead) {
      this.lead = lead;
      this.leadChanged = true;
    }
    if (after.status === 'done') this.recordEnded(run.journeyId, after.endedAt ?? this.now);
  }

  private nextWakeAt(): number | null {
    let next: number | null = null;
    for (const run of this.runs) {
      const { status, wakeAt } = run.state;
      if (status === 'active' && wakeAt !== null && (next === null || wakeAt < next)) next = wakeAt;
    }
    const scoring = this.instant.scoring;
    if (scoring) {
      const decayAt = nextDecayAt(scoring.model, this.scoreState, this.lead.score, leadZone(this.lead.timezone, undefined));
      if (decayAt !== null && (next === null || decayAt < next)) next = decayAt;
    }
    // A segment lead whose re-entry pause is still running is looked at again when it ends.
    if (this.lastEndedAt.size === 0) return next;
    for (const journey of this.catalog.entryJourneys) {
      const opensAt = this.reentryOpensAt(journey);
      if (opensAt !== null && opensAt > this.now && (next === null || opensAt < next)) next = opensAt;
    }
    return next;
  }

  /** The map is copied on first write: most calls end no run. */
  private recordEnded(journeyId: string, at: number): void {
    if (!this.lastEndedOwned) {
      this.lastEndedAt = new Map(this.lastEndedAt);
      this.lastEndedOwned = true;
    }
    (this.lastEndedAt as Map<string, number>).set(journeyId, at);
  }
}

function turnOf(journey: LiveJourney): { priority: number; journeyId: string } {
  return { priority: priorityOf(journey.compiled), journeyId: journey.journeyId };
}

/** What `advance` is given: one shape for every step (a literal with optional fields would make several). */
class StepContext implements AdvanceContext {
  constructor(
    readonly now: number,
    readonly lead: Lead,
    readonly history: readonly HistoryEvent[],
    readonly journeyKey: string,
    readonly sentCount: AdvanceContext['sentCount'],
    readonly sendsHeld: boolean,
    readonly chainSteps: number | undefined,
    readonly splitWinners: ReadonlyMap<string, string> | undefined,
  ) {}
}

/** Counts sends with status `sent` on `channel` since `sinceMs`: one function per driver call, not per step. */
function sentCounter(sends: readonly SentMark[]): AdvanceContext['sentCount'] {
  return function sentCount(channel, sinceMs) {
    let n = 0;
    for (let i = sends.length - 1; i >= 0 && sends[i]!.at >= sinceMs; i--) if (sends[i]!.channel === channel) n++;
    return n;
  };
}
