import type { CompiledJourney } from './compile.js';
import type { JourneyNode } from './schema.js';
import { TYPE_TITLES } from './validate-views.js';

/**
 * The most steps a lead takes at one instant before `advance` stops it with outcome `error`.
 *
 * The validator refuses loops with no pause (`instant_loop`), but a lead can still go round
 * without time passing: through the events its own steps make (an update's `score_changed`
 * waking an event wait, or entering a journey again), or through a journey stored before the
 * validator knew a rule. "At one instant" is one chain of cause: the steps of one input, and of
 * every input it sets off without time passing (a zero-length rest the driver wakes at once, an
 * event a step made). Simulator and engine share it, so both stop the same lead at the same step.
 * A journey drawn by hand moves a lead through a few dozen steps at once; a thousand is a loop.
 */
export const MAX_STEPS_AT_ONE_INSTANT = 1_000;

/**
 * Why a lead was stopped as it was about to enter `nodeId`, in words for the operator: the
 * shortest way round from that step back to itself, as the editor names steps.
 */
export function stoppedReason(journey: CompiledJourney, nodeId: string): string {
  const limit = `stopped after ${MAX_STEPS_AT_ONE_INSTANT.toLocaleString('en-US')} steps at one instant`;
  const loop = shortestLoop(journey, nodeId);
  if (loop) return `${limit}: the path ${loop.map((id) => stepName(journey.nodes.get(id))).join(' → ')} loops without pausing`;
  return `${limit}: at ${stepName(journey.nodes.get(nodeId))}, the lead's own steps (its score changes, or entering again) kept moving it without pausing`;
}

/** Node ids from `start` round to `start` again by the fewest edges, or null when no path returns. */
function shortestLoop(journey: CompiledJourney, start: string): string[] | null {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const at = queue[head]!;
    for (const next of journey.targets.get(at)?.values() ?? []) {
      if (next === start) {
        const path = [start];
        for (let step = at; step !== start; step = cameFrom.get(step)!) path.push(step);
        path.push(start);
        return path.reverse();
      }
      if (cameFrom.has(next)) continue;
      cameFrom.set(next, at);
      queue.push(next);
    }
  }
  return null;
}

function stepName(node: JourneyNode | undefined): string {
  if (!node) return 'a step';
  const label = node.data.label?.trim();
  return label ? `${TYPE_TITLES[node.type]} "${label}"` : TYPE_TITLES[node.type];
}
