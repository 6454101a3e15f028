import { isZeroDuration } from './time.js';
import type { Problem } from './validate.js';
import { clip, edgeName, edgeProblem, isObject, nodeProblem, type EdgeView, type NodeView, type Path } from './validate-views.js';

/** Graph problems: ids, triggers, edges and their handles, reachability, instant loops. */

export function checkGraph(
  nodes: NodeView[],
  edges: EdgeView[],
  byId: Map<string, NodeView>,
  hasNodeList: boolean,
  problems: Problem[],
): void {
  checkIds(nodes, edges, byId, problems);
  checkTriggerCount(nodes, hasNodeList, problems);
  const graph = new Graph([...byId.values()]);
  const used = checkEdges(edges, byId, graph, problems);
  checkMissingHandles(graph.nodes, used, problems);
  checkReachable(graph, problems);
  checkInstantLoops(graph, problems);
}

/**
 * The first node with each id, and the edges between them as positions in `nodes`; `instant`
 * keeps only the edges a lead may take without pausing first.
 */
class Graph {
  readonly outgoing: number[][];
  readonly instant: number[][];
  private readonly position: Map<string, number>;

  constructor(readonly nodes: NodeView[]) {
    this.outgoing = nodes.map(() => []);
    this.instant = nodes.map(() => []);
    this.position = new Map(nodes.map((n, i) => [n.id!, i]));
  }

  connect(from: NodeView, to: NodeView, handle: string | undefined): void {
    const source = this.position.get(from.id!)!;
    const target = this.position.get(to.id!)!;
    this.outgoing[source]!.push(target);
    if (!pausesBefore(from, handle)) this.instant[source]!.push(target);
  }
}

/**
 * Whether a lead leaving `node` by `handle` has paused there: a wait that lasts some time or
 * needs an event, a time of day (always the next such moment, strictly later), a handoff that
 * sales answers. A zero-length wait, timeout or SLA (PT0S, P0D) rests a lead for no time, so
 * a loop through it spins as if it were not there.
 */
function pausesBefore(node: NodeView, handle: string | undefined): boolean {
  const data = node.data ?? {};
  if (node.type === 'wait') {
    if ('for' in data) return !isZero(data.for);
    const until = isObject(data.until) ? data.until : {};
    if ('event' in until) return handle === 'event' || !isZero(until.timeout);
    return true;
  }
  if (node.type === 'handoff') return handle !== 'sla_expired' || !isZero(data.sla);
  // A cadence waits for its stop event; it is done at once only when every touch is at zero.
  if (node.type === 'cadence') {
    if (handle === 'stopped') return true;
    const touches = Array.isArray(data.touches) ? data.touches : [];
    const last = touches[touches.length - 1];
    return !isObject(last) || !isZero(last.at);
  }
  return false;
}

/** A duration that is not text or not valid is a schema or `bad_duration` problem; here it pauses. */
function isZero(duration: unknown): boolean {
  return typeof duration === 'string' && isZeroDuration(duration);
}

function checkIds(nodes: NodeView[], edges: EdgeView[], byId: Map<string, NodeView>, problems: Problem[]): void {
  const owners = new Map<string, string>();
  const reused = (id: string, owner: string): string => `the id "${clip(id)}" is already used by ${owner}; ids must be unique`;
  for (const node of nodes) {
    if (!node.id) continue;
    const owner = owners.get(node.id);
    if (owner) problems.push(nodeProblem('duplicate_id', node, `${node.name}: ${reused(node.id, owner)}`, ['nodes', node.index, 'id']));
    else owners.set(node.id, node.name);
  }
  for (const edge of edges) {
    if (!edge.id) continue;
    const owner = owners.get(edge.id);
    if (owner) {
      const message = `${edgeName(edge, edge.index, byId)}: ${reused(edge.id, owner)}`;
      problems.push(edgeProblem('duplicate_id', edge, message, ['edges', edge.index, 'id']));
    } else {
      owners.set(edge.id, `connection ${edge.index + 1}`);
    }
  }
}

