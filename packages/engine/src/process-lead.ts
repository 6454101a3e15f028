import {
  advance,
  applyEventToLead,
  entryConditionHolds,
  entryFires,
  MAX_STEPS_AT_ONE_INSTANT,
  mayEnter,
  reentryOpensAt,
  type AdvanceInput,
  type Channel,
  type CompiledJourney,
  type Effect,
  type HandoffAnswer,
  type HistoryEvent,
  type Lead,
  type RunState,
  type Sender,
} from '@trellis/journey';

/**
 * Everything the engine does for one lead in one transaction, as a pure function: the worker
 * loads a lead's work, calls `processLead`, and writes the result back. The rules themselves are
 * `advance` from the journey package, the same the simulator runs.
 *
 * Order of play, as in the simulator: runs whose wake-up is due go first, then the lead's new
 * events in arrival order, then explicit inputs (a sales answer, an operator's removal).
 */

export interface JourneyVersionRef {
  journeyId: string;
  version: number;
}

/** A published journey version the engine runs. */
export interface LiveJourney extends JourneyVersionRef {
  status: 'active' | 'paused' | 'archived';
  compiled: CompiledJourney;
}

export interface StoredRun extends JourneyVersionRef {
  id: string;
  state: RunState;
  /** Path steps recorded so far; the next step's seq. */
  stepCount: number;
}

export interface PendingEvent {
  id: string;
  type: string;
  at: number;
  props: Record<string, unknown>;
}

export type LeadInput =
  | { kind: 'answer'; runId: string; answer: HandoffAnswer; returnAt?: number }
  | { kind: 'remove'; runId: string }
  /** A segment journey was published: the lead enters if it meets the segment now. */
  | { kind: 'segment'; journeyId: string };

export interface LeadWork {
  lead: Lead;
  /** New events, in arrival order. */
  pendingEvents: PendingEvent[];
  /** The lead's active runs. */
  runs: StoredRun[];
  /** Per journey id, when the lead's latest finished run ended (for re-entry). */
  lastEndedAt: Map<string, number>;
  /** The lead's processed events, oldest first. */
  history: HistoryEvent[];
  /** The lead's recent sends with status `sent`, across all journeys, oldest first. */
  recentSends: { channel: Channel; at: number }[];
  inputs: LeadInput[];
}

export interface JourneyCatalog {
  /** Journeys a lead may enter now: published and active. */
  entryJourneys: readonly LiveJourney[];
  /** Any published version a run may be on (runs stay on the version they entered). */
  version(journeyId: string, version: number): LiveJourney | undefined;
}

export interface StepRow {
  runId: string;
  seq: number;
  nodeId: string;
  at: number;
  handle: string | null;
}

export interface SendRow {
  id: string;
  runId: string;
  journeyId: string;
  version: number;
  nodeId: string;
  channel: Channel;
  template: string;
  sender: Sender | null;
  status: 'sent' | 'suppressed' | 'capped';
  at: number;
}

export interface HandoffRow {
  id: string;
  runId: string;
  journeyId: string;
  nodeId: string;
  queue: string;
  assign: 'round_robin' | 'owner';
  dueAt: number;
  at: number;
}

export interface HandoffClosure {
  runId: string;
  nodeId: string;
  status: string;
  at: number;
}

export interface LeadResult {
  lead: Lead;
  leadChanged: boolean;
  /** Runs created or changed (done ones included). */
  runs: StoredRun[];
  newRunIds: Set<string>;
  steps: StepRow[];
  /** Steps stored in an earlier transaction (the lead rested there) that the lead has now left, with that handle. */
  leftSteps: StepRow[];
  sends: SendRow[];
  handoffsOpened: HandoffRow[];
  handoffsClosed: HandoffClosure[];
  /** Events the engine emits itself (`score_changed`), already applied. */
  emittedEvents: (PendingEvent & { leadId: string })[];
  processedEventIds: string[];
  /** Per journey id and node id: change in `current`, and `entered` added. */
  nodeStats: Map<string, Map<string, { current: number; entered: number }>>;
  outcomes: Map<string, Map<string, number>>;
  /** The earliest wake-up among the lead's active runs, or null. */
  nextWakeAt: number | null;
}

interface QueuedEvent {
  event: PendingEvent;
  /** For the engine's own `score_changed`: the lead before the change, for condition triggers. */
  leadBefore?: Lead;
  external: boolean;
  /** For the engine's own events: the steps at this instant of the change that made it (the step budget). */
  chainSteps?: number;
}

