import type { NodeType } from '@trellis/journey';
import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
  type Connection,
  type Edge,
  type FinalConnectionState,
  type OnReconnect,
} from '@xyflow/react';
import { NODE_TYPES, handlesOf } from '@trellis/journey';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { NODE_TYPE_INFO, stepLabel } from '../model/defaults.js';
import { exitDataAfter } from '../model/exit-outcome.js';
import { handleLabel } from '../model/summary.js';
import './canvas-extras.css';
import { useSimulationStaleness } from '../simulate/use-simulation-staleness.js';
import { OpenPathButtons } from './OpenPathButtons.js';
import { OverviewMap } from './OverviewMap.js';
import { QuickAddContext, type OpenQuickAdd } from './quick-add.js';
import type { FlowNode } from '../model/serialize.js';
import { asJourneyNode, useEditorStore } from '../store/editor-store.js';
import { nodeTypes } from './JourneyNodeView.js';
import { DRAG_MIME } from './Palette.js';

const READABLE_ZOOM = 0.7;
const QUICK_ADD_SIZE = { width: 190, height: 270 };
// React Flow keeps a store subscription per drawn node and edge, so every drag step touches all
// of them: at 500 nodes a frame took 150 ms. A journey this large draws only what is on screen
// (an edge to a step never yet on screen appears once that step has been).
const DRAW_VISIBLE_ONLY_ABOVE = 200;