function checkTriggerCount(nodes: NodeView[], hasNodeList: boolean, problems: Problem[]): void {
  const triggers = nodes.filter((n) => n.type === 'trigger');
  // Without a list of nodes the schema problem says it all.
  if (triggers.length === 0 && hasNodeList) {
    problems.push({
      severity: 'error',
      code: 'trigger_count',
      message: 'The journey has no trigger; add one Trigger node so leads can enter it',
      path: ['nodes'],
    });
  } else if (triggers.length > 1) {
    const names = triggers.map((t) => t.name).join(', ');
    for (const trigger of triggers) {
      const message = `${trigger.name}: a journey has exactly one trigger, and this one has ${triggers.length} (${names}); keep one`;
      problems.push(nodeProblem('trigger_count', trigger, message));
    }
  }
}

/**
 * Dangling ends, edges into the trigger, and handles: unknown, left out, or used twice.
 * Returns the handles in use, as "nodeId handle".
 */
function checkEdges(edges: EdgeView[], byId: Map<string, NodeView>, graph: Graph, problems: Problem[]): Set<string> {
  const used = new Set<string>();
  // No closures per edge: this loop runs for every edge of every keystroke's validation.
  const report = (edge: EdgeView, code: Problem['code'], message: string, path: Path, nodeId?: string): void => {
    problems.push({
      ...edgeProblem(code, edge, `${edgeName(edge, edge.index, byId)}: ${message}`, path),
      ...(nodeId ? { nodeId } : {}),
    });
  };
  for (const edge of edges) {
    const from = edge.source ? byId.get(edge.source) : undefined;
    const to = edge.target ? byId.get(edge.target) : undefined;
    if (edge.source && !from) {
      report(edge, 'dangling_edge', `it starts at "${clip(edge.source)}", which is not a node of this journey`, ['edges', edge.index, 'source']);
    }
    if (edge.target && !to) {
      report(edge, 'dangling_edge', `it ends at "${clip(edge.target)}", which is not a node of this journey`, ['edges', edge.index, 'target']);
    }
    if (to?.type === 'trigger') {
      const message = `nothing can lead into ${to.name}; leads enter a journey only through its trigger's own condition`;
      report(edge, 'edge_into_trigger', message, ['edges', edge.index, 'target']);
    }
    if (from && to) graph.connect(from, to, edge.hasSourceHandle ? edge.sourceHandle : 'out');
    if (!from?.handles) continue;

    const handles = from.handles;
    const handlePath = ['edges', edge.index, 'sourceHandle'];
    if (handles.length === 0) {
      report(edge, 'unknown_handle', `${from.name} ends the journey, so nothing can follow it`, ['edges', edge.index]);
      continue;
    }
    const onlyOut = handles.length === 1 && handles[0] === 'out';
    if (!edge.hasSourceHandle && !onlyOut) {
      report(edge, 'unknown_handle', `say which path of ${from.name} it follows (${handles.join(', ')})`, handlePath);
      continue;
    }
    const handle = edge.hasSourceHandle ? edge.sourceHandle : 'out';
    if (handle === undefined) continue; // a sourceHandle that is not text: a schema problem already
    if (!handles.includes(handle)) {
      const message = `${from.name} has no path called "${clip(handle)}"; its paths are ${handles.join(', ')}`;
      report(edge, 'unknown_handle', message, handlePath);
      continue;
    }
    const key = `${from.id!} ${handle}`;
    if (used.has(key)) {
      const message = `the "${handle}" path of ${from.name} is already connected; a path leads to one step only`;
      report(edge, 'handle_reused', message, handlePath, from.id);
    } else {
      used.add(key);
    }
  }
  return used;
}

