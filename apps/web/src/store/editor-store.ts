import { handlesOf, type ExitNode, type Journey, type JourneyNode, type JourneySettings, type NodeType } from '@trellis/journey';
import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange, type XYPosition } from '@xyflow/react';
import { create } from 'zustand';
import { defaultDataFor } from '../model/defaults.js';
import { withOutcomeLabel } from '../model/exit-outcome.js';
import { freshId } from '../model/ids.js';
import { fromJourney, toJourney, toJourneyNode, type EditorDocument, type FlowEdge, type FlowNode } from '../model/serialize.js';
import type { Problem } from '../model/validation.js';
import { flowDirectionOf, type FlowDirection } from '../model/direction.js';

/**
 * The editor's one store: the document being drawn (React Flow's nodes and edges), the
 * selection (React Flow's `selected` flags on them), the undo history, and what the canvas
 * overlays on the document (problems, simulation counts, a lead's path).
 */

const HISTORY_LIMIT = 200;
/** Typing into one field makes one undo step, not one per keystroke. */
const COALESCE_MS = 1000;

export interface SimulationOverlay {
  reached: Record<string, number>;
  path: { nodeIds: Set<string>; edgeIds: Set<string> } | null;
  /** `runKey` of the journey the simulation ran on; with it the canvas can tell when it went out of date. */
  ranFor?: string;
  /** The journey changed since the run: its numbers describe another journey. */
  stale?: boolean;
}

export interface EditorState extends EditorDocument {
  journeyId: string | null;
  past: Journey[];
  future: Journey[];
  lastCommit: { key: string; at: number } | null;
  clipboard: { nodes: FlowNode[]; edges: FlowEdge[] } | null;
  /** Where handles sit: read from the drawing when it opens, left to right after auto-layout. */
  direction: FlowDirection;
  /**
   * The document differs from the one last loaded or saved: set by every change, and worked out
   * again by comparison when undo, redo or a save may have brought the two back together.
   */
  dirty: boolean;
  /** The last loaded or saved document, in `sameContent` form, that `dirty` is measured against. */
  savedDocument: string;
  problems: Problem[];
  simulation: SimulationOverlay | null;
  /** Bumped when something asks the canvas to bring a node into view (a problem was clicked). */
  focusRequest: { nodeId: string; seq: number } | null;

  load(journey: Journey, journeyId: string | null): void;
  /** `saved` is the document the server took: edits made while it was on its way stay unsaved. */
  markSaved(journeyId: string, saved: Journey): void;
  /** Puts another document on screen (an import, a published version) as one undoable, unsaved change. */
  replaceDocument(journey: Journey): void;
  setName(name: string): void;
  setSettings(settings: JourneySettings): void;
  /** `data` overrides the type's defaults; a second trigger is not added (the existing one is selected). */
  addNode(type: NodeType, position: XYPosition, data?: JourneyNode['data']): string;
  /** `rename` moves the edges of a renamed branch case or split variant along with it. */
  /**
   * Adds a step connected from `source`'s handle, in one undo step. When that handle already
   * led somewhere and the new step has a single `out`, the new step goes in between.
   */
  addConnectedNode(type: NodeType, position: XYPosition, source: string, sourceHandle: string | null, data?: JourneyNode['data']): string;
  updateNodeData(nodeId: string, data: JourneyNode['data'], field?: string, rename?: { from: string; to: string }): void;
  onNodesChange(changes: NodeChange<FlowNode>[]): void;
  onEdgesChange(changes: EdgeChange<FlowEdge>[]): void;
  beginDrag(): void;
  connect(connection: Connection): void;
  reconnect(edgeId: string, connection: Connection): void;
  /** Points one outgoing path at `target`, or leaves it unconnected (null): the keyboard's way to draw. */
  setPathTarget(source: string, handle: string, target: string | null): void;
  deleteSelection(): void;
  copySelection(): void;
  paste(): void;
  selectNode(nodeId: string | null, focus?: boolean): void;
  applyPositions(positions: Record<string, XYPosition>, direction?: FlowDirection): void;
  undo(): void;
  redo(): void;
  setProblems(problems: Problem[]): void;
  setSimulation(overlay: SimulationOverlay | null): void;
}

