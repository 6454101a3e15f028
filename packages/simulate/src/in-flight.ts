import {
  driveLead,
  landRun,
  type CompiledJourney,
  type HistoryEvent,
  type InFlightMap,
  type JourneyCatalog,
  type Lead,
  type LeadRun,
  type LiveJourney,
  type SentMark,
} from '@trellis/journey';
import { SIMULATION_BUDGET, tooManySteps, tooManyStepsForLead, type BudgetExceeded } from './budget.js';
import { WakeQueue } from './min-heap.js';

/**
 * "What if": the leads inside a journey as they are now (their run at its node, their data,
 * recent history and sends), moved to the draft as the publish's move would move them
 * (`landRun`, the engine's own rule), then played forward over virtual time with the engine's
 * per-lead driver, as the simulator plays `POST /api/simulate`. A lead whose node has no target
 * goes on in its own version, as it would live. Nothing new enters: no events are played, only
 * the wake-ups the runs ask for, so what it shows is what the move does to the leads inside.
 * Pure: the caller reads the leads; nothing is stored.
 */

export interface InFlightLead {
  lead: Lead;
  /** Processed events, oldest first (as far back as the journeys look). */
  history: HistoryEvent[];
  /** Sends with status `sent`, oldest first (as far back as the caps look). */
  recentSends: SentMark[];
  lastEndedAt: ReadonlyMap<string, number>;
  /** The lead's running run in this journey, on the version it entered. */
  run: LeadRun;
}

export interface InFlightSimulation {
  journeyId: string;
  /** The versions the runs are on, as the engine runs them (with any split winners decided). */
  running: (version: number) => LiveJourney | undefined;
  /** The draft, as the version it would be published as. */
  next: { version: number; compiled: CompiledJourney; status: LiveJourney['status'] };
  map: InFlightMap;
  leads: readonly InFlightLead[];
  start: number;
  until: number;
}

export interface InFlightNodeCount {
  version: number;
  nodeId: string;
  /** Leads at the step at some time in the window: those that start there and those that step in. */
  reached: number;
  /** Leads resting there at `until`. */
  current: number;
}

export interface InFlightSimulationResult {
  /** Where the leads start: the move's landings (toNode null: they stay on their version). */
  landings: { fromVersion: number; fromNode: string; toNode: string | null; leads: number }[];
  nodes: InFlightNodeCount[];
  /** Runs that ended in the window, by outcome. */
  outcomes: Record<string, number>;
  /** Runs still inside at `until`. */
  inside: number;
  /** Sends in the window by version, node and status (`sent`, `suppressed`, `capped`, `held`…). */
  sends: { version: number; nodeId: string; status: string; count: number }[];
}

interface Playing {
  item: InFlightLead;
  lead: Lead;
  run: LeadRun;
  lastEndedAt: ReadonlyMap<string, number>;
  dueAt: number | null;
  steps: number;
}

const key = (version: number, nodeId: string) => `${version}\u0000${nodeId}`;

