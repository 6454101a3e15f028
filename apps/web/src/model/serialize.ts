import type { Journey, JourneyEdge, JourneyNode, JourneySettings } from '@trellis/journey';
import type { Edge, Node } from '@xyflow/react';

/**
 * The canvas keeps React Flow's nodes and edges, which gain runtime fields as the user works
 * (`measured`, `selected`, `dragging`, `width`, ...). The stored document must pass the strict
 * schema, so serializing keeps exactly the journey format's fields and nothing else.
 */

export type FlowNode = Node<Record<string, unknown>, JourneyNode['type']>;
export type FlowEdge = Edge;

export interface EditorDocument {
  name: string;
  settings: JourneySettings;
  nodes: FlowNode[];
  edges: FlowEdge[];
}

export function toFlowNode(node: JourneyNode): FlowNode {
  return { id: node.id, type: node.type, position: { ...node.position }, data: structuredClone(node.data) };
}

export function toFlowEdge(edge: JourneyEdge): FlowEdge {
  const flow: FlowEdge = { id: edge.id, source: edge.source, target: edge.target };
  if (edge.sourceHandle !== undefined) flow.sourceHandle = edge.sourceHandle;
  return flow;
}

export function fromJourney(journey: Journey): EditorDocument {
  return {
    name: journey.name,
    settings: structuredClone(journey.settings ?? {}),
    nodes: journey.nodes.map(toFlowNode),
    edges: journey.edges.map(toFlowEdge),
  };
}

export function toJourneyNode(node: FlowNode): JourneyNode {
  return {
    id: node.id,
    type: node.type,
    position: { x: node.position.x, y: node.position.y },
    data: structuredClone(node.data),
  } as JourneyNode;
}

export function toJourneyEdge(edge: FlowEdge): JourneyEdge {
  const out: JourneyEdge = { id: edge.id, source: edge.source, target: edge.target };
  if (edge.sourceHandle !== undefined && edge.sourceHandle !== null) out.sourceHandle = edge.sourceHandle;
  return out;
}

export function toJourney(doc: EditorDocument): Journey {
  return {
    schemaVersion: 1,
    name: doc.name,
    settings: structuredClone(doc.settings),
    nodes: doc.nodes.map(toJourneyNode),
    edges: doc.edges.map(toJourneyEdge),
  };
}
