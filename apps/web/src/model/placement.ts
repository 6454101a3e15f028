import { handlesOf } from '@trellis/journey';
import type { XYPosition } from '@xyflow/react';
import type { FlowDirection } from './direction.js';
import { toJourneyNode, type FlowEdge, type FlowNode } from './serialize.js';

/**
 * Where a step added from the palette goes: after the selected step, on its first open path
 * (or in between, on its first path, when all are taken), one column further along the
 * drawing's direction, moved sideways until it covers no other card. Clicking three palette
 * items in a row draws a connected chain of three, not three cards piled on the trigger.
 */

const GAP = 90;
const SIDE_GAP = 40;
const DEFAULT_SIZE = { width: 240, height: 110 };

export interface Placement {
  source: string;
  sourceHandle: string | null;
  position: XYPosition;
}

function handlesOfNode(node: FlowNode): string[] {
  try {
    return handlesOf(toJourneyNode(node));
  } catch {
    return [];
  }
}

function openHandles(node: FlowNode, edges: readonly FlowEdge[]): string[] {
  const used = new Set(edges.filter((e) => e.source === node.id).map((e) => e.sourceHandle ?? 'out'));
  return handlesOfNode(node).filter((h) => !used.has(h));
}

/**
 * The step to add after: the one selected step when it has paths; otherwise (nothing, several
 * or an exit selected) the last step in the document (the most recently added) that still has
 * an open path, so adding exits one after another fills a branch's or handoff's paths in turn.
 * Null when no step has an open path.
 */
export function stepToAddAfter(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): FlowNode | null {
  const selected = nodes.filter((n) => n.selected);
  if (selected.length === 1 && handlesOfNode(selected[0]!).length > 0) return selected[0]!;
  for (let i = nodes.length - 1; i >= 0; i--) if (openHandles(nodes[i]!, edges).length > 0) return nodes[i]!;
  return null;
}

function sizeOf(node: FlowNode) {
  return { width: node.measured?.width ?? DEFAULT_SIZE.width, height: node.measured?.height ?? DEFAULT_SIZE.height };
}

function overlaps(at: XYPosition, nodes: readonly FlowNode[]): boolean {
  return nodes.some((n) => {
    const size = sizeOf(n);
    return (
      at.x < n.position.x + size.width + SIDE_GAP / 2 &&
      at.x + DEFAULT_SIZE.width + SIDE_GAP / 2 > n.position.x &&
      at.y < n.position.y + size.height + SIDE_GAP / 2 &&
      at.y + DEFAULT_SIZE.height + SIDE_GAP / 2 > n.position.y
    );
  });
}

/** Where a new step of `type` goes after `source`, and from which of its paths. */
export function placeAfter(source: FlowNode, nodes: readonly FlowNode[], edges: readonly FlowEdge[], direction: FlowDirection): Placement {
  const handles = handlesOfNode(source);
  const open = openHandles(source, edges);
  const handle = open[0] ?? handles[0] ?? 'out';
  const index = Math.max(0, handles.indexOf(handle));
  const size = sizeOf(source);
  const along = direction === 'LR' ? { x: size.width + GAP, y: 0 } : { x: 0, y: size.height + GAP };
  // Paths leave a card side by side: the n-th path's step starts n rows (or columns) over.
  const sideStep = direction === 'LR' ? { x: 0, y: DEFAULT_SIZE.height + SIDE_GAP } : { x: DEFAULT_SIZE.width + SIDE_GAP, y: 0 };
  let position = { x: source.position.x + along.x + sideStep.x * index, y: source.position.y + along.y + sideStep.y * index };
  for (let tries = 0; tries < 50 && overlaps(position, nodes); tries++) {
    position = { x: position.x + sideStep.x, y: position.y + sideStep.y };
  }
  return { source: source.id, sourceHandle: handle === 'out' ? null : handle, position: { x: Math.round(position.x), y: Math.round(position.y) } };
}