/** The drawing surface: React Flow over the store's nodes and edges, with problems and simulation drawn on. */
export function Canvas({ readOnly = false }: { readOnly?: boolean }) {
  const nodes = useEditorStore((s) => s.nodes);
  const edges = useEditorStore((s) => s.edges);
  const problems = useEditorStore((s) => s.problems);
  const simulation = useEditorStore((s) => s.simulation);
  const focusRequest = useEditorStore((s) => s.focusRequest);
  const onNodesChange = useEditorStore((s) => s.onNodesChange);
  const onEdgesChange = useEditorStore((s) => s.onEdgesChange);
  const connect = useEditorStore((s) => s.connect);
  const reconnect = useEditorStore((s) => s.reconnect);
  const beginDrag = useEditorStore((s) => s.beginDrag);
  const addNode = useEditorStore((s) => s.addNode);
  const addConnectedNode = useEditorStore((s) => s.addConnectedNode);
  const flow = useReactFlow();
  const wrapper = useRef<HTMLDivElement>(null);
  const initialized = useNodesInitialized();
  const framed = useRef(false);
  useSimulationStaleness();

  // Open on a readable zoom: fit the journey, but never below READABLE_ZOOM; a long journey
  // then starts at its trigger on the left, with the minimap showing the rest.
  useEffect(() => {
    if (!initialized || framed.current) return;
    framed.current = true;
    void flow.fitView({ padding: 0.15, maxZoom: 1 }).then(() => {
      const { zoom } = flow.getViewport();
      const box = wrapper.current?.getBoundingClientRect();
      if (zoom >= READABLE_ZOOM || !box) return;
      const bounds = flow.getNodesBounds(flow.getNodes());
      const z = READABLE_ZOOM;
      // Along each axis: centred when the journey fits, else starting at its beginning.
      const fitsAcross = bounds.width * z <= box.width - 96;
      const fitsDown = bounds.height * z <= box.height - 96;
      void flow.setViewport({
        zoom: z,
        x: fitsAcross ? box.width / 2 - (bounds.x + bounds.width / 2) * z : 48 - bounds.x * z,
        y: fitsDown ? box.height / 2 - (bounds.y + bounds.height / 2) * z : 48 - bounds.y * z,
      });
    });
  }, [initialized, flow]);

  // Edges are drawn from the store's plain edges plus what they mean right now: a label for a
  // handle other than `out`, red when a problem sits on them, lit when on the picked lead's path.
  const { handles: handlesByNode, labels: labelsByNode } = useHandlesByNode(nodes);

  const renderedEdges = useMemo<Edge[]>(() => {
    const broken = new Map<string, string>();
    for (const p of problems) if (p.edgeId && p.severity === 'error' && !broken.has(p.edgeId)) broken.set(p.edgeId, p.message);
    return edges.map((edge) => {
      const classes: string[] = [];
      const problem = broken.get(edge.id);
      if (problem) classes.push('has-error');
      if (simulation?.path?.edgeIds.has(edge.id)) classes.push('on-path');
      // An edge from a handle its node does not have is drawn from the node's first handle,
      // red, so the problem is seen where it is rather than the edge vanishing.
      const known = handlesByNode.get(edge.source);
      const handleMissing = edge.sourceHandle != null && known !== undefined && !known.has(edge.sourceHandle);
      return {
        ...edge,
        ...(handleMissing ? { sourceHandle: null } : {}),
        className: classes.join(' ') || undefined,
        markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14, color: '#94a3b8' },
        animated: simulation?.path?.edgeIds.has(edge.id) ?? false,
        ...(problem
          ? {
              label: `⚠ ${problem.length > 48 ? `${problem.slice(0, 47)}…` : problem}`,
              labelStyle: { fill: '#b91c1c', fontSize: 11, fontWeight: 600 },
              labelBgStyle: { fill: '#fef2f2' },
              labelBgPadding: [4, 2] as [number, number],
            }
          : {}),
        // Named by the steps' labels, as people see them, not by internal ids.
        ariaLabel: `Path from ${labelsByNode.get(edge.source)?.name ?? edge.source}${
          edge.sourceHandle && edge.sourceHandle !== 'out' ? ` (${labelsByNode.get(edge.source)?.handle(edge.sourceHandle) ?? edge.sourceHandle})` : ''
        } to ${labelsByNode.get(edge.target)?.name ?? edge.target}`,
      };
    });
  }, [edges, problems, simulation, handlesByNode, labelsByNode]);

  useEffect(() => {
    if (!focusRequest) return;
    const node = useEditorStore.getState().nodes.find((n) => n.id === focusRequest.nodeId);
    if (!node) return;
    const width = node.measured?.width ?? 240;
    const height = node.measured?.height ?? 110;
    void flow.setCenter(node.position.x + width / 2, node.position.y + height / 2, { zoom: 1.1, duration: 300 });
    const element = wrapper.current?.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(node.id)}"]`);
    element?.focus();
  }, [focusRequest, flow]);

  const onDragOver = useCallback((event: DragEvent) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      event.preventDefault();
      const type = event.dataTransfer.getData(DRAG_MIME) as NodeType;
      if (!type || !(type in NODE_TYPE_INFO)) return;
      const position = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      addNode(type, { x: Math.round(position.x - 120), y: Math.round(position.y - 40) });
    },
    [flow, addNode],
  );

  // A connection dropped on empty canvas offers the node types there: pick one and it is added
  // already connected, which is how most journeys are drawn, one step after another.
  const [quickAdd, setQuickAdd] = useState<{ source: string; sourceHandle: string | null; x: number; y: number } | null>(null);
  const openQuickAdd = useCallback<OpenQuickAdd>((source, sourceHandle, clientX, clientY) => {
    const box = wrapper.current?.getBoundingClientRect();
    if (!box) return;
    // Kept inside the canvas so the menu never lands under the inspector or off screen.
    const x = Math.max(8, Math.min(clientX - box.left, box.width - QUICK_ADD_SIZE.width));
    const y = Math.max(8, Math.min(clientY - box.top, box.height - QUICK_ADD_SIZE.height));
    setQuickAdd({ source, sourceHandle, x, y });
  }, []);
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (readOnly || state.isValid || !state.fromNode || state.fromHandle?.type !== 'source') return;
      const point = 'changedTouches' in event ? event.changedTouches[0]! : event;
      openQuickAdd(state.fromNode.id, state.fromHandle.id ?? null, point.clientX, point.clientY);
    },
    [readOnly, openQuickAdd],
  );
  const pickQuickAdd = useCallback(
    (type: NodeType) => {
      if (!quickAdd) return;
      const box = wrapper.current!.getBoundingClientRect();
      const position = flow.screenToFlowPosition({ x: quickAdd.x + box.left, y: quickAdd.y + box.top });
      const data = type === 'exit' ? exitDataAfter(quickAdd.sourceHandle) : null;
      addConnectedNode(type, { x: Math.round(position.x), y: Math.round(position.y - 40) }, quickAdd.source, quickAdd.sourceHandle, data ?? undefined);
      setQuickAdd(null);
    },
    [quickAdd, flow, addConnectedNode],
  );

  const onReconnect: OnReconnect = useCallback(
    (oldEdge: Edge, connection: Connection) => reconnect(oldEdge.id, connection),
    [reconnect],
  );

  return (
    <QuickAddContext.Provider value={readOnly ? null : openQuickAdd}>
    <div className={`canvas${simulation?.stale ? ' has-stale-simulation' : ''}`} ref={wrapper} onDragOver={onDragOver} onDrop={onDrop} data-testid="canvas">
      <ReactFlow<FlowNode, Edge>
        nodes={nodes}
        edges={renderedEdges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={connect}
        onConnectEnd={onConnectEnd}
        onPaneClick={() => setQuickAdd(null)}
        onReconnect={onReconnect}
        onNodeDragStart={beginDrag}
        onSelectionDragStart={beginDrag}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        edgesReconnectable={!readOnly}
        // React Flow puts every edge before the steps in the page, so focusable edges would make
        // Tab walk all paths before the first step. Paths are chosen from the keyboard in the
        // inspector's "Next steps" instead; edges keep their names for screen readers.
        edgesFocusable={false}
        // Deleting goes through the store (one undo step for nodes and their edges together).
        deleteKeyCode={null}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        selectionOnDrag={false}
        minZoom={0.2}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
        defaultEdgeOptions={{ type: 'smoothstep' }}
        snapToGrid
        onlyRenderVisibleElements={nodes.length > DRAW_VISIBLE_ONLY_ABOVE}
        snapGrid={[10, 10]}
      >
        <Background gap={20} size={1} color="#d7dce3" />
        <Controls showInteractive={false} />
        {!readOnly && nodes.length <= DRAW_VISIBLE_ONLY_ABOVE && <OpenPathButtons />}
        <OverviewMap />
      </ReactFlow>
      {simulation?.stale && (
        <div className="canvas__stale" role="status">
          Simulation counts are out of date: the journey changed since the run.
        </div>
      )}
      {nodes.length === 0 && (
        <div className="canvas__empty">
          <strong>An empty journey</strong>
          <span>Drag a Trigger from the palette to say how leads enter, then add steps after it.</span>
        </div>
      )}
      {quickAdd && (
        <div
          className="quick-add"
          role="menu"
          aria-label="Add a connected step"
          style={{ left: quickAdd.x, top: quickAdd.y }}
          onKeyDown={(event) => event.key === 'Escape' && setQuickAdd(null)}
        >
          <div className="quick-add__title">Add a step here</div>
          {NODE_TYPES.filter((type) => type !== 'trigger' && Object.hasOwn(NODE_TYPE_INFO, type)).map((type, index) => (
            <button
              key={type}
              type="button"
              role="menuitem"
              autoFocus={index === 0}
              style={{ ['--node-color' as string]: NODE_TYPE_INFO[type].color }}
              onClick={() => pickQuickAdd(type)}
            >
              <span aria-hidden>{NODE_TYPE_INFO[type].icon}</span> {NODE_TYPE_INFO[type].title}
            </button>
          ))}
        </div>
      )}
    </div>
    </QuickAddContext.Provider>
  );
}

