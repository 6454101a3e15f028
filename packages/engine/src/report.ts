import {
  DEFAULT_HOLDOUT_WINDOW,
  experimentSplits,
  journeySchema,
  probabilityToBeat,
  rateDifference,
  readExperiment,
  wilsonInterval,
  type ExperimentResult,
} from '@trellis/journey';
import { experimentDecisions, getJourney, getJourneyVersion, journeyReportNumbers, type SendNodeNumbers, type SqlQueryable } from '@trellis/store';
import { EngineError } from './errors.js';

/**
 * A journey's results (`GET /api/journeys/:id/report`): the store's counts for a version and
 * period, read through the journey package's statistics. The contract's fields first
 * (entered, outcomes, goalRate, nodes, splits, series); the rest are additions
 * (docs/spec-readings.md, "Results and experiments").
 */

export interface ReportQuery {
  /** Null: the published version (every version before the first publish). */
  version: number | null;
  from: Date | null;
  to: Date | null;
}

export interface SplitReport extends ExperimentResult {
  /** Per variant: the Bayesian probability it is the better of it and the best other (two variants), shown beside the p-value. */
  probabilityToBeat: Record<string, number | null>;
  /** The split's experiment, when it has one. */
  experiment: { metric: unknown; window: string; decideAfter: string } | null;
  /** What the engine decided at `decideAfter`, with the numbers it decided on; null before. */
  decision: { decidedAt: string; winner: string | null; pValue: number | null; variants: ExperimentResult['variants'] } | null;
}

export interface JourneyReport {
  version: number | null;
  from: string | null;
  to: string | null;
  entered: number;
  outcomes: Record<string, number>;
  /** Leads that reached the goal over treated leads (held-out ones are not treated). */
  goalRate: number;
  nodes: Record<string, { entered: number; reachedGoal: number }>;
  splits: Record<string, SplitReport>;
  series: { day: string; entered: number; sent: number; opened: number; clicked: number; goal: number }[];
  sends: Record<string, SendNodeNumbers & { rates: { delivered: number; opened: number; clicked: number; unsubscribed: number; failed: number } }>;
  timeToGoal: { medianMs: number; p90Ms: number } | null;
  holdout: {
    percent: number;
    window: string;
    heldOut: { entered: number; goal: number; rate: number; ci95: [number, number] };
    treated: { entered: number; goal: number; rate: number; ci95: [number, number] };
    /** Treated rate minus held-out rate, with its 95% interval; null while either group is empty. */
    uplift: { difference: number; ci95: [number, number] } | null;
  } | null;
}

export async function journeyReport(db: SqlQueryable, journeyId: string, query: ReportQuery): Promise<JourneyReport> {
  const journey = await getJourney(db, journeyId);
  if (!journey) throw new EngineError('not_found', `no journey "${journeyId}"`);
  const version = query.version ?? journey.publishedVersion;
  let document: unknown = journey.draft;
  if (version !== null) {
    const stored = await getJourneyVersion(db, journeyId, version);
    if (!stored) throw new EngineError('not_found', `journey "${journeyId}" has no version ${version}`);
    document = stored.document;
  }
  const parsed = journeySchema.safeParse(document);
  const settings = parsed.success ? parsed.data.settings : {};
  const holdoutWindow = settings.holdout?.window ?? DEFAULT_HOLDOUT_WINDOW;
  const numbers = await journeyReportNumbers(db, { journeyId, version, from: query.from, to: query.to, holdoutWindow });
  const decisions = (await experimentDecisions(db, journeyId)).filter((d) => d.version === version);
  const experiments = new Map(parsed.success ? experimentSplits(parsed.data).map((s) => [s.id, s.data.experiment]) : []);
  const variantsOf = new Map(parsed.success ? parsed.data.nodes.flatMap((n) => (n.type === 'split' ? [[n.id, n.data.variants.map((v) => v.handle)] as const] : [])) : []);

  const splits: Record<string, SplitReport> = {};
  for (const nodeId of new Set([...variantsOf.keys(), ...Object.keys(numbers.splits)])) {
    const counted = numbers.splits[nodeId] ?? {};
    const handles = [...new Set([...(variantsOf.get(nodeId) ?? []), ...Object.keys(counted)])];
    const tallies = handles.map((handle) => ({ handle, entered: counted[handle]?.entered ?? 0, converted: counted[handle]?.goal ?? 0 }));
    const result = readExperiment(tallies);
    const decided = decisions.find((d) => d.nodeId === nodeId);
    const toBeat: Record<string, number | null> = {};
    if (tallies.length === 2) {
      const [a, b] = tallies as [(typeof tallies)[0], (typeof tallies)[0]];
      toBeat[a.handle] = probabilityToBeat(a.converted, a.entered, b.converted, b.entered);
      toBeat[b.handle] = probabilityToBeat(b.converted, b.entered, a.converted, a.entered);
    }
    splits[nodeId] = {
      ...result,
      // Once decided, the winner is the one new leads take, whatever the data has done since.
      winner: decided ? decided.winner : result.winner,
      probabilityToBeat: toBeat,
      experiment: experiments.get(nodeId) ?? null,
      decision: decided
        ? { decidedAt: decided.decidedAt.toISOString(), winner: decided.winner, pValue: decided.pValue, variants: decided.variants }
        : null,
    };
  }

  const sends: JourneyReport['sends'] = {};
  for (const [nodeId, n] of Object.entries(numbers.sendNodes)) {
    const of = (x: number, total: number) => (total > 0 ? x / total : 0);
    const attempted = n.sent + n.failed;
    sends[nodeId] = {
      ...n,
      rates: { delivered: of(n.delivered, n.sent), opened: of(n.opened, n.delivered), clicked: of(n.clicked, n.delivered), unsubscribed: of(n.unsubscribed, n.delivered), failed: of(n.failed, attempted) },
    };
  }

  const { heldOut, heldOutGoal, treated, treatedGoal } = numbers.holdout;
  const group = (entered: number, goal: number) => ({ entered, goal, rate: entered > 0 ? goal / entered : 0, ci95: wilsonInterval(goal, entered) });
  const goal = numbers.outcomes.goal ?? 0;
  return {
    version,
    from: query.from?.toISOString() ?? null,
    to: query.to?.toISOString() ?? null,
    entered: numbers.entered,
    outcomes: numbers.outcomes,
    goalRate: treated > 0 ? goal / treated : 0,
    nodes: numbers.nodes,
    splits,
    series: numbers.series,
    sends,
    timeToGoal: numbers.timeToGoal ? { medianMs: numbers.timeToGoal.median, p90Ms: numbers.timeToGoal.p90 } : null,
    holdout:
      settings.holdout || heldOut > 0
        ? {
            percent: settings.holdout?.percent ?? 0,
            window: holdoutWindow,
            heldOut: group(heldOut, heldOutGoal),
            treated: group(treated, treatedGoal),
            uplift: rateDifference(treatedGoal, treated, heldOutGoal, heldOut),
          }
        : null,
  };
}
