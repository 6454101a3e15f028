import type { SimulatedLead } from '../api/client.js';
import type { FlowEdge } from '../model/serialize.js';

/** How many leads entered each node (a lead that loops counts once). */
export function reachedCounts(leads: readonly SimulatedLead[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const lead of leads) {
    for (const nodeId of new Set(lead.path.map((step) => step.nodeId))) counts[nodeId] = (counts[nodeId] ?? 0) + 1;
  }
  return counts;
}

/** Leads per outcome; a lead still inside the journey at `until` counts as `in journey`. */
export function outcomeCounts(leads: readonly SimulatedLead[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const lead of leads) {
    const outcome = lead.outcome ?? 'in journey';
    counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]);
}

/** The nodes and edges one lead went through, for lighting its path on the canvas. */
export function pathOf(lead: SimulatedLead, edges: readonly FlowEdge[]): { nodeIds: Set<string>; edgeIds: Set<string> } {
  const nodeIds = new Set(lead.path.map((step) => step.nodeId));
  const edgeIds = new Set<string>();
  lead.path.forEach((step, index) => {
    const next = lead.path[index + 1];
    if (!next) return;
    const handle = step.handle ?? 'out';
    const between = edges.filter((e) => e.source === step.nodeId && e.target === next.nodeId);
    const edge = between.find((e) => (e.sourceHandle ?? 'out') === handle) ?? between[0];
    if (edge) edgeIds.add(edge.id);
  });
  return { nodeIds, edgeIds };
}

export interface SendTally {
  nodeId: string;
  channel: string;
  template: string;
  byStatus: Record<string, number>;
  total: number;
}

/** Every touch of a run, counted per step and status (`sent`, `suppressed`, `capped`, `failed`). */
export function sendTallies(leads: readonly SimulatedLead[]): SendTally[] {
  const tallies = new Map<string, SendTally>();
  for (const lead of leads) {
    for (const send of lead.sends) {
      const key = `${send.nodeId}\u0000${send.template}`;
      const tally = tallies.get(key) ?? { nodeId: send.nodeId, channel: send.channel, template: send.template, byStatus: {}, total: 0 };
      tally.byStatus[send.status] = (tally.byStatus[send.status] ?? 0) + 1;
      tally.total += 1;
      tallies.set(key, tally);
    }
  }
  return [...tallies.values()];
}

/**
 * What a simulation's numbers depend on: every node's type and settings, every path and the
 * journey's settings. Positions are left out: moving a card does not change what a run does.
 */
export function runKey(doc: {
  nodes: ReadonlyArray<{ id: string; type?: string; data: unknown }>;
  edges: ReadonlyArray<{ source: string; target: string; sourceHandle?: string | null }>;
  settings: unknown;
}): string {
  return JSON.stringify([
    doc.nodes.map((n) => [n.id, n.type, n.data]),
    doc.edges.map((e) => [e.source, e.sourceHandle ?? 'out', e.target]),
    doc.settings,
  ]);
}
