import { handlesOf, type Journey, type JourneyNode } from '@trellis/journey';
import { NODE_TYPE_INFO, stepLabel } from '../model/defaults.js';
import type { JourneyReport } from '../api/report.js';

/**
 * The funnel along a journey's main path. The main path is the busiest one: from the trigger,
 * each step's next step is the one more leads entered than any other it leads to (the first
 * handle's on a tie, so a journey with no traffic yet still shows its first path). A step seen
 * before ends the path (a loop back).
 */

export const MAIN_PATH_RULE = 'The main path starts at the trigger and at each step follows the next step most leads entered (the first path on a tie).';

export interface FunnelStep {
  nodeId: string;
  title: string;
  entered: number;
  /** Of the leads that entered the first step. */
  ofFirst: number;
  /** Of the leads that entered the step before (1 for the first). */
  ofPrevious: number;
  /**
   * Other paths lead into this step too (two split variants meeting again, a branch's paths
   * rejoining): its leads are not a share of the step before, which may hold fewer of them.
   */
  joined: boolean;
  reachedGoal: number;
}

export function mainPath(journey: Journey, nodes: JourneyReport['nodes']): string[] {
  const trigger = journey.nodes.find((n) => n.type === 'trigger');
  if (!trigger) return [];
  const byId = new Map(journey.nodes.map((n) => [n.id, n]));
  const path: string[] = [];
  const seen = new Set<string>();
  let current: JourneyNode | undefined = trigger;
  while (current && !seen.has(current.id)) {
    path.push(current.id);
    seen.add(current.id);
    const targets = nextSteps(journey, current);
    let best: string | undefined;
    for (const target of targets) {
      if (best === undefined || (nodes[target]?.entered ?? 0) > (nodes[best]?.entered ?? 0)) best = target;
    }
    current = best === undefined ? undefined : byId.get(best);
  }
  return path;
}

/** The steps a node's handles lead to, in the handles' order. */
function nextSteps(journey: Journey, node: JourneyNode): string[] {
  let handles: string[];
  try {
    handles = handlesOf(node);
  } catch {
    handles = [];
  }
  const out = journey.edges.filter((e) => e.source === node.id);
  const ordered = handles.flatMap((h) => out.filter((e) => (e.sourceHandle ?? 'out') === h));
  return [...ordered, ...out.filter((e) => !ordered.includes(e))].map((e) => e.target);
}

export function nodeTitle(node: JourneyNode): string {
  return stepLabel(node.type, node.data.label) ?? NODE_TYPE_INFO[node.type].title;
}

export function funnel(journey: Journey, report: Pick<JourneyReport, 'nodes'>): FunnelStep[] {
  const byId = new Map(journey.nodes.map((n) => [n.id, n]));
  const steps: FunnelStep[] = [];
  const path = mainPath(journey, report.nodes);
  for (const [index, nodeId] of path.entries()) {
    const entered = report.nodes[nodeId]?.entered ?? 0;
    const first = steps[0]?.entered ?? entered;
    const previous = steps.at(-1)?.entered ?? entered;
    steps.push({
      nodeId,
      title: nodeTitle(byId.get(nodeId)!),
      entered,
      ofFirst: first > 0 ? entered / first : 0,
      ofPrevious: previous > 0 ? entered / previous : 0,
      joined: index > 0 && journey.edges.some((e) => e.target === nodeId && e.source !== path[index - 1]),
      reachedGoal: report.nodes[nodeId]?.reachedGoal ?? 0,
    });
  }
  return steps;
}
