import type { Journey, NodeType } from '@trellis/journey';
import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  ReactFlowProvider,
  applyNodeChanges,
  useNodesInitialized,
  useReactFlow,
  useStoreApi,
  type Edge,
  type NodeChange,
  type Rect,
  type Viewport,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ErrorBoundary } from '../ErrorBoundary.js';
import { nodeTypes } from '../canvas/JourneyNodeView.js';
import { NodeExtrasContext } from '../canvas/NodeExtras.js';
import { NODE_TYPE_INFO } from '../model/defaults.js';
import { fromJourney, type FlowNode } from '../model/serialize.js';
import { OverviewMap } from '../canvas/OverviewMap.js';
import { edgeKey, type NodeMark } from './compare.js';

export const MARK_COLORS: Record<NodeMark, string> = { added: '#16a34a', changed: '#d97706', removed: '#dc2626' };

/** What the comparison has picked: a node, or a path by where it runs, on both sides at once. */
export type Picked = { node: string } | { path: string; ends: [string, string] };

/** What the page may ask of one side once its nodes are measured. */
export interface CanvasSide {
  /** The box around these nodes on this side (all nodes when none given), or null if it has none of them. */
  bounds(nodeIds?: string[]): Rect | null;
  size(): { width: number; height: number };
}

/**
 * One version of the journey on a read-only React Flow canvas of its own, drawn with the editor's
 * node views: what changed marked on nodes and paths, its view given by the page so two sides
 * can move together. Nodes are measured here, so two canvases need no shared store.
 */
export function CompareCanvas(props: {
  journey: Journey;
  side: 'before' | 'after';
  marks: Record<string, NodeMark>;
  /** Drawn on the node beside its mark: what changed in it. */
  notes: Record<string, ReactNode>;
  picked: Picked | null;
  viewport: Viewport;
  onViewportChange(viewport: Viewport): void;
  onPick(nodeId: string | null): void;
  onReady(side: CanvasSide): void;
}) {
  return (
    <ReactFlowProvider>
      <ErrorBoundary what="canvas">
        <CompareFlow {...props} />
      </ErrorBoundary>
    </ReactFlowProvider>
  );
}

function CompareFlow({ journey, side, marks, notes, picked, viewport, onViewportChange, onPick, onReady }: Parameters<typeof CompareCanvas>[0]) {
  const document = useMemo(() => fromJourney(journey), [journey]);
  // Only sizes are taken from React Flow's changes: nothing here moves, and the page picks.
  const [measured, setMeasured] = useState<FlowNode[]>(document.nodes);
  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const sizes = changes.filter((c) => c.type === 'dimensions');
      if (sizes.length > 0) setMeasured((nodes) => applyNodeChanges(sizes, nodes));
    },
    [],
  );
  const pickedNode = picked && 'node' in picked ? picked.node : null;
  const pickedPath = picked && 'path' in picked ? picked.path : null;
  const nodes = useMemo(
    () =>
      measured.map((node) => ({
        ...node,
        selected: node.id === pickedNode,
        className: marks[node.id] ? `compare-node--${marks[node.id]}` : 'compare-node--same',
      })),
    [measured, marks, pickedNode],
  );
  const edges = useMemo<Edge[]>(
    () =>
      journey.edges.map((edge) => {
        const mark = marks[`edge:${edge.id}`];
        const flow = document.edges.find((e) => e.id === edge.id)!;
        return {
          ...flow,
          selected: edgeKey(edge) === pickedPath,
          className: mark ? `compare-edge--${mark}` : undefined,
          markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14, color: mark ? MARK_COLORS[mark] : '#94a3b8' },
          ariaLabel: `${mark ? `${mark} ` : ''}path from ${edge.source}${edge.sourceHandle ? ` (${edge.sourceHandle})` : ''} to ${edge.target}`,
        };
      }),
    [journey, document, marks, pickedPath],
  );
  const extras = useCallback(
    (nodeId: string) =>
      marks[nodeId] ? (
        <>
          <span className={`change-mark change-mark--${marks[nodeId]}`} data-testid={`mark-${side}-${nodeId}`}>
            {marks[nodeId]}
          </span>
          {notes[nodeId]}
        </>
      ) : null,
    [marks, notes, side],
  );

  const flow = useReactFlow();
  const store = useStoreApi();
  const initialized = useNodesInitialized();
  const reported = useRef(false);
  useEffect(() => {
    if (!initialized || reported.current) return;
    reported.current = true;
    onReady({
      bounds(nodeIds) {
        const ids = nodeIds ?? journey.nodes.map((n) => n.id);
        const present = ids.filter((id) => flow.getInternalNode(id));
        return present.length > 0 ? flow.getNodesBounds(present) : null;
      },
      size() {
        const { width, height } = store.getState();
        return { width, height };
      },
    });
  }, [initialized, onReady, flow, store, journey]);

  return (
    <NodeExtrasContext.Provider value={extras}>
      <ReactFlow<FlowNode, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onNodeClick={(_, node) => onPick(node.id)}
        onPaneClick={() => onPick(null)}
        viewport={viewport}
        onViewportChange={onViewportChange}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesReconnectable={false}
        edgesFocusable={false}
        deleteKeyCode={null}
        selectionOnDrag={false}
        minZoom={0.2}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
        defaultEdgeOptions={{ type: 'smoothstep' }}
      >
        <Background gap={20} size={1} color="#d7dce3" />
        <Controls showInteractive={false} />
        {/* Over the canvas only in a corner no step lies under (as in the editor). */}
        <OverviewMap
          // Marked nodes in their colour, the rest grey: where the changes are, at a glance.
          nodeColor={(node) => {
            const mark = marks[node.id];
            return mark ? MARK_COLORS[mark] : `${NODE_TYPE_INFO[(node.type ?? 'exit') as NodeType]?.color ?? '#94a3b8'}40`;
          }}
          ariaLabel={`Minimap of ${side === 'before' ? 'the older' : 'the newer'} version`}
        />
      </ReactFlow>
    </NodeExtrasContext.Provider>
  );
}
