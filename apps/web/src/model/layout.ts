import { handlesOf, type JourneyNode } from '@trellis/journey';
import type { XYPosition } from '@xyflow/react';
import type { FlowDirection } from './direction.js';
import { toJourneyNode, type FlowEdge, type FlowNode } from './serialize.js';

// ELK is large; it loads the first time someone asks for a layout, not with the editor.
let elk: Promise<{ layout: (graph: ElkGraph) => Promise<ElkGraph> }> | null = null;
function loadElk() {
  elk ??= import('elkjs/lib/elk.bundled.js').then(({ default: ELK }) => new ELK());
  return elk;
}
type ElkGraph = import('elkjs/lib/elk-api.js').ElkNode;

const DEFAULT_SIZE = { width: 240, height: 110 };

/**
 * Layered layout, left to right or top to bottom (the drawing's own direction). Each outgoing handle is an ELK port in the order the node
 * draws it, so branch cases and split variants keep their top-to-bottom order after layout.
 */
export async function autoLayout(nodes: FlowNode[], edges: FlowEdge[], direction: FlowDirection = 'LR'): Promise<Record<string, XYPosition>> {
  const graph = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': direction === 'LR' ? 'RIGHT' : 'DOWN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '90',
      'elk.spacing.nodeNode': '40',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children: nodes.map((node) => {
      const journeyNode: JourneyNode = toJourneyNode(node);
      const width = node.measured?.width ?? DEFAULT_SIZE.width;
      const height = node.measured?.height ?? DEFAULT_SIZE.height;
      return {
        id: node.id,
        width,
        height,
        layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
        ports: [
          { id: `${node.id}::in`, layoutOptions: { 'elk.port.side': direction === 'LR' ? 'WEST' : 'NORTH' } },
          ...handlesOf(journeyNode).map((handle) => ({
            id: `${node.id}::${handle}`,
            layoutOptions: { 'elk.port.side': direction === 'LR' ? 'EAST' : 'SOUTH' },
          })),
        ],
      };
    }),
    edges: edges
      .filter((edge) => nodes.some((n) => n.id === edge.source) && nodes.some((n) => n.id === edge.target))
      .map((edge) => ({
        id: edge.id,
        sources: [`${edge.source}::${edge.sourceHandle ?? 'out'}`],
        targets: [`${edge.target}::in`],
      })),
  };
  // Edges from a handle the node does not have (a problem the validator reports) would make
  // ELK reject the graph; lay those out from the node itself.
  const portIds = new Set(graph.children.flatMap((c) => c.ports.map((p) => p.id)));
  for (const edge of graph.edges) {
    if (!portIds.has(edge.sources[0]!)) edge.sources = [edge.sources[0]!.split('::')[0]!];
  }
  const laid = await (await loadElk()).layout(graph);
  const positions: Record<string, XYPosition> = {};
  for (const child of laid.children ?? []) {
    positions[child.id] = { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) };
  }
  return positions;
}