export function processLead(
  work: LeadWork,
  catalog: JourneyCatalog,
  now: number,
  newId: () => string,
): LeadResult {
  return new LeadProcessor(work, catalog, now, newId).run();
}

class LeadProcessor {
  private lead: Lead;
  private leadChanged = false;
  private readonly runs = new Map<string, StoredRun>();
  private readonly result: LeadResult;
  private readonly history: HistoryEvent[];
  private readonly sentLog: { channel: Channel; at: number }[];
  private readonly queue: QueuedEvent[];
  private readonly changedRuns = new Set<string>();

  constructor(
    private readonly work: LeadWork,
    private readonly catalog: JourneyCatalog,
    private readonly now: number,
    private readonly newId: () => string,
  ) {
    this.lead = work.lead;
    this.history = [...work.history];
    this.sentLog = [...work.recentSends];
    for (const run of work.runs) this.runs.set(run.id, { ...run, state: { ...run.state } });
    this.queue = work.pendingEvents.map((event) => ({ event, external: true }));
    this.result = {
      lead: work.lead,
      leadChanged: false,
      runs: [],
      newRunIds: new Set(),
      steps: [],
      leftSteps: [],
      sends: [],
      handoffsOpened: [],
      handoffsClosed: [],
      emittedEvents: [],
      processedEventIds: [],
      nodeStats: new Map(),
      outcomes: new Map(),
      nextWakeAt: null,
    };
  }

  run(): LeadResult {
    this.removeFromArchivedJourneys();
    this.playDueWakeUps();
    for (let queued = this.queue.shift(); queued !== undefined; queued = this.queue.shift()) {
      this.playEvent(queued);
    }
    for (const input of this.work.inputs) this.playInput(input);
    this.reenterSegments();
    // A run may rest with a wake-up already due (a zero-length wait or SLA): play it now, as the
    // simulator does, and again while one is due. Each round moves a run on, and the step budget
    // in `advance` stops a run that goes round without pausing, so this ends in this transaction.
    for (let round = 0; round < MAX_STEPS_AT_ONE_INSTANT && this.playDueWakeUps(); round++);

    for (const run of this.runs.values()) {
      if (run.state.status === 'active' && run.state.wakeAt !== null) {
        this.result.nextWakeAt = Math.min(this.result.nextWakeAt ?? Infinity, run.state.wakeAt);
      }
    }
    // A segment lead whose re-entry pause is still running is looked at again when it ends.
    for (const journey of this.catalog.entryJourneys) {
      const opensAt = this.reentryOpensAt(journey);
      if (opensAt !== null && opensAt > this.now) this.result.nextWakeAt = Math.min(this.result.nextWakeAt ?? Infinity, opensAt);
    }
    this.result.runs = [...this.runs.values()].filter((run) => this.changedRuns.has(run.id));
    this.result.lead = this.lead;
    this.result.leadChanged = this.leadChanged;
    return this.result;
  }

  private removeFromArchivedJourneys(): void {
    for (const run of this.runs.values()) {
      const journey = this.catalog.version(run.journeyId, run.version);
      if (journey?.status === 'archived' && run.state.status === 'active') this.step(run, { kind: 'remove' });
    }
  }

  /** Plays the wake-ups that are due; false when none was. */
  private playDueWakeUps(): boolean {
    const due = [...this.runs.values()]
      .filter((run) => run.state.status === 'active' && run.state.wakeAt !== null && run.state.wakeAt <= this.now)
      .sort((a, b) => a.state.wakeAt! - b.state.wakeAt!);
    for (const run of due) this.step(run, { kind: 'wake' });
    return due.length > 0;
  }

  private playEvent({ event, leadBefore, external, chainSteps }: QueuedEvent): void {
    const historyEvent: HistoryEvent = { type: event.type, at: event.at, props: event.props };
    const before = leadBefore ?? this.lead;
    const heldBefore = new Map<string, boolean>();
    for (const journey of this.catalog.entryJourneys) {
      heldBefore.set(journey.journeyId, entryConditionHolds(journey.compiled, before, this.history, this.now));
    }
    if (external) {
      const changed = applyEventToLead(this.lead, event);
      if (changed !== this.lead) {
        this.lead = changed;
        this.leadChanged = true;
      }
      this.history.push(historyEvent);
      this.result.processedEventIds.push(event.id);
    }

    for (const run of [...this.runs.values()]) {
      if (run.state.status === 'active') this.step(run, { kind: 'event', event: historyEvent }, false, chainSteps);
    }

    for (const journey of this.catalog.entryJourneys) {
      const holdsNow = () => entryConditionHolds(journey.compiled, this.lead, this.history, this.now);
      if (entryFires(journey.compiled, historyEvent, heldBefore.get(journey.journeyId) ?? false, holdsNow)) this.enter(journey, chainSteps);
    }
  }

