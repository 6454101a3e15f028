import type { Journey } from '@trellis/journey';
import type { NodeMark } from './journey-svg.js';

/**
 * What changed between two versions of a journey, as marks for drawing each side: a node is
 * added, removed, or changed (its type or settings; moving it is not a change), and an edge,
 * keyed by where it runs (source, handle, target) since ids are the editor's, added or removed.
 */

export interface JourneyDiff {
  /** Marks for the older side: removed nodes and edges, changed nodes. */
  before: Record<string, NodeMark>;
  /** Marks for the newer side: added nodes and edges, changed nodes. */
  after: Record<string, NodeMark>;
  /** One line per change, for reading. */
  lines: string[];
}

const edgeKey = (e: Journey['edges'][number]) => `${e.source}:${e.sourceHandle ?? 'out'}→${e.target}`;

function labelOf(node: Journey['nodes'][number]): string {
  return typeof node.data.label === 'string' && node.data.label ? `${node.data.label} (${node.id})` : node.id;
}

export function compareJourneys(before: Journey, after: Journey): JourneyDiff {
  const diff: JourneyDiff = { before: {}, after: {}, lines: [] };
  const old = new Map(before.nodes.map((n) => [n.id, n]));
  const fresh = new Map(after.nodes.map((n) => [n.id, n]));
  for (const node of before.nodes) {
    const next = fresh.get(node.id);
    if (!next) {
      diff.before[node.id] = 'removed';
      diff.lines.push(`Removed ${node.type} ${labelOf(node)}`);
    } else if (next.type !== node.type || JSON.stringify(next.data) !== JSON.stringify(node.data)) {
      diff.before[node.id] = 'changed';
      diff.after[node.id] = 'changed';
      diff.lines.push(`Changed ${next.type} ${labelOf(next)}`);
    }
  }
  for (const node of after.nodes) {
    if (!old.has(node.id)) {
      diff.after[node.id] = 'added';
      diff.lines.push(`Added ${node.type} ${labelOf(node)}`);
    }
  }
  const oldEdges = new Set(before.edges.map(edgeKey));
  const newEdges = new Set(after.edges.map(edgeKey));
  for (const edge of before.edges) {
    if (!newEdges.has(edgeKey(edge))) {
      diff.before[`edge:${edge.id}`] = 'removed';
      diff.lines.push(`Removed path ${edgeKey(edge)}`);
    }
  }
  for (const edge of after.edges) {
    if (!oldEdges.has(edgeKey(edge))) {
      diff.after[`edge:${edge.id}`] = 'added';
      diff.lines.push(`Added path ${edgeKey(edge)}`);
    }
  }
  if (JSON.stringify(before.settings ?? {}) !== JSON.stringify(after.settings ?? {})) diff.lines.push('Changed the journey settings');
  return diff;
}
