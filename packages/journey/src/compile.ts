import { resolveSavedSegments } from './saved-segments.js';
import type { Condition, Journey, JourneyNode, TriggerNode } from './schema.js';

/**
 * A journey made ready to run: nodes by id and, for every node, where each of its handles
 * leads. A handle missing from `targets` ends the path with outcome `completed`.
 * Compile only journeys the validator passed: the compiler assumes one trigger, unique ids
 * and edges between existing nodes.
 */
export interface CompiledJourney {
  journey: Journey;
  trigger: TriggerNode;
  nodes: ReadonlyMap<string, JourneyNode>;
  targets: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/** `segments`: saved segments' conditions by id, for a trigger that names one (saved-segments.ts). */
export function compileJourney(journey: Journey, options: { segments?: ReadonlyMap<string, Condition> } = {}): CompiledJourney {
  if (options.segments) journey = resolveSavedSegments(journey, options.segments);
  const nodes = new Map<string, JourneyNode>();
  const targets = new Map<string, Map<string, string>>();
  let trigger: TriggerNode | undefined;
  for (const node of journey.nodes) {
    nodes.set(node.id, node);
    targets.set(node.id, new Map());
    if (node.type === 'trigger' && trigger === undefined) trigger = node;
  }
  if (!trigger) throw new Error('cannot compile a journey without a trigger: validate it first');
  for (const edge of journey.edges) {
    targets.get(edge.source)?.set(edge.sourceHandle ?? 'out', edge.target);
  }
  return { journey, trigger, nodes, targets };
}
