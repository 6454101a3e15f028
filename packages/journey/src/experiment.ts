import { matchesWhere } from './conditions.js';
import { readExperiment, type ExperimentResult, type VariantTally } from './experiment-stats.js';
import type { HistoryEvent } from './lead.js';
import type { Experiment, Journey, SplitNode } from './schema.js';
import { addDuration } from './time.js';

/**
 * When and how a split's experiment is decided: one pure rule for the simulator (on virtual
 * time) and the engine (on the clock), so both pick the same winner from the same leads.
 *
 * The decision is made once, at `decideAfter` from the version's publication: deciding again
 * and again as leads arrive would peek at the data and find "winners" by chance. It counts
 * each entry into the split strictly before that instant, converted when the metric happened
 * within `window` of entering and before the decision. Durations are measured in UTC: the
 * experiment is the journey's, not any one lead's. Whatever happens at the decision instant
 * itself comes after the decision (the engine decides before the batch that reaches it).
 */

/** One lead's pass through the split: the variant it took, when, and when it first converted after (null: not yet). */
export interface ExperimentEntry {
  handle: string;
  enteredAt: number;
  convertedAt: number | null;
}

/** The decision as recorded: with the numbers it was made on. */
export interface ExperimentDecision extends ExperimentResult {
  nodeId: string;
  decidedAt: number;
}

/** Split nodes of a journey that carry an experiment. */
export function experimentSplits(journey: Journey): (SplitNode & { data: { experiment: Experiment } })[] {
  return journey.nodes.filter((n): n is SplitNode & { data: { experiment: Experiment } } => n.type === 'split' && n.data.experiment !== undefined);
}

/** The instant a split's experiment is decided, for a version published at `publishedAt`. */
export function experimentDecideAt(experiment: Experiment, publishedAt: number): number {
  return addDuration(publishedAt, experiment.decideAfter, 'UTC');
}

/** The first time at or after `enteredAt` the lead met an event metric, from its events (any order), or null. */
export function firstEventConversion(metric: Exclude<Experiment['metric'], 'goal'>, enteredAt: number, events: readonly HistoryEvent[]): number | null {
  let first: number | null = null;
  for (const event of events) {
    if (event.type !== metric.event || event.at < enteredAt || !matchesWhere(metric.where, event.props)) continue;
    if (first === null || event.at < first) first = event.at;
  }
  return first;
}

/** Each variant's entries and conversions as the rule counts them at `decideAt`. */
export function tallyExperiment(split: SplitNode & { data: { experiment: Experiment } }, entries: readonly ExperimentEntry[], decideAt: number): VariantTally[] {
  const tallies = new Map<string, VariantTally>(split.data.variants.map((v) => [v.handle, { handle: v.handle, entered: 0, converted: 0 }]));
  for (const entry of entries) {
    const tally = tallies.get(entry.handle);
    if (!tally || entry.enteredAt >= decideAt) continue;
    tally.entered++;
    const until = Math.min(addDuration(entry.enteredAt, split.data.experiment.window, 'UTC'), decideAt - 1);
    if (entry.convertedAt !== null && entry.convertedAt >= entry.enteredAt && entry.convertedAt <= until) tally.converted++;
  }
  return [...tallies.values()];
}

/** Decides a split's experiment at `decideAt`: the winner (or null: the weights stay) and the numbers behind it. */
export function decideExperiment(split: SplitNode & { data: { experiment: Experiment } }, entries: readonly ExperimentEntry[], decideAt: number): ExperimentDecision {
  return { nodeId: split.id, decidedAt: decideAt, ...readExperiment(tallyExperiment(split, entries, decideAt)) };
}
