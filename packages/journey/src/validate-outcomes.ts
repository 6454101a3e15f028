import type { Problem } from './validate.js';
import type { EdgeView, NodeView } from './validate-views.js';

/**
 * `lost_path_converts` (a warning): a handoff's `disqualified` or `sla_expired` path ends at
 * an exit whose outcome is `converted`. Every new exit starts as "Converted", so a marketer who
 * draws an exit after a lost lead and forgets to change it would count losses as wins in every
 * report. The walk follows the path forward until another handoff: there sales decides again,
 * and a later "converted" after it is a real one (a disqualified lead nurtured back to sales).
 */

const LOST_HANDLES = ['disqualified', 'sla_expired'] as const;
const HANDLE_WORDS: Record<(typeof LOST_HANDLES)[number], string> = {
  disqualified: 'disqualified',
  sla_expired: 'SLA-expired',
};

export function checkOutcomes(nodes: NodeView[], edges: EdgeView[], byId: ReadonlyMap<string, NodeView>, problems: Problem[]): void {
  const outgoing = new Map<string, EdgeView[]>();
  for (const edge of edges) {
    if (!edge.source || !edge.target) continue;
    outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge]);
  }
  for (const handoff of nodes) {
    if (handoff.type !== 'handoff' || !handoff.id) continue;
    for (const handle of LOST_HANDLES) {
      const first = (outgoing.get(handoff.id) ?? []).filter((e) => e.sourceHandle === handle);
      for (const exit of convertedExitsFrom(first, outgoing, byId)) {
        problems.push({
          severity: 'warning',
          code: 'lost_path_converts',
          message: `${exit.name}: the ${HANDLE_WORDS[handle]} path of ${handoff.name} ends "converted"; choose an outcome such as "${handle === 'disqualified' ? 'disqualified' : 'sla_expired'}"`,
          ...(exit.id ? { nodeId: exit.id } : {}),
          path: ['nodes', exit.index, 'data', 'outcome'],
        });
      }
    }
  }
}

/** Exits with outcome `converted` reachable from `start` without passing another handoff. */
function convertedExitsFrom(start: EdgeView[], outgoing: ReadonlyMap<string, EdgeView[]>, byId: ReadonlyMap<string, NodeView>): NodeView[] {
  const found: NodeView[] = [];
  const seen = new Set<string>();
  const queue = start.map((e) => e.target!);
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = byId.get(id);
    if (!node || node.type === 'handoff' || node.type === 'trigger') continue;
    if (node.type === 'exit') {
      if (node.data?.outcome === 'converted') found.push(node);
      continue;
    }
    for (const edge of outgoing.get(id) ?? []) queue.push(edge.target!);
  }
  return found;
}