  /** Segment journeys whose re-entry pause has ended take the lead back if it meets the segment. */
  private reenterSegments(): void {
    for (const journey of this.catalog.entryJourneys) {
      const opensAt = this.reentryOpensAt(journey);
      if (opensAt === null || opensAt > this.now) continue;
      if (entryConditionHolds(journey.compiled, this.lead, this.history, this.now)) this.enter(journey);
    }
  }

  /** When the lead may re-enter a segment journey it has left, or null (none, or still inside). */
  private reentryOpensAt(journey: LiveJourney): number | null {
    const lastEndedAt = this.work.lastEndedAt.get(journey.journeyId);
    if (lastEndedAt === undefined) return null;
    const inside = [...this.runs.values()].some((r) => r.journeyId === journey.journeyId && r.state.status === 'active');
    return inside ? null : reentryOpensAt(journey.compiled, this.lead, lastEndedAt);
  }

  private playInput(input: LeadInput): void {
    if (input.kind === 'segment') {
      const journey = this.catalog.entryJourneys.find((j) => j.journeyId === input.journeyId);
      if (journey && entryConditionHolds(journey.compiled, this.lead, this.history, this.now)) this.enter(journey);
      return;
    }
    const run = this.runs.get(input.runId);
    if (!run || run.state.status !== 'active') return;
    if (input.kind === 'remove') {
      this.step(run, { kind: 'remove' });
      return;
    }
    const answer: AdvanceInput = { kind: 'answer', answer: input.answer };
    if (input.returnAt !== undefined) answer.returnAt = input.returnAt;
    this.step(run, answer);
  }

  private enter(journey: LiveJourney, chainSteps?: number): void {
    const active = [...this.runs.values()].some((r) => r.journeyId === journey.journeyId && r.state.status === 'active');
    const lastEndedAt = this.work.lastEndedAt.get(journey.journeyId) ?? null;
    if (!mayEnter(journey.compiled, this.lead, { active, lastEndedAt }, this.now)) return;
    const run: StoredRun = {
      id: this.newId(),
      journeyId: journey.journeyId,
      version: journey.version,
      stepCount: 0,
      state: { status: 'active', nodeId: journey.compiled.trigger.id, startedAt: this.now, nodeEnteredAt: this.now, wakeAt: null, outcome: null, endedAt: null },
    };
    this.runs.set(run.id, run);
    this.result.newRunIds.add(run.id);
    this.step(run, { kind: 'start' }, true, chainSteps);
  }

  /** `chainSteps`: for an input the engine's own events made, the steps they count on from. */
  private step(run: StoredRun, input: AdvanceInput, isNew = false, chainSteps?: number): void {
    const journey = this.catalog.version(run.journeyId, run.version);
    if (!journey) return; // a version the catalog no longer has cannot move; it stays as it is
    const before = run.state;
    const sentLog = this.sentLog;
    const { run: after, lead, effects, instantSteps } = advance(journey.compiled, isNew ? null : before, input, {
      now: this.now,
      lead: this.lead,
      history: this.history,
      journeyKey: run.journeyId,
      sendsHeld: journey.status === 'paused',
      ...(chainSteps === undefined ? {} : { chainSteps }),
      sentCount: (channel, since) => {
        let n = 0;
        for (let i = sentLog.length - 1; i >= 0; i--) {
          const s = sentLog[i]!;
          if (s.at < since) break;
          if (s.channel === channel) n++;
        }
        return n;
      },
    });
    if (effects.length === 0 && after.nodeId === before.nodeId && after.wakeAt === before.wakeAt) return;
    this.changedRuns.add(run.id);
    const firstNewSeq = run.stepCount;
    run.state = after;

    const stats = this.statsFor(run.journeyId);
    if (!isNew && before.status === 'active') bump(stats, before.nodeId, -1, 0);
    if (after.status === 'active') bump(stats, after.nodeId, 1, 0);

    // Effects first: a `score_changed` they queue must carry the lead as it was before.
    for (const effect of effects) this.record(run, journey, effect, firstNewSeq, before.nodeEnteredAt, instantSteps);
    if (lead !== this.lead) {
      this.lead = lead;
      this.leadChanged = true;
    }
    if (after.status === 'done') this.work.lastEndedAt.set(run.journeyId, after.endedAt ?? this.now);
  }

