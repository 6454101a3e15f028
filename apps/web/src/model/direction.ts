import type { FlowEdge, FlowNode } from './serialize.js';

/** Which way a drawing flows: left to right, or top to bottom. */
export type FlowDirection = 'LR' | 'TB';

/**
 * Documents keep only positions, and journeys are drawn both ways (the bundled examples run
 * top to bottom). Handles go where the edges run: if edges mostly go down, handles sit on the
 * top and bottom of nodes; otherwise on the left and right. Read once when a document opens,
 * so dragging a node never flips the whole drawing.
 */
export function flowDirectionOf(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): FlowDirection {
  const byId = new Map(nodes.map((n) => [n.id, n.position]));
  // Branches fan out sideways in a top-to-bottom drawing (and up and down in a left-to-right
  // one), so count the edges that progress each way rather than summing distances.
  let right = 0;
  let down = 0;
  for (const edge of edges) {
    const from = byId.get(edge.source);
    const to = byId.get(edge.target);
    if (!from || !to) continue;
    if (to.x > from.x) right += 1;
    if (to.y > from.y) down += 1;
  }
  return down > right ? 'TB' : 'LR';
}