export function simulateInFlight(input: InFlightSimulation): { ok: true; result: InFlightSimulationResult } | { ok: false; exceeded: BudgetExceeded } {
  const { journeyId, next, start, until } = input;
  const nextLive: LiveJourney = { journeyId, version: next.version, status: next.status, compiled: next.compiled };
  const catalog: JourneyCatalog = {
    // Nothing enters: the what-if is about the leads inside.
    entryJourneys: [],
    version: (id, version) => (id !== journeyId ? undefined : version === next.version ? nextLive : input.running(version)),
  };

  const landings = new Map<string, { fromVersion: number; fromNode: string; toNode: string | null; leads: number }>();
  const reached = new Map<string, Set<number>>();
  const sends = new Map<string, { version: number; nodeId: string; status: string; count: number }>();
  const outcomes: Record<string, number> = {};
  const markReached = (version: number, nodeId: string, index: number) => {
    const k = key(version, nodeId);
    let leads = reached.get(k);
    if (!leads) reached.set(k, (leads = new Set()));
    leads.add(index);
  };

  const queue = new WakeQueue();
  const playing: Playing[] = input.leads.map((item, index) => {
    const { run } = item;
    const landing = landRun(input.running(run.version)?.compiled, next.compiled, run.state, input.map, item.lead, start);
    const k = key(run.version, run.state.nodeId);
    const group = landings.get(k) ?? { fromVersion: run.version, fromNode: run.state.nodeId, toNode: landing.toNode, leads: 0 };
    group.leads++;
    landings.set(k, group);
    const moved: LeadRun = landing.toNode === null ? run : { ...run, version: next.version, state: landing.state };
    markReached(moved.version, moved.state.nodeId, index);
    const state: Playing = { item, lead: item.lead, run: moved, lastEndedAt: item.lastEndedAt, dueAt: null, steps: 0 };
    // A wake-up already past (a wait shortened below the time a lead has waited) plays at the start.
    if (moved.state.wakeAt !== null) {
      state.dueAt = Math.max(moved.state.wakeAt, start);
      queue.push(state.dueAt, index);
    }
    return state;
  });

  let totalSteps = 0;
  let runIds = 0;
  const newRunId = () => `what-if-run-${++runIds}`;
  for (let due = queue.peek(); due !== undefined && due.at <= until; due = queue.peek()) {
    queue.pop();
    const state = playing[due.leadIndex]!;
    if (state.dueAt !== due.at || state.run.state.status !== 'active') continue;
    state.dueAt = null;
    const driven = driveLead(
      {
        now: due.at,
        lead: state.lead,
        history: state.item.history,
        runs: [state.run],
        lastEndedAt: state.lastEndedAt,
        recentSends: state.item.recentSends,
        events: [],
        inputs: [],
      },
      catalog,
      newRunId,
    );
    state.lead = driven.lead;
    state.lastEndedAt = driven.lastEndedAt;
    const mine = driven.runs.find((r) => r.id === state.run.id);
    if (mine) state.run = mine;
    for (const move of driven.moves) {
      if (move.run.id !== state.run.id) continue;
      for (const effect of move.effects) {
        if (effect.type === 'step') {
          markReached(state.run.version, effect.nodeId, due.leadIndex);
          state.steps++;
          totalSteps++;
        } else if (effect.type === 'send') {
          const k = `${key(state.run.version, effect.nodeId)}\u0000${effect.status}`;
          const tally = sends.get(k) ?? { version: state.run.version, nodeId: effect.nodeId, status: effect.status, count: 0 };
          tally.count++;
          sends.set(k, tally);
        } else if (effect.type === 'ended') {
          outcomes[effect.outcome] = (outcomes[effect.outcome] ?? 0) + 1;
        }
      }
    }
    if (state.steps > SIMULATION_BUDGET.stepsPerLead) {
      return { ok: false, exceeded: tooManyStepsForLead(state.lead.id, new Date(due.at).toISOString(), state.run.state.nodeId) };
    }
    if (totalSteps > SIMULATION_BUDGET.steps) return { ok: false, exceeded: tooManySteps(new Date(due.at).toISOString()) };
    if (state.run.state.status === 'active' && driven.nextWakeAt !== null) {
      state.dueAt = driven.nextWakeAt;
      queue.push(driven.nextWakeAt, due.leadIndex);
    }
  }

  const current = new Map<string, number>();
  let inside = 0;
  for (const { run } of playing) {
    if (run.state.status !== 'active') continue;
    inside++;
    const k = key(run.version, run.state.nodeId);
    current.set(k, (current.get(k) ?? 0) + 1);
  }
  const nodes: InFlightNodeCount[] = [...reached].map(([k, leads]) => {
    const [version, nodeId] = k.split('\u0000') as [string, string];
    return { version: Number(version), nodeId, reached: leads.size, current: current.get(k) ?? 0 };
  });
  nodes.sort((a, b) => b.version - a.version || a.nodeId.localeCompare(b.nodeId));
  return {
    ok: true,
    result: {
      landings: [...landings.values()].sort((a, b) => a.fromVersion - b.fromVersion || a.fromNode.localeCompare(b.fromNode)),
      nodes,
      outcomes,
      inside,
      sends: [...sends.values()].sort((a, b) => b.version - a.version || a.nodeId.localeCompare(b.nodeId) || a.status.localeCompare(b.status)),
    },
  };
}