  /**
   * `restedSince`: when the run entered the node it was at before this step; `instantSteps`:
   * the step budget's count after this step, which the events it makes carry on.
   */
  private record(run: StoredRun, journey: LiveJourney, effect: Effect, firstNewSeq: number, restedSince: number, instantSteps: number): void {
    switch (effect.type) {
      case 'step': {
        this.result.steps.push({ runId: run.id, seq: run.stepCount, nodeId: effect.nodeId, at: effect.at, handle: null });
        run.stepCount++;
        bump(this.statsFor(run.journeyId), effect.nodeId, 0, 1);
        break;
      }
      case 'left': {
        // The step it completes is the newest one of that node: in this batch, or stored earlier.
        for (let i = this.result.steps.length - 1; i >= 0; i--) {
          const step = this.result.steps[i]!;
          if (step.runId === run.id && step.nodeId === effect.nodeId && step.handle === null) {
            step.handle = effect.handle;
            return;
          }
        }
        if (firstNewSeq > 0) {
          this.result.leftSteps.push({ runId: run.id, seq: firstNewSeq - 1, nodeId: effect.nodeId, at: restedSince, handle: effect.handle });
        }
        break;
      }
      case 'send': {
        const seq = run.stepCount - 1;
        this.result.sends.push({
          id: `${run.id}.${seq}`,
          runId: run.id,
          journeyId: run.journeyId,
          version: run.version,
          nodeId: effect.nodeId,
          channel: effect.channel,
          template: effect.template,
          sender: effect.sender ?? null,
          status: effect.status,
          at: effect.at,
        });
        if (effect.status === 'sent') this.sentLog.push({ channel: effect.channel, at: effect.at });
        break;
      }
      case 'lead_changed': {
        if (effect.score && effect.score.from !== effect.score.to) {
          const event: PendingEvent = {
            id: `score_changed.${run.id}.${run.stepCount - 1}`,
            type: 'score_changed',
            at: effect.at,
            props: { from: effect.score.from, to: effect.score.to, journeyId: run.journeyId, nodeId: effect.nodeId },
          };
          this.result.emittedEvents.push({ ...event, leadId: this.lead.id });
          this.history.push({ type: event.type, at: event.at, props: event.props });
          // Other journeys see the change as an event: their condition triggers and event waits.
          // It carries the count of steps that made it, so runs that answer each other's score
          // changes (or re-enter on them) are stopped by the step budget instead of spinning here.
          this.queue.push({ event, leadBefore: this.lead, external: false, chainSteps: instantSteps });
        }
        break;
      }
      case 'handoff_opened':
        this.result.handoffsOpened.push({
          id: `${run.id}.${run.stepCount - 1}`,
          runId: run.id,
          journeyId: journey.journeyId,
          nodeId: effect.nodeId,
          queue: effect.queue,
          assign: effect.assign,
          dueAt: effect.dueAt,
          at: effect.at,
        });
        break;
      case 'handoff_closed':
        this.result.handoffsClosed.push({
          runId: run.id,
          nodeId: effect.nodeId,
          status: effect.reason === 'sla_expired' ? 'sla_expired' : 'closed',
          at: effect.at,
        });
        break;
      case 'ended': {
        const byOutcome = this.result.outcomes.get(run.journeyId) ?? new Map<string, number>();
        byOutcome.set(effect.outcome, (byOutcome.get(effect.outcome) ?? 0) + 1);
        this.result.outcomes.set(run.journeyId, byOutcome);
        break;
      }
    }
  }

  private statsFor(journeyId: string): Map<string, { current: number; entered: number }> {
    let stats = this.result.nodeStats.get(journeyId);
    if (!stats) this.result.nodeStats.set(journeyId, (stats = new Map()));
    return stats;
  }
}

function bump(stats: Map<string, { current: number; entered: number }>, nodeId: string, current: number, entered: number): void {
  const entry = stats.get(nodeId) ?? { current: 0, entered: 0 };
  entry.current += current;
  entry.entered += entered;
  stats.set(nodeId, entry);
}