/**
 * Each node's handles, as a map that keeps its identity while only positions change: a drag
 * changes the nodes array every frame, and a new map would redraw every edge with it.
 */
interface NodeNames {
  name: string;
  handle: (handle: string) => string;
}

function useHandlesByNode(nodes: readonly FlowNode[]): { handles: Map<string, Set<string>>; labels: Map<string, NodeNames> } {
  const cache = useRef<{ nodes: readonly FlowNode[]; map: Map<string, Set<string>>; labels: Map<string, NodeNames> } | null>(null);
  const previous = cache.current;
  const same =
    previous !== null &&
    previous.nodes.length === nodes.length &&
    previous.nodes.every((n, i) => n.id === nodes[i]!.id && n.type === nodes[i]!.type && n.data === nodes[i]!.data);
  if (!same) {
    const map = new Map<string, Set<string>>();
    const labels = new Map<string, NodeNames>();
    for (const node of nodes) {
      const name = stepLabel(node.type, node.data.label) ?? node.id;
      try {
        const journeyNode = asJourneyNode(node);
        map.set(node.id, new Set(handlesOf(journeyNode)));
        labels.set(node.id, { name, handle: (handle) => handleLabel(journeyNode, handle) });
      } catch {
        map.set(node.id, new Set());
        labels.set(node.id, { name, handle: (handle) => handle });
      }
    }
    cache.current = { nodes, map, labels };
  } else cache.current = { nodes, map: previous.map, labels: previous.labels };
  return { handles: cache.current.map, labels: cache.current.labels };
}