export function emptyJourney(name = 'Untitled journey'): Journey {
  return { schemaVersion: 1, name, settings: {}, nodes: [], edges: [] };
}

function snapshot(state: EditorDocument): Journey {
  return toJourney(state);
}

/** The document as text with every object's keys in order, so equal documents give equal text. */
function sameContent(journey: Journey): string {
  return JSON.stringify(journey, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}

function edgeIdFor(source: string, handle: string | null | undefined, taken: Iterable<string>): string {
  return freshId(`${source}-${handle ?? 'out'}`, taken);
}

/** A handle carries one edge: connecting from a used handle replaces its edge. */
function withoutEdgesFrom(edges: FlowEdge[], source: string, handle: string | null | undefined): FlowEdge[] {
  const same = (edge: FlowEdge) => edge.source === source && (edge.sourceHandle ?? 'out') === (handle ?? 'out');
  return edges.filter((edge) => !same(edge));
}

export const useEditorStore = create<EditorState>()((set, get) => {
  let dragging = false;

  /** Records the document as it is now, so the change about to happen can be undone. */
  function commit(key?: string) {
    const state = get();
    const now = Date.now();
    if (key && state.lastCommit && state.lastCommit.key === key && now - state.lastCommit.at < COALESCE_MS) {
      set({ lastCommit: { key, at: now }, dirty: true });
      return;
    }
    set({
      past: [...state.past, snapshot(state)].slice(-HISTORY_LIMIT),
      future: [],
      lastCommit: key ? { key, at: now } : null,
      dirty: true,
    });
  }

  function restore(journey: Journey) {
    const doc = fromJourney(journey);
    set({ ...doc, lastCommit: null, dirty: sameContent(snapshot(doc)) !== get().savedDocument });
  }

  return {
    ...fromJourney(emptyJourney()),
    journeyId: null,
    past: [],
    future: [],
    lastCommit: null,
    clipboard: null,
    dirty: false,
    savedDocument: sameContent(emptyJourney()),
    direction: 'LR',
    problems: [],
    simulation: null,
    focusRequest: null,

    load(journey, journeyId) {
      const doc = fromJourney(journey);
      set({
        ...doc,
        direction: flowDirectionOf(doc.nodes, doc.edges),
        journeyId,
        past: [],
        future: [],
        lastCommit: null,
        dirty: false,
        savedDocument: sameContent(snapshot(doc)),
        simulation: null,
        focusRequest: null,
      });
    },

    markSaved(journeyId, saved) {
      const savedDocument = sameContent(snapshot(fromJourney(saved)));
      set({ journeyId, savedDocument, dirty: sameContent(snapshot(get())) !== savedDocument });
    },

    replaceDocument(journey) {
      commit();
      const doc = fromJourney(journey);
      set({
        ...doc,
        direction: flowDirectionOf(doc.nodes, doc.edges),
        lastCommit: null,
        dirty: sameContent(snapshot(doc)) !== get().savedDocument,
        simulation: null,
        focusRequest: null,
      });
    },

    setName(name) {
      commit('name');
      set({ name });
    },

    setSettings(settings) {
      commit('settings');
      set({ settings });
    },

    addNode(type, position, data) {
      const trigger = type === 'trigger' ? get().nodes.find((n) => n.type === 'trigger') : undefined;
      if (trigger) {
        get().selectNode(trigger.id);
        return trigger.id;
      }
      commit();
      const state = get();
      const id = freshId(type, state.nodes.map((n) => n.id));
      const node: FlowNode = { id, type, position, data: (data ?? defaultDataFor(type)) as Record<string, unknown>, selected: true };
      set({
        nodes: [...state.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node],
        edges: state.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
      });
      return id;
    },

    addConnectedNode(type, position, source, sourceHandle, data) {
      const handle = sourceHandle ?? 'out';
      const previous = get().edges.find((e) => e.source === source && (e.sourceHandle ?? 'out') === handle);
      const id = get().addNode(type, position, data);
      const state = get();
      const edgeIds = state.edges.map((e) => e.id);
      const incoming: FlowEdge = { id: edgeIdFor(source, handle, edgeIds), source, target: id };
      if (sourceHandle) incoming.sourceHandle = sourceHandle;
      const added: FlowEdge[] = [incoming];
      const freshNode = state.nodes.find((n) => n.id === id)!;
      if (previous && handlesOf(asJourneyNode(freshNode)).join() === 'out') {
        added.push({ id: edgeIdFor(id, 'out', [...edgeIds, incoming.id]), source: id, target: previous.target });
      }
      // addNode recorded the undo step; the edges belong to the same step.
      set({ edges: [...withoutEdgesFrom(state.edges, source, sourceHandle), ...added] });
      return id;
    },

    updateNodeData(nodeId, data, field, rename) {
      commit(field ? `data:${nodeId}:${field}` : undefined);
      const state = get();
      const before = state.nodes.find((n) => n.id === nodeId);
      if (before?.type === 'exit') data = withOutcomeLabel(before.data as ExitNode['data'], data as ExitNode['data']);
      set({
        nodes: state.nodes.map((n) => (n.id === nodeId ? { ...n, data: data as Record<string, unknown> } : n)),
        edges: rename
          ? state.edges.map((e) => (e.source === nodeId && e.sourceHandle === rename.from ? { ...e, sourceHandle: rename.to } : e))
          : state.edges,
      });
    },

    onNodesChange(changes) {
      const structural = changes.some((c) => c.type === 'remove' || c.type === 'add' || c.type === 'replace');
      const settled = changes.some((c) => c.type === 'position' && c.position && !c.dragging);
      if (structural) commit();
      // A drag was recorded when it began; a move with the arrow keys arrives settled, with no
      // drag around it, and a run of them makes one undo step.
      else if (settled && !dragging) commit('keyboard-move');
      if (settled) dragging = false;
      set({ nodes: applyNodeChanges(changes, get().nodes) });
    },

    onEdgesChange(changes) {
      const structural = changes.some((c) => c.type === 'remove' || c.type === 'add' || c.type === 'replace');
      if (structural) commit();
      set({ edges: applyEdgeChanges(changes, get().edges) });
    },

    beginDrag() {
      dragging = true;
      commit();
    },

    connect(connection) {
      if (connection.source === connection.target) return;
      commit();
      const state = get();
      const edges = withoutEdgesFrom(state.edges, connection.source, connection.sourceHandle);
      const edge: FlowEdge = {
        id: edgeIdFor(connection.source, connection.sourceHandle, state.edges.map((e) => e.id)),
        source: connection.source,
        target: connection.target,
      };
      if (connection.sourceHandle) edge.sourceHandle = connection.sourceHandle;
      set({ edges: [...edges, edge] });
    },

    reconnect(edgeId, connection) {
      if (connection.source === connection.target) return;
      commit();
      const state = get();
      const others = withoutEdgesFrom(
        state.edges.filter((e) => e.id !== edgeId),
        connection.source,
        connection.sourceHandle,
      );
      const old = state.edges.find((e) => e.id === edgeId);
      if (!old) return;
      const moved: FlowEdge = { id: old.id, source: connection.source, target: connection.target };
      if (connection.sourceHandle) moved.sourceHandle = connection.sourceHandle;
      set({ edges: [...others, moved] });
    },

    setPathTarget(source, handle, target) {
      if (target === null) {
        const state = get();
        if (!state.edges.some((e) => e.source === source && (e.sourceHandle ?? 'out') === handle)) return;
        commit();
        set({ edges: withoutEdgesFrom(get().edges, source, handle) });
        return;
      }
      get().connect({ source, sourceHandle: handle, target, targetHandle: null });
    },

    deleteSelection() {
      const state = get();
      const doomedNodes = new Set(state.nodes.filter((n) => n.selected).map((n) => n.id));
      const doomedEdges = state.edges.filter(
        (e) => e.selected || doomedNodes.has(e.source) || doomedNodes.has(e.target),
      );
      if (doomedNodes.size === 0 && doomedEdges.length === 0) return;
      commit();
      const edgeIds = new Set(doomedEdges.map((e) => e.id));
      set({
        nodes: state.nodes.filter((n) => !doomedNodes.has(n.id)),
        edges: state.edges.filter((e) => !edgeIds.has(e.id)),
      });
    },

    copySelection() {
      const state = get();
      const nodes = state.nodes.filter((n) => n.selected);
      const ids = new Set(nodes.map((n) => n.id));
      const edges = state.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
      if (nodes.length > 0) set({ clipboard: structuredClone({ nodes: nodes.map(stripRuntime), edges: edges.map(stripEdgeRuntime) }) });
    },

    paste() {
      const { clipboard } = get();
      if (!clipboard || clipboard.nodes.length === 0) return;
      commit();
      const state = get();
      const nodeIds = state.nodes.map((n) => n.id);
      const edgeIds = state.edges.map((e) => e.id);
      const renamed = new Map<string, string>();
      // A pasted trigger would make two; paste the rest of the selection without it.
      const copied = clipboard.nodes
        .filter((n) => n.type !== 'trigger' || !state.nodes.some((m) => m.type === 'trigger'))
        .map((n) => {
          const id = freshId(n.type ?? 'node', nodeIds);
          nodeIds.push(id);
          renamed.set(n.id, id);
          return { ...structuredClone(n), id, position: { x: n.position.x + 40, y: n.position.y + 40 }, selected: true };
        });
      const copiedEdges = clipboard.edges
        .filter((e) => renamed.has(e.source) && renamed.has(e.target))
        .map((e) => {
          const source = renamed.get(e.source)!;
          const id = edgeIdFor(source, e.sourceHandle, edgeIds);
          edgeIds.push(id);
          return { ...e, id, source, target: renamed.get(e.target)! };
        });
      set({
        nodes: [...state.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...copied],
        edges: [...state.edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...copiedEdges],
        // The next paste lands one step further, as in every drawing tool.
        clipboard: { nodes: copied.map((n) => stripRuntime(n)), edges: copiedEdges },
      });
    },

    selectNode(nodeId, focus = false) {
      const state = get();
      set({
        nodes: state.nodes.map((n) => {
          const selected = n.id === nodeId;
          return n.selected === selected ? n : { ...n, selected };
        }),
        edges: state.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
        focusRequest: focus && nodeId ? { nodeId, seq: (state.focusRequest?.seq ?? 0) + 1 } : state.focusRequest,
      });
    },

    applyPositions(positions, direction) {
      commit();
      set({
        nodes: get().nodes.map((n) => (positions[n.id] ? { ...n, position: positions[n.id]! } : n)),
        direction: direction ?? get().direction,
      });
    },

    undo() {
      const state = get();
      const previous = state.past.at(-1);
      if (!previous) return;
      set({ past: state.past.slice(0, -1), future: [snapshot(state), ...state.future] });
      restore(previous);
    },

    redo() {
      const state = get();
      const next = state.future[0];
      if (!next) return;
      set({ past: [...state.past, snapshot(state)], future: state.future.slice(1) });
      restore(next);
    },

    setProblems(problems) {
      set({ problems });
    },

    setSimulation(overlay) {
      set({ simulation: overlay });
    },
  };
});

function stripRuntime(node: FlowNode): FlowNode {
  const plain = toJourneyNode(node);
  return { id: plain.id, type: plain.type, position: plain.position, data: plain.data as Record<string, unknown> };
}

function stripEdgeRuntime(edge: FlowEdge): FlowEdge {
  const plain: FlowEdge = { id: edge.id, source: edge.source, target: edge.target };
  if (edge.sourceHandle) plain.sourceHandle = edge.sourceHandle;
  return plain;
}

/** The document as the API and the export want it. */
export function currentJourney(): Journey {
  return toJourney(useEditorStore.getState());
}

/** The node as the journey format has it (for summaries, handles and forms). */
export function asJourneyNode(node: FlowNode): JourneyNode {
  return toJourneyNode(node);
}
