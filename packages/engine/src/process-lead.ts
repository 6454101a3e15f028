import {
  driveLead,
  type Channel,
  type HistoryEvent,
  type JourneyCatalog,
  type Lead,
  type LeadEvent,
  type LeadInput,
  type LeadRun,
  type LeadScoring,
  type RunMove,
  type RunState,
  type ScoreState,
  type ScoringModel,
  type Sender,
} from '@trellis/journey';

/**
 * The engine's side of one lead's transaction: the worker loads a lead's work, calls
 * `processLead`, and writes the result back. Every rule (order of play, entry and re-entry,
 * splits, goals, exit criteria, caps, consent, scores, `score_changed` fed back, the step
 * budget) is `driveLead` from the journey package, the same the simulator runs; this file only
 * turns what it returns into the rows the store writes (path steps with their seq, the outbox,
 * handoffs, counters).
 */

export type { JourneyCatalog, LeadInput, LiveJourney } from '@trellis/journey';

export interface JourneyVersionRef {
  journeyId: string;
  version: number;
}

export type StoredRun = LeadRun;
export type PendingEvent = LeadEvent;

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
  /** The scoring model and the lead's scoring state; absent when no model is stored. */
  scoring?: { model: ScoringModel; state: ScoreState | null };
}

export interface StepRow {
  runId: string;
  seq: number;
  nodeId: string;
  at: number;
  handle: string | null;
  /** A cadence's touch, from 0; absent on a node's own step. */
  touch?: number;
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
  /** A cadence's call or voicemail task: when it falls due (epoch ms). */
  dueAt?: number;
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
  newRunIds: ReadonlySet<string>;
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
  /** The earliest wake-up among the lead's active runs (or a re-entry pause ending, or a decay), or null. */
  nextWakeAt: number | null;
  /** What scoring did (new state, changes of score), or null. */
  scoring: LeadScoring | null;
}

export function processLead(work: LeadWork, catalog: JourneyCatalog, now: number, newId: () => string): LeadResult {
  const driven = driveLead(
    {
      now,
      lead: work.lead,
      history: work.history,
      runs: work.runs,
      lastEndedAt: work.lastEndedAt,
      recentSends: work.recentSends,
      events: work.pendingEvents,
      inputs: work.inputs,
      ...(work.scoring ? { scoring: work.scoring } : {}),
    },
    catalog,
    newId,
  );
  const result: LeadResult = {
    lead: driven.lead,
    leadChanged: driven.leadChanged,
    runs: driven.runs,
    newRunIds: driven.newRunIds,
    steps: [],
    leftSteps: [],
    sends: [],
    handoffsOpened: [],
    handoffsClosed: [],
    emittedEvents: driven.emittedEvents.map((event) => ({ ...event, leadId: work.lead.id })),
    processedEventIds: driven.processedEventIds,
    nodeStats: new Map(),
    outcomes: new Map(),
    nextWakeAt: driven.nextWakeAt,
    scoring: driven.scoring,
  };
  for (const move of driven.moves) record(result, move);
  return result;
}

/**
 * A run as the engine keeps it, with the step by which it entered its cadence pinned by a live
 * move (in-flight.ts): the pin holds while the run is in the cadence it entered at
 * `nodeEnteredAt`, and is ignored (stale) anywhere else.
 */
export type PinnedRunState = RunState & { entryStep?: { seq: number; nodeEnteredAt: number } };

/**
 * The seq of the step by which a resting run entered its node, `stepCount` steps stored: the last
 * one, or before a cadence's touch steps (one per touch made), or where a live move pinned it.
 */
export function cadenceEntrySeq(run: PinnedRunState, stepCount: number): number {
  const pinned = run.entryStep;
  if (pinned && pinned.nodeEnteredAt === run.nodeEnteredAt) return pinned.seq;
  return stepCount - 1 - (run.touch ?? 0);
}

/** One move's effects as rows: a path step's seq counts on from the run's stored steps. */
function record(result: LeadResult, { run, before, after, firstSeq, effects }: RunMove): void {
  const stats = statsFor(result, run.journeyId);
  if (before?.status === 'active') bump(stats, before.nodeId, -1, 0);
  if (after.status === 'active') bump(stats, after.nodeId, 1, 0);
  let seq = firstSeq;
  for (const effect of effects) {
    switch (effect.type) {
      case 'step':
        if (effect.touch === undefined) {
          result.steps.push({ runId: run.id, seq: seq++, nodeId: effect.nodeId, at: effect.at, handle: null });
          bump(stats, effect.nodeId, 0, 1);
        } else {
          // A cadence's touch: a path step of its own, not another entry into the node.
          result.steps.push({ runId: run.id, seq: seq++, nodeId: effect.nodeId, at: effect.at, handle: null, touch: effect.touch });
        }
        break;
      case 'left': {
        // The step it completes is the newest entry into that node (a cadence's touches are
        // steps after it): in this batch, or stored earlier, before the touches made since.
        const step = findLast(result.steps, (s) => s.runId === run.id && s.nodeId === effect.nodeId && s.handle === null && s.touch === undefined);
        if (step) step.handle = effect.handle;
        else if (firstSeq > 0 && before) {
          const seqOfEntry = cadenceEntrySeq(before, firstSeq);
          result.leftSteps.push({ runId: run.id, seq: seqOfEntry, nodeId: effect.nodeId, at: before.nodeEnteredAt, handle: effect.handle });
        }
        break;
      }
      case 'send':
        result.sends.push({
          id: `${run.id}.${seq - 1}`,
          runId: run.id,
          journeyId: run.journeyId,
          version: run.version,
          nodeId: effect.nodeId,
          channel: effect.channel,
          template: effect.template,
          sender: effect.sender ?? null,
          status: effect.status,
          at: effect.at,
          ...(effect.dueAt === undefined ? {} : { dueAt: effect.dueAt }),
        });
        break;
      case 'handoff_opened':
        result.handoffsOpened.push({
          id: `${run.id}.${seq - 1}`,
          runId: run.id,
          journeyId: run.journeyId,
          nodeId: effect.nodeId,
          queue: effect.queue,
          assign: effect.assign,
          dueAt: effect.dueAt,
          at: effect.at,
        });
        break;
      case 'handoff_closed':
        result.handoffsClosed.push({
          runId: run.id,
          nodeId: effect.nodeId,
          status: effect.reason === 'sla_expired' ? 'sla_expired' : 'closed',
          at: effect.at,
        });
        break;
      case 'ended': {
        const byOutcome = result.outcomes.get(run.journeyId) ?? new Map<string, number>();
        byOutcome.set(effect.outcome, (byOutcome.get(effect.outcome) ?? 0) + 1);
        result.outcomes.set(run.journeyId, byOutcome);
        break;
      }
      case 'lead_changed':
        break; // the lead and its `score_changed` come from the driver
    }
  }
}

function findLast<T>(list: T[], test: (item: T) => boolean): T | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (test(list[i]!)) return list[i];
  return undefined;
}

function statsFor(result: LeadResult, journeyId: string): Map<string, { current: number; entered: number }> {
  let stats = result.nodeStats.get(journeyId);
  if (!stats) result.nodeStats.set(journeyId, (stats = new Map()));
  return stats;
}

function bump(stats: Map<string, { current: number; entered: number }>, nodeId: string, current: number, entered: number): void {
  const entry = stats.get(nodeId) ?? { current: 0, entered: 0 };
  entry.current += current;
  entry.entered += entered;
  stats.set(nodeId, entry);
}
