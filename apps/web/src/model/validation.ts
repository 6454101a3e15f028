import type { Problem } from '@trellis/journey';

export type { Problem };
export { hasErrors, validateJourney } from '@trellis/journey';

/** Problems grouped by the node or edge they sit on. */
export function problemsByTarget(problems: readonly Problem[]): { nodes: Map<string, Problem[]>; edges: Map<string, Problem[]> } {
  const nodes = new Map<string, Problem[]>();
  const edges = new Map<string, Problem[]>();
  for (const problem of problems) {
    if (problem.nodeId) nodes.set(problem.nodeId, [...(nodes.get(problem.nodeId) ?? []), problem]);
    if (problem.edgeId) edges.set(problem.edgeId, [...(edges.get(problem.edgeId) ?? []), problem]);
  }
  return { nodes, edges };
}
