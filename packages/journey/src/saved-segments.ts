import type { Condition, SavedSegmentRef } from './schema.js';
import type { Problem } from './validate.js';
import { clip, isObject, nodeProblem, type NodeView } from './validate-views.js';

/**
 * A segment trigger may name a saved segment instead of holding its condition:
 * `{ "on": { "segment": { "saved": "<segment id>" } } }`. A condition never has a `saved` key,
 * so the two cannot be mistaken for each other. The journey package cannot read segments, so
 * whoever can (the engine's catalog, the server's simulate and validate routes) resolves the
 * reference into the segment's condition now, before compiling: membership is live, a
 * segment edited later is resolved again when the version is recompiled.
 */

export function isSavedSegmentRef(value: unknown): value is SavedSegmentRef {
  return isObject(value) && typeof value.saved === 'string' && Object.keys(value).length === 1;
}

/** The id of the saved segment a journey's trigger names, or null (no trigger, or not a reference). */
export function savedSegmentOf(journey: unknown): string | null {
  if (!isObject(journey) || !Array.isArray(journey.nodes)) return null;
  for (const node of journey.nodes) {
    if (!isObject(node) || node.type !== 'trigger' || !isObject(node.data) || !isObject(node.data.on)) continue;
    const segment = node.data.on.segment;
    return isSavedSegmentRef(segment) ? segment.saved : null;
  }
  return null;
}

/**
 * The journey with its trigger's saved segment replaced by that segment's condition. An
 * unknown id is left as it is: the reference is then met by no lead (entry.ts), and publishing
 * refuses it (`unknown_segment`), so only a segment deleted under a draft can get there. Takes
 * a document as drawn too (the simulate request's, not yet validated): anything that is not a
 * trigger naming a stored segment is left untouched, and the same object comes back when
 * nothing changed.
 */
export function resolveSavedSegments<T>(journey: T, segments: ReadonlyMap<string, Condition>): T {
  if (!isObject(journey) || !Array.isArray(journey.nodes)) return journey;
  let changed = false;
  const nodes = journey.nodes.map((node: unknown) => {
    if (!isObject(node) || node.type !== 'trigger' || !isObject(node.data) || !isObject(node.data.on)) return node;
    const ref = node.data.on.segment;
    const condition = isSavedSegmentRef(ref) ? segments.get(ref.saved) : undefined;
    if (condition === undefined) return node;
    changed = true;
    return { ...node, data: { ...node.data, on: { segment: condition } } };
  });
  return changed ? ({ ...journey, nodes } as T) : journey;
}

/** `unknown_segment`: the trigger names a saved segment that is not stored (`segments` holds the stored ids). */
export function checkSavedSegments(nodes: NodeView[], segments: ReadonlySet<string> | ReadonlyMap<string, unknown>, problems: Problem[]): void {
  for (const node of nodes) {
    if (node.type !== 'trigger' || !node.data || !isObject(node.data.on)) continue;
    const ref = node.data.on.segment;
    if (!isSavedSegmentRef(ref) || segments.has(ref.saved)) continue;
    const message = `${node.name} names saved segment "${clip(ref.saved)}", which does not exist; pick a saved segment or write the condition here`;
    problems.push(nodeProblem('unknown_segment', node, message, ['nodes', node.index, 'data', 'on', 'segment', 'saved']));
  }
}
