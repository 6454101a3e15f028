import { describeDuration } from './describe-duration.js';
import type { Journey } from './schema.js';

/**
 * What changed between two versions of a journey, as marks for drawing each side: a node is
 * added, removed, or changed (its type or settings; moving it is not a change), and an edge,
 * keyed by where it runs (source, handle, target) since ids are the editor's, added or removed.
 * Each change is also a line to read, a changed node's with the settings that differ. Pure, so
 * the compare view and the server's publish review (`POST /api/journeys/:id/publish/preview`)
 * say the same thing, and "no changes" means the diff is empty (positions and key order aside).
 */

export type NodeMark = 'added' | 'removed' | 'changed';

export interface FieldChange {
  /** Where in the node's data (or the journey's settings): `for`, `on.event`, `cases[0].when.value`. */
  field: string;
  /** The value as text; null where the field is absent on that side. */
  before: string | null;
  after: string | null;
}

export interface Change {
  mark: NodeMark;
  /** The node it is about, or for a path the node it leaves; null for the journey as a whole. */
  nodeId: string | null;
  /** For a path, where it runs (`source:handle→target`), the same on both sides. */
  path?: { key: string; source: string; target: string };
  text: string;
  fields: FieldChange[];
}

export interface JourneyDiff {
  /** Marks for the older side: removed nodes and edges (`edge:<id>`), changed nodes. */
  before: Record<string, NodeMark>;
  /** Marks for the newer side: added nodes and edges (`edge:<id>`), changed nodes. */
  after: Record<string, NodeMark>;
  /** One per change, in reading order: nodes, then paths, then the journey itself. */
  changes: Change[];
}

type JourneyNode = Journey['nodes'][number];
type JourneyEdge = Journey['edges'][number];

export const edgeKey = (e: Pick<JourneyEdge, 'source' | 'sourceHandle' | 'target'>) => `${e.source}:${e.sourceHandle ?? 'out'}→${e.target}`;

function labelOf(node: JourneyNode): string {
  return typeof node.data.label === 'string' && node.data.label ? `${node.data.label} (${node.id})` : node.id;
}

function nameOf(node: JourneyNode | undefined, id: string): string {
  return node && typeof node.data.label === 'string' && node.data.label ? node.data.label : id;
}

function pathText(edge: JourneyEdge, nodes: Map<string, JourneyNode>): string {
  const handle = edge.sourceHandle && edge.sourceHandle !== 'out' ? ` [${edge.sourceHandle}]` : '';
  return `${nameOf(nodes.get(edge.source), edge.source)}${handle} → ${nameOf(nodes.get(edge.target), edge.target)}`;
}

/** Fields holding an ISO 8601 duration, read as people elsewhere in the app read them ("2 days"). */
const DURATION_FIELD = /(?:^|\.)(?:for|sla|timeout|within|per|reentry\.after|at|due)$/;

function valueText(field: string, value: unknown): string | null {
  if (value === undefined) return null;
  if (typeof value === 'string') return DURATION_FIELD.test(field) ? describeDuration(value) : value;
  return JSON.stringify(value);
}

/**
 * Leaves of a value by path: objects by key, lists of objects by index; a list of plain values
 * (days of the week, tags) is one leaf, read whole.
 */
function leaves(value: unknown, path: string, into: Map<string, unknown>): Map<string, unknown> {
  if (Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object')) {
    value.forEach((item, i) => leaves(item, `${path}[${i}]`, into));
  } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) leaves(inner, path ? `${path}.${key}` : key, into);
  } else if (Array.isArray(value)) {
    into.set(path, value.join(', '));
  } else into.set(path, value);
  return into;
}

/** The fields that differ between two values, in the order they appear (older side first). */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const old = leaves(before, '', new Map());
  const fresh = leaves(after, '', new Map());
  const fields = [...new Set([...old.keys(), ...fresh.keys()])];
  return fields
    .filter((field) => JSON.stringify(old.get(field)) !== JSON.stringify(fresh.get(field)))
    .map((field) => ({ field, before: valueText(field, old.get(field)), after: valueText(field, fresh.get(field)) }));
}

export function compareJourneys(before: Journey, after: Journey): JourneyDiff {
  const diff: JourneyDiff = { before: {}, after: {}, changes: [] };
  const old = new Map(before.nodes.map((n) => [n.id, n]));
  const fresh = new Map(after.nodes.map((n) => [n.id, n]));
  for (const node of before.nodes) {
    const next = fresh.get(node.id);
    if (!next) {
      diff.before[node.id] = 'removed';
      diff.changes.push({ mark: 'removed', nodeId: node.id, text: `Removed ${node.type} ${labelOf(node)}`, fields: [] });
      continue;
    }
    const fields = fieldChanges(node.data, next.data);
    if (next.type !== node.type) fields.unshift({ field: 'type', before: node.type, after: next.type });
    if (fields.length === 0) continue;
    diff.before[node.id] = 'changed';
    diff.after[node.id] = 'changed';
    diff.changes.push({ mark: 'changed', nodeId: node.id, text: `Changed ${next.type} ${labelOf(next)}`, fields });
  }
  for (const node of after.nodes) {
    if (old.has(node.id)) continue;
    diff.after[node.id] = 'added';
    diff.changes.push({ mark: 'added', nodeId: node.id, text: `Added ${node.type} ${labelOf(node)}`, fields: [] });
  }
  const oldEdges = new Set(before.edges.map(edgeKey));
  const newEdges = new Set(after.edges.map(edgeKey));
  const pathChange = (mark: NodeMark, edge: JourneyEdge, nodes: Map<string, JourneyNode>): Change => ({
    mark,
    nodeId: edge.source,
    path: { key: edgeKey(edge), source: edge.source, target: edge.target },
    text: `${mark === 'added' ? 'Added' : 'Removed'} path ${pathText(edge, nodes)}`,
    fields: [],
  });
  for (const edge of before.edges) {
    if (newEdges.has(edgeKey(edge))) continue;
    diff.before[`edge:${edge.id}`] = 'removed';
    diff.changes.push(pathChange('removed', edge, old));
  }
  for (const edge of after.edges) {
    if (oldEdges.has(edgeKey(edge))) continue;
    diff.after[`edge:${edge.id}`] = 'added';
    diff.changes.push(pathChange('added', edge, fresh));
  }
  const journeyFields = fieldChanges({ name: before.name, settings: before.settings ?? {} }, { name: after.name, settings: after.settings ?? {} });
  if (journeyFields.length > 0) diff.changes.push({ mark: 'changed', nodeId: null, text: 'Changed the journey', fields: journeyFields });
  return diff;
}
