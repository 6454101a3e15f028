import { NODE_TYPES, type JourneyNode, type NodeType } from './schema.js';
import { handlesOf } from './handles.js';
import type { Problem, ProblemCode } from './validate.js';

/**
 * The validator's lenient reading of a document that may be malformed anywhere: whatever
 * nodes and edges are well-formed enough to check, and the problems made from them.
 */

export type Path = (string | number)[];
export type Json = Record<string, unknown>;

export interface NodeView {
  index: number;
  id: string | undefined;
  type: NodeType | undefined;
  data: Json | undefined;
  /** How messages name it: `Wait "Wait 3 days"`, `Send node "s1"`, `Node 4`. */
  name: string;
  /** Distinct outgoing handles, or undefined when the node is too malformed to know them. */
  handles: string[] | undefined;
}

export interface EdgeView {
  index: number;
  id: string | undefined;
  source: string | undefined;
  target: string | undefined;
  sourceHandle: string | undefined;
  hasSourceHandle: boolean;
}

/** What the editor calls each node type. */
export const TYPE_TITLES: Record<NodeType, string> = {
  trigger: 'Trigger',
  wait: 'Wait',
  branch: 'Branch',
  split: 'Split',
  send: 'Send',
  update: 'Update',
  handoff: 'Handoff',
  exit: 'Exit',
  cadence: 'Cadence',
};

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function arrayAt(doc: unknown, key: string): unknown[] {
  if (!isObject(doc)) return [];
  const value = doc[key];
  return Array.isArray(value) ? value : [];
}

export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function nodeViews(doc: unknown): NodeView[] {
  return arrayAt(doc, 'nodes').map((raw, index) => {
    const node = isObject(raw) ? raw : {};
    const id = nonEmptyString(node.id);
    const type = (NODE_TYPES as readonly unknown[]).includes(node.type) ? (node.type as NodeType) : undefined;
    const data = isObject(node.data) ? node.data : undefined;
    const label = nonEmptyString(data?.label)?.trim();
    const title = type ? TYPE_TITLES[type] : 'Node';
    const name = label
      ? `${title} "${clip(label)}"`
      : id
        ? `${title}${type ? ' node' : ''} "${clip(id)}"`
        : `${title} ${index + 1}`;
    return { index, id, type, data, name, handles: lenientHandles(node, type) };
  });
}

/** `handlesOf` on a node that may not have passed the schema; undefined if it cannot tell. */
function lenientHandles(node: Json, type: NodeType | undefined): string[] | undefined {
  if (!type) return undefined;
  try {
    const handles: unknown = handlesOf(node as unknown as JourneyNode);
    if (!Array.isArray(handles) || !handles.every((h) => nonEmptyString(h))) return undefined;
    return [...new Set(handles as string[])];
  } catch {
    return undefined;
  }
}

export function edgeViews(doc: unknown): EdgeView[] {
  return arrayAt(doc, 'edges').map((raw, index) => {
    const edge = isObject(raw) ? raw : {};
    return {
      index,
      id: nonEmptyString(edge.id),
      source: nonEmptyString(edge.source),
      target: nonEmptyString(edge.target),
      sourceHandle: nonEmptyString(edge.sourceHandle),
      hasSourceHandle: edge.sourceHandle !== undefined,
    };
  });
}


/** Edges name their ends by the first node with each id, as the graph does. */
export function firstById(nodes: NodeView[]): Map<string, NodeView> {
  const byId = new Map<string, NodeView>();
  for (const node of nodes) if (node.id && !byId.has(node.id)) byId.set(node.id, node);
  return byId;
}

export function edgeName(edge: EdgeView | undefined, index: number, byId: Map<string, NodeView>): string {
  const from = edge?.source ? byId.get(edge.source) : undefined;
  const to = edge?.target ? byId.get(edge.target) : undefined;
  if (from && to) return `The connection from ${from.name} to ${to.name}`;
  return edge?.id ? `Connection "${clip(edge.id)}"` : `Connection ${index + 1}`;
}

export function nodeProblem(code: ProblemCode, node: NodeView, message: string, path: Path = ['nodes', node.index]): Problem {
  return {
    severity: code === 'missing_handle' ? 'warning' : 'error',
    code,
    message,
    ...(node.id ? { nodeId: node.id } : {}),
    path,
  };
}

export function edgeProblem(code: ProblemCode, edge: EdgeView, message: string, path: Path): Problem {
  return { severity: 'error', code, message, ...(edge.id ? { edgeId: edge.id } : {}), path };
}