function checkMissingHandles(nodes: NodeView[], used: Set<string>, problems: Problem[]): void {
  for (const node of nodes) {
    for (const handle of node.handles ?? []) {
      if (used.has(`${node.id!} ${handle}`)) continue;
      const which = node.handles!.length === 1 && handle === 'out' ? 'its outgoing path' : `the "${handle}" path`;
      const message = `${node.name}: ${which} is not connected; leads who take it finish the journey as completed`;
      problems.push(nodeProblem('missing_handle', node, message));
    }
  }
}

function checkReachable(graph: Graph, problems: Problem[]): void {
  const queue = graph.nodes.flatMap((n, i) => (n.type === 'trigger' ? [i] : []));
  if (queue.length === 0) return; // already a trigger_count problem; every node would be unreachable
  const reached = new Uint8Array(graph.nodes.length);
  for (const i of queue) reached[i] = 1;
  for (let head = 0; head < queue.length; head++) {
    for (const next of graph.outgoing[queue[head]!]!) {
      if (!reached[next]) {
        reached[next] = 1;
        queue.push(next);
      }
    }
  }
  graph.nodes.forEach((node, i) => {
    if (reached[i]) return;
    problems.push(nodeProblem('unreachable', node, `${node.name}: no path from the trigger leads here, so no lead will ever reach it`));
  });
}

function checkInstantLoops(graph: Graph, problems: Problem[]): void {
  for (const component of instantCycles(graph.nodes.length, graph.instant)) {
    const members = component.map((i) => graph.nodes[i]!).sort((a, b) => a.index - b.index);
    const first = members[0]!;
    // A Wait or Handoff on the loop is one of zero length: say so, or the marketer sees a pause.
    const zero = members.filter((n) => n.type === 'wait' || n.type === 'handoff' || n.type === 'cadence');
    const names = members.map((n) => n.name).join(', ');
    const zeroNote = `a wait, timeout or SLA of zero length (PT0S) is no pause`;
    let message: string;
    if (zero.length === 0) {
      message =
        members.length === 1
          ? `${first.name} leads straight back to itself with no Wait or Handoff in between, so a lead would loop forever`
          : `These steps form a loop with no Wait or Handoff in it, so a lead would go round forever: ${names}`;
    } else {
      message =
        members.length === 1
          ? `${first.name} leads straight back to itself and waits no time, so a lead would loop forever; ${zeroNote}`
          : `These steps form a loop that never pauses, so a lead would go round forever: ${names}; ${zeroNote} (${zero.map((n) => n.name).join(', ')})`;
    }
    problems.push(nodeProblem('instant_loop', first, message));
  }
}

/**
 * Strongly connected components (Tarjan, iterative so a long chain cannot overflow the
 * stack) of the graph of instant edges: every cycle in it is instant.
 * Returns components of two or more nodes, and single nodes with an edge to themselves.
 */
function instantCycles(count: number, outgoing: number[][]): number[][] {
  const order = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const stack: number[] = [];
  const found: number[][] = [];
  let counter = 0;

  for (let start = 0; start < count; start++) {
    if (order[start] !== -1) continue;
    const frames: { node: number; next: number }[] = [{ node: start, next: 0 }];
    order[start] = low[start] = counter++;
    stack.push(start);
    onStack[start] = 1;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const targets = outgoing[frame.node]!;
      if (frame.next < targets.length) {
        const to = targets[frame.next++]!;
        if (order[to] === -1) {
          order[to] = low[to] = counter++;
          stack.push(to);
          onStack[to] = 1;
          frames.push({ node: to, next: 0 });
        } else if (onStack[to]) {
          low[frame.node] = Math.min(low[frame.node]!, order[to]!);
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low[parent.node] = Math.min(low[parent.node]!, low[frame.node]!);
      if (low[frame.node] !== order[frame.node]) continue;
      const component: number[] = [];
      let member: number;
      do {
        member = stack.pop()!;
        onStack[member] = 0;
        component.push(member);
      } while (member !== frame.node);
      if (component.length > 1 || targets.includes(frame.node)) found.push(component);
    }
  }
  return found;
}
