import { journeySchema, NODE_TYPES, type JourneyNode, type NodeType } from './schema.js';
import { handlesOf } from './handles.js';
import { isValidDuration, isValidTimeOfDay, isValidTimeZone } from './time.js';

/**
 * The journey validator: every problem at once, each placed on its node or edge with a path
 * into the document, so the editor can draw it where the marketer will look.
 *
 * Codes beyond the table in the spec's "Validation" section (it says "at least these"):
 * - `edge_into_trigger`: an edge ends at the trigger. Leads enter a journey only through its
 *   trigger's own `on`, so such an edge could never be taken as drawn.
 * Checks the spec leaves implicit, reported under existing codes:
 * - `schema`: two branch cases or two split variants share a handle, or a case is named
 *   `else` (the branch's fallback handle), since edges could not tell them apart.
 * - `unknown_handle`: an edge leaves out `sourceHandle` while its source has handles other
 *   than the single `out`; any edge leaving an exit (an exit has no handles).
 * Decisions where the spec is silent:
 * - Ids are unique across nodes and edges together ("unique within the journey").
 * - Later duplicates of an id get the problem; edges resolve to the first node with an id,
 *   and a duplicated node is left out of the graph checks (it already has an error).
 * - Graph checks follow every edge whose two ends exist, even one with a handle problem, and
 *   an edge to a missing node still occupies its handle: each mistake is reported once.
 * - With no trigger, `unreachable` is not reported (every node would be); with several,
 *   reachability is measured from all of them.
 * - `instant_loop` is reported once per strongly connected component of the graph without
 *   its wait and handoff nodes: exactly the nodes that lie on a cycle with neither.
 * - An empty duration, time or zone string is the schema's problem, not `bad_*` as well.
 */

export const PROBLEM_CODES = [
  'schema',
  'trigger_count',
  'duplicate_id',
  'dangling_edge',
  'unknown_handle',
  'missing_handle',
  'handle_reused',
  'unreachable',
  'instant_loop',
  'bad_duration',
  'bad_time',
  'bad_timezone',
  'weights',
  'edge_into_trigger',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface Problem {
  severity: 'error' | 'warning';
  code: ProblemCode;
  message: string;
  nodeId?: string;
  edgeId?: string;
  path: (string | number)[];
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

type Path = (string | number)[];
type Json = Record<string, unknown>;

interface NodeView {
  index: number;
  id: string | undefined;
  type: NodeType | undefined;
  data: Json | undefined;
  /** How messages name it: `Wait "Wait 3 days"`, `Send node "s1"`, `Node 4`. */
  name: string;
  /** Distinct outgoing handles, or undefined when the node is too malformed to know them. */
  handles: string[] | undefined;
}

interface EdgeView {
  index: number;
  id: string | undefined;
  source: string | undefined;
  target: string | undefined;
  sourceHandle: string | undefined;
  hasSourceHandle: boolean;
}

export function validateJourney(doc: unknown): Problem[] {
  const problems: Problem[] = [];
  try {
    const nodes = nodeViews(doc);
    const edges = edgeViews(doc);
    const byId = firstById(nodes);
    checkSchema(doc, nodes, edges, byId, problems);
    checkGraph(nodes, edges, isObject(doc) && Array.isArray(doc.nodes), problems);
    checkValues(doc, nodes, problems);
  } catch {
    // Only reachable through a bug or exotic input (a throwing getter); the editor still
    // gets a problem to show instead of a crash.
    problems.push({
      severity: 'error',
      code: 'schema',
      message: 'The journey could not be checked completely; it may contain values that are not plain JSON',
      path: [],
    });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------
// Reading the raw document leniently

const TYPE_TITLES: Record<NodeType, string> = {
  trigger: 'Trigger',
  wait: 'Wait',
  branch: 'Branch',
  split: 'Split',
  send: 'Send',
  update: 'Update',
  handoff: 'Handoff',
  exit: 'Exit',
};

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function arrayAt(doc: unknown, key: string): unknown[] {
  if (!isObject(doc)) return [];
  const value = doc[key];
  return Array.isArray(value) ? value : [];
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function nodeViews(doc: unknown): NodeView[] {
  return arrayAt(doc, 'nodes').map((raw, index) => {
    const node = isObject(raw) ? raw : {};
    const id = nonEmptyString(node.id);
    const type = (NODE_TYPES as readonly unknown[]).includes(node.type) ? (node.type as NodeType) : undefined;
    const data = isObject(node.data) ? node.data : undefined;
    const label = nonEmptyString(data?.label)?.trim();
    const title = type ? TYPE_TITLES[type] : 'Node';
    const name = label
      ? `${title} "${clip(label)}"`
      : id
        ? `${title}${type ? ' node' : ''} "${clip(id)}"`
        : `${title} ${index + 1}`;
    return { index, id, type, data, name, handles: lenientHandles(node, type) };
  });
}

/** `handlesOf` on a node that may not have passed the schema; undefined if it cannot tell. */
function lenientHandles(node: Json, type: NodeType | undefined): string[] | undefined {
  if (!type) return undefined;
  try {
    const handles: unknown = handlesOf(node as unknown as JourneyNode);
    if (!Array.isArray(handles) || !handles.every((h) => nonEmptyString(h))) return undefined;
    return [...new Set(handles as string[])];
  } catch {
    return undefined;
  }
}

function edgeViews(doc: unknown): EdgeView[] {
  return arrayAt(doc, 'edges').map((raw, index) => {
    const edge = isObject(raw) ? raw : {};
    return {
      index,
      id: nonEmptyString(edge.id),
      source: nonEmptyString(edge.source),
      target: nonEmptyString(edge.target),
      sourceHandle: nonEmptyString(edge.sourceHandle),
      hasSourceHandle: edge.sourceHandle !== undefined,
    };
  });
}

// ---------------------------------------------------------------------------------------
// Shape: zod's issues, in words, plus handle names the schema cannot see

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
  values?: unknown[];
  expected?: string;
  origin?: string;
  minimum?: unknown;
  maximum?: unknown;
  errors?: Issue[][];
  options?: unknown[];
  note?: string;
}

function checkSchema(doc: unknown, nodes: NodeView[], edges: EdgeView[], byId: Map<string, NodeView>, problems: Problem[]): void {
  let issues: Issue[];
  try {
    const result = journeySchema.safeParse(doc);
    issues = result.success ? [] : (result.error.issues as unknown as Issue[]);
  } catch {
    // A self-referencing condition sends zod's recursion past the stack.
    problems.push({
      severity: 'error',
      code: 'schema',
      message: 'The journey is nested too deeply or refers to itself; it must be plain JSON',
      path: [],
    });
    issues = [];
  }
  for (const { path, predicate, sentence } of flattenIssues(issues, [], doc)) {
    problems.push(placed(schemaProblem(path, predicate, sentence, nodes, edges, byId), path, nodes, edges));
  }
  for (const node of nodes) checkHandleNames(node, problems);
}

function placed(problem: Problem, path: Path, nodes: NodeView[], edges: EdgeView[]): Problem {
  const index = path[1];
  if (typeof index !== 'number') return problem;
  if (path[0] === 'nodes' && nodes[index]?.id) return { ...problem, nodeId: nodes[index].id };
  if (path[0] === 'edges' && edges[index]?.id) return { ...problem, edgeId: edges[index].id };
  return problem;
}

function schemaProblem(
  path: Path,
  predicate: string,
  sentence: boolean,
  nodes: NodeView[],
  edges: EdgeView[],
  byId: Map<string, NodeView>,
): Problem {
  let where = 'Journey';
  let rest = path;
  if (path[0] === 'settings') {
    where = 'Settings';
    rest = path.slice(1);
  } else if (path[0] === 'nodes' && typeof path[1] === 'number') {
    where = nodes[path[1]]?.name ?? `Node ${path[1] + 1}`;
    rest = path[2] === 'data' ? path.slice(3) : path.slice(2);
  } else if (path[0] === 'edges' && typeof path[1] === 'number') {
    where = edgeName(edges[path[1]], path[1], byId);
    rest = path.slice(2);
  }
  const field = sentence ? '' : fieldName(rest);
  return {
    severity: 'error',
    code: 'schema',
    message: `${where}: ${field ? `${field} ` : ''}${predicate}`,
    path,
  };
}

/** `["cases", 0, "when"]` → `cases[0].when`. */
function fieldName(path: Path): string {
  let out = '';
  for (const step of path) out += typeof step === 'number' ? `[${step}]` : out ? `.${step}` : String(step);
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const step of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[step];
  }
  return value;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true/false';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

const EXPECTED_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
};

function quote(value: unknown): string {
  return typeof value === 'string' ? `"${clip(value)}"` : String(value);
}

function toPath(steps: readonly PropertyKey[]): Path {
  return steps.map((s) => (typeof s === 'number' ? s : String(s)));
}

/**
 * zod reports a union that matched no option as one issue holding every option's issues.
 * A marketer needs the issues of the option they meant, so pick the option the value is
 * closest to: fewest missing and unknown fields, no mismatch of the whole value's type.
 */
interface Flat {
  path: Path;
  /** What is wrong, said of the field at `path`: "must not be empty". */
  predicate: string;
  /** The schema's own message already names its field ("cannot set \"scor\": ..."). */
  sentence: boolean;
}

function flattenIssues(issues: Issue[], base: Path, root: unknown): Flat[] {
  const out: Flat[] = [];
  for (const issue of issues) {
    const path = [...base, ...toPath(issue.path)];
    const value = valueAt(root, path);
    if (issue.code === 'invalid_union' && issue.errors && issue.errors.length > 0) {
      out.push(...flattenUnion(issue.errors, path, root));
    } else {
      out.push({ path, predicate: predicateOf(issue, value), sentence: issue.code === 'custom' });
    }
  }
  return out;
}

function flattenUnion(options: Issue[][], path: Path, root: unknown): Flat[] {
  const value = valueAt(root, path);
  const scored = options.map((issues) => ({ issues, score: mismatch(issues, value) }));
  const best = Math.min(...scored.map((o) => o.score));
  const closest = scored.filter((o) => o.score === best);
  const fewest = Math.min(...closest.map((o) => o.issues.length));
  const tied = closest.filter((o) => o.issues.length === fewest).map((o) => o.issues);
  if (tied.length > 1) {
    const summary = summarizeTie(tied, options, value);
    if (summary) return [{ path, predicate: summary, sentence: false }];
  }
  return flattenIssues(tied[0] ?? [], path, root);
}

function mismatch(issues: Issue[], value: unknown): number {
  let score = 0;
  for (const issue of issues) {
    if (issue.path.length === 0 && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) score += 1000;
    else if (issue.path.length === 0 && issue.code === 'unrecognized_keys') score += issue.keys?.length ?? 1;
    else if (issue.path.length === 1 && valueAt(value, issue.path) === undefined) score += 1;
    // A wrong literal such as `mode: "always"` means another option was meant.
    else if (issue.path.length === 1 && issue.code === 'invalid_value' && issue.values?.length === 1) score += 2;
  }
  return score;
}

function summarizeTie(options: Issue[][], all: Issue[][], value: unknown): string | undefined {
  const missing = options.map((issues) =>
    issues.filter((i) => i.path.length === 1 && valueAt(value, i.path) === undefined).map((i) => String(i.path[0])),
  );
  if (missing.every((keys) => keys.length > 0)) {
    const needs = [...new Set(missing.map((keys) => keys[0]!))].map((k) => `"${k}"`);
    const unknown = options[0]!.find((i) => i.path.length === 0 && i.code === 'unrecognized_keys')?.keys ?? [];
    const needText = needs.length === 1 ? `needs ${needs[0]}` : `needs one of ${needs.join(', ')}`;
    return unknown.length > 0 ? `${needText}; unknown field ${unknown.map((k) => `"${k}"`).join(', ')}` : needText;
  }
  const sole = options.map((issues) => (issues.length === 1 ? issues[0]! : undefined));
  if (sole.every((i) => i?.code === 'invalid_value' && i.path.length === 1 && i.path[0] === sole[0]!.path[0])) {
    // Name every value the key may take, also those of options that were further off.
    const key = String(sole[0]!.path[0]);
    const allowed = [
      ...new Set(all.flatMap((issues) => issues.filter((i) => i.code === 'invalid_value' && i.path.length === 1 && i.path[0] === key).flatMap((i) => i.values ?? []))),
    ].map(quote);
    return `${key} must be one of ${allowed.join(', ')}, not ${quote(valueAt(value, [key]))}`;
  }
  const roots = options.map((issues) => issues.find((i) => i.path.length === 0));
  if (roots.every((i) => i?.code === 'invalid_type' || i?.code === 'invalid_value')) {
    const alternatives = roots.map((i) =>
      i!.code === 'invalid_value'
        ? (i!.values ?? []).map(quote).join(' or ')
        : (EXPECTED_WORDS[i!.expected ?? ''] ?? String(i!.expected)),
    );
    return `must be ${alternatives.join(' or ')}, not ${kindOf(value)}`;
  }
  return undefined;
}

function predicateOf(issue: Issue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return 'is required';
      return `must be ${EXPECTED_WORDS[issue.expected ?? ''] ?? issue.expected}, not ${kindOf(value)}`;
    case 'unrecognized_keys': {
      const keys = (issue.keys ?? []).map((k) => `"${clip(k)}"`).join(', ');
      return (issue.keys?.length ?? 0) > 1 ? `has unknown fields ${keys}` : `has unknown field ${keys}`;
    }
    case 'invalid_value': {
      const allowed = (issue.values ?? []).map(quote);
      const not = value === undefined ? '' : `, not ${typeof value === 'object' ? kindOf(value) : quote(value)}`;
      return allowed.length === 1 ? `must be ${allowed[0]}${not}` : `must be one of ${allowed.join(', ')}${not}`;
    }
    case 'invalid_union':
      // A discriminated union whose `type` names no node type.
      if (value === undefined) return 'is required';
      return `must be one of ${(issue.options ?? []).map(String).join(', ')}, not ${quote(value)}`;
    case 'too_small':
      if (!issue.message.startsWith('Too small')) return issue.message;
      if (issue.origin === 'string') return 'must not be empty';
      if (issue.origin === 'array') return `needs at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`;
      return `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      if (!issue.message.startsWith('Too big')) return issue.message;
      if (issue.origin === 'string') return `must be at most ${String(issue.maximum)} characters`;
      return `must be at most ${String(issue.maximum)}`;
    case 'invalid_key':
      return 'has a field with an empty name';
    default:
      return issue.message;
  }
}

/** Branch cases and split variants: handles the schema accepts one by one but not together. */
function checkHandleNames(node: NodeView, problems: Problem[]): void {
  const list = node.type === 'branch' ? node.data?.cases : node.type === 'split' ? node.data?.variants : undefined;
  if (!Array.isArray(list)) return;
  const key = node.type === 'branch' ? 'cases' : 'variants';
  const seen = new Set<string>();
  list.forEach((entry, i) => {
    const handle = isObject(entry) ? nonEmptyString(entry.handle) : undefined;
    if (!handle) return;
    const path = ['nodes', node.index, 'data', key, i, 'handle'];
    const problem = (message: string): Problem => ({
      severity: 'error',
      code: 'schema',
      message,
      ...(node.id ? { nodeId: node.id } : {}),
      path,
    });
    if (node.type === 'branch' && handle === 'else') {
      problems.push(problem(`${node.name}: a case cannot be called "else"; that name is kept for leads no case matches`));
    } else if (seen.has(handle)) {
      const what = node.type === 'branch' ? 'case' : 'variant';
      problems.push(problem(`${node.name}: two ${what}s are called "${clip(handle)}"; give each ${what} its own name`));
    }
    seen.add(handle);
  });
}

// ---------------------------------------------------------------------------------------
// Graph: ids, edges, handles, reachability, loops

/** Edges name their ends by the first node with each id, as the graph does. */
function firstById(nodes: NodeView[]): Map<string, NodeView> {
  const byId = new Map<string, NodeView>();
  for (const node of nodes) if (node.id && !byId.has(node.id)) byId.set(node.id, node);
  return byId;
}

function edgeName(edge: EdgeView | undefined, index: number, byId: Map<string, NodeView>): string {
  const from = edge?.source ? byId.get(edge.source) : undefined;
  const to = edge?.target ? byId.get(edge.target) : undefined;
  if (from && to) return `The connection from ${from.name} to ${to.name}`;
  return edge?.id ? `Connection "${clip(edge.id)}"` : `Connection ${index + 1}`;
}

function nodeProblem(code: ProblemCode, node: NodeView, message: string, path: Path = ['nodes', node.index]): Problem {
  return {
    severity: code === 'missing_handle' ? 'warning' : 'error',
    code,
    message,
    ...(node.id ? { nodeId: node.id } : {}),
    path,
  };
}

function edgeProblem(code: ProblemCode, edge: EdgeView, message: string, path: Path): Problem {
  return { severity: 'error', code, message, ...(edge.id ? { edgeId: edge.id } : {}), path };
}

function checkGraph(nodes: NodeView[], edges: EdgeView[], hasNodeList: boolean, problems: Problem[]): void {
  const byId = new Map<string, NodeView>();
  const idOwners = new Map<string, string>();
  for (const node of nodes) {
    if (!node.id) continue;
    const owner = idOwners.get(node.id);
    if (owner) {
      problems.push(
        nodeProblem('duplicate_id', node, `${node.name}: the id "${clip(node.id)}" is already used by ${owner}; ids must be unique`, [
          'nodes',
          node.index,
          'id',
        ]),
      );
    } else {
      idOwners.set(node.id, node.name);
      byId.set(node.id, node);
    }
  }
  for (const edge of edges) {
    if (!edge.id) continue;
    const owner = idOwners.get(edge.id);
    if (owner) {
      problems.push(
        edgeProblem(
          'duplicate_id',
          edge,
          `${edgeName(edge, edge.index, byId)}: the id "${clip(edge.id)}" is already used by ${owner}; ids must be unique`,
          ['edges', edge.index, 'id'],
        ),
      );
    } else {
      idOwners.set(edge.id, `connection ${edge.index + 1}`);
    }
  }

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
      problems.push(
        nodeProblem('trigger_count', trigger, `${trigger.name}: a journey has exactly one trigger, and this one has ${triggers.length} (${names}); keep one`),
      );
    }
  }

  // Each usable edge as [from, to] positions into `graphNodes`.
  const graphNodes = [...byId.values()];
  const position = new Map(graphNodes.map((n, i) => [n.id!, i]));
  const outgoing: number[][] = graphNodes.map(() => []);
  const used = new Map<string, EdgeView>(); // "position handle" → first edge leaving it

  for (const edge of edges) {
    const name = (): string => edgeName(edge, edge.index, byId);
    const from = edge.source ? byId.get(edge.source) : undefined;
    const to = edge.target ? byId.get(edge.target) : undefined;
    if (edge.source && !from) {
      problems.push(edgeProblem('dangling_edge', edge, `${name()}: it starts at "${clip(edge.source)}", which is not a node of this journey`, ['edges', edge.index, 'source']));
    }
    if (edge.target && !to) {
      problems.push(edgeProblem('dangling_edge', edge, `${name()}: it ends at "${clip(edge.target)}", which is not a node of this journey`, ['edges', edge.index, 'target']));
    }
    if (to?.type === 'trigger') {
      problems.push(
        edgeProblem('edge_into_trigger', edge, `${name()}: nothing can lead into ${to.name}; leads enter a journey only through its trigger's own condition`, ['edges', edge.index, 'target']),
      );
    }
    if (from && to) outgoing[position.get(from.id!)!]!.push(position.get(to.id!)!);
    if (!from?.handles) continue;

    const handles = from.handles;
    const handlePath = ['edges', edge.index, 'sourceHandle'];
    let handle = edge.sourceHandle;
    if (!edge.hasSourceHandle) {
      if (handles.length === 1 && handles[0] === 'out') handle = 'out';
      else if (handles.length === 0) handle = undefined;
      else {
        problems.push(edgeProblem('unknown_handle', edge, `${name()}: say which path of ${from.name} it follows (${handles.join(', ')})`, handlePath));
        continue;
      }
    }
    if (handles.length === 0) {
      problems.push(edgeProblem('unknown_handle', edge, `${name()}: ${from.name} ends the journey, so nothing can follow it`, ['edges', edge.index]));
      continue;
    }
    if (handle === undefined) continue; // a non-string sourceHandle: a schema problem already
    if (!handles.includes(handle)) {
      problems.push(
        edgeProblem('unknown_handle', edge, `${name()}: ${from.name} has no path called "${clip(handle)}"; its paths are ${handles.join(', ')}`, handlePath),
      );
      continue;
    }
    const key = `${from.id!} ${handle}`;
    if (used.has(key)) {
      problems.push({
        ...edgeProblem('handle_reused', edge, `${name()}: the "${handle}" path of ${from.name} is already connected; a path leads to one step only`, handlePath),
        ...(from.id ? { nodeId: from.id } : {}),
      });
    } else {
      used.set(key, edge);
    }
  }

  for (const node of graphNodes) {
    for (const handle of node.handles ?? []) {
      if (used.has(`${node.id!} ${handle}`)) continue;
      const which = node.handles!.length === 1 && handle === 'out' ? 'its outgoing path' : `the "${handle}" path`;
      problems.push(
        nodeProblem('missing_handle', node, `${node.name}: ${which} is not connected; leads who take it finish the journey as completed`),
      );
    }
  }

  const firstTriggers = graphNodes.flatMap((n, i) => (n.type === 'trigger' ? [i] : []));
  if (firstTriggers.length > 0) {
    const reached = new Uint8Array(graphNodes.length);
    const queue = [...firstTriggers];
    for (const i of queue) reached[i] = 1;
    for (let head = 0; head < queue.length; head++) {
      for (const next of outgoing[queue[head]!]!) {
        if (!reached[next]) {
          reached[next] = 1;
          queue.push(next);
        }
      }
    }
    graphNodes.forEach((node, i) => {
      if (!reached[i]) {
        problems.push(nodeProblem('unreachable', node, `${node.name}: no path from the trigger leads here, so no lead will ever reach it`));
      }
    });
  }

  const pauses = (n: NodeView): boolean => n.type === 'wait' || n.type === 'handoff';
  for (const component of instantCycles(graphNodes.length, outgoing, (i) => pauses(graphNodes[i]!))) {
    const members = component.sort((a, b) => graphNodes[a]!.index - graphNodes[b]!.index).map((i) => graphNodes[i]!);
    const names = members.map((n) => n.name).join(', ');
    problems.push(
      nodeProblem(
        'instant_loop',
        members[0]!,
        members.length === 1
          ? `${members[0]!.name} leads straight back to itself with no Wait or Handoff in between, so a lead would loop forever`
          : `These steps form a loop with no Wait or Handoff in it, so a lead would go round forever: ${names}`,
      ),
    );
  }
}

/**
 * Strongly connected components (Tarjan, iterative so a long chain cannot overflow the
 * stack) of the graph without its pausing nodes: every cycle among what remains is instant.
 * Returns components of two or more nodes, and single nodes with an edge to themselves.
 */
function instantCycles(count: number, outgoing: number[][], pauses: (i: number) => boolean): number[][] {
  const order = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const stack: number[] = [];
  const found: number[][] = [];
  let counter = 0;

  for (let start = 0; start < count; start++) {
    if (order[start] !== -1 || pauses(start)) continue;
    const frames: { node: number; next: number }[] = [{ node: start, next: 0 }];
    order[start] = low[start] = counter++;
    stack.push(start);
    onStack[start] = 1;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const targets = outgoing[frame.node]!;
      if (frame.next < targets.length) {
        const to = targets[frame.next++]!;
        if (pauses(to)) continue;
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

// ---------------------------------------------------------------------------------------
// Values: durations, times of day, zones, split weights

const DURATION_HINT = 'use ISO 8601 such as P3D or PT5M';
const TIME_HINT = 'use HH:MM on a 24-hour clock such as 09:00 or 20:30';
const ZONE_HINT = 'use an IANA name such as Europe/London or America/New_York';

/** Deep enough for any condition a person draws; stops cyclic or absurd input. */
const MAX_CONDITION_DEPTH = 64;

function checkValues(doc: unknown, nodes: NodeView[], problems: Problem[]): void {
  const seen = new Set<object>();
  const settings = isObject(doc) && isObject(doc.settings) ? doc.settings : undefined;
  const settingsProblem = (code: ProblemCode, message: string, path: Path): void => {
    problems.push({ severity: 'error', code, message: `Settings: ${message}`, path: ['settings', ...path] });
  };
  const duration = (value: unknown, what: string, report: (message: string) => void): void => {
    const text = nonEmptyString(value);
    if (text !== undefined && !isValidDuration(text)) report(`${what}"${clip(text)}" is not a duration; ${DURATION_HINT}`);
  };
  const time = (value: unknown, what: string, report: (message: string) => void): void => {
    const text = nonEmptyString(value);
    if (text !== undefined && !isValidTimeOfDay(text)) report(`${what}"${clip(text)}" is not a time of day; ${TIME_HINT}`);
  };

  if (settings) {
    const zone = nonEmptyString(settings.timezone);
    if (zone !== undefined && !isValidTimeZone(zone)) {
      settingsProblem('bad_timezone', `time zone "${clip(zone)}" is not a time zone; ${ZONE_HINT}`, ['timezone']);
    }
    if (isObject(settings.reentry)) {
      duration(settings.reentry.after, 're-entry delay ', (m) => settingsProblem('bad_duration', m, ['reentry', 'after']));
    }
    for (const key of ['quietHours', 'sendWindow'] as const) {
      const window = settings[key];
      if (!isObject(window)) continue;
      const what = key === 'quietHours' ? 'quiet hours' : 'send window';
      time(window.from, `${what} start `, (m) => settingsProblem('bad_time', m, [key, 'from']));
      time(window.to, `${what} end `, (m) => settingsProblem('bad_time', m, [key, 'to']));
    }
    if (Array.isArray(settings.frequencyCap)) {
      settings.frequencyCap.forEach((cap, i) => {
        if (isObject(cap)) {
          duration(cap.per, `frequency cap ${i + 1} period `, (m) => settingsProblem('bad_duration', m, ['frequencyCap', i, 'per']));
        }
      });
    }
    for (const key of ['goal', 'exitWhen'] as const) {
      conditionDurations(settings[key], ['settings', key], 'Settings', undefined, problems, seen);
    }
  }

  for (const node of nodes) {
    const data = node.data;
    if (!data) continue;
    const at = (...rest: Path): Path => ['nodes', node.index, 'data', ...rest];
    const report = (code: ProblemCode, path: Path) => (message: string) =>
      problems.push(nodeProblem(code, node, `${node.name}: ${message}`, path));
    switch (node.type) {
      case 'wait': {
        duration(data.for, '', report('bad_duration', at('for')));
        if (isObject(data.until)) {
          time(data.until.time, '', report('bad_time', at('until', 'time')));
          duration(data.until.timeout, 'the timeout ', report('bad_duration', at('until', 'timeout')));
        }
        break;
      }
      case 'handoff':
        duration(data.sla, 'the SLA ', report('bad_duration', at('sla')));
        break;
      case 'trigger':
        if (isObject(data.on)) {
          conditionDurations(data.on.condition, at('on', 'condition'), node.name, node.id, problems, seen);
          conditionDurations(data.on.segment, at('on', 'segment'), node.name, node.id, problems, seen);
        }
        break;
      case 'branch':
        if (Array.isArray(data.cases)) {
          data.cases.forEach((c, i) => {
            if (isObject(c)) conditionDurations(c.when, at('cases', i, 'when'), node.name, node.id, problems, seen);
          });
        }
        break;
      case 'split':
        if (Array.isArray(data.variants)) {
          data.variants.forEach((v, i) => {
            if (!isObject(v) || typeof v.weight !== 'number') return; // otherwise a schema problem
            if (Number.isFinite(v.weight) && v.weight > 0) return;
            const handle = nonEmptyString(v.handle);
            const variant = handle ? `variant "${clip(handle)}"` : `variant ${i + 1}`;
            report('weights', at('variants', i, 'weight'))(
              `${variant} has weight ${String(v.weight)}; every weight must be a number above 0 (weights are relative, e.g. 50 and 50)`,
            );
          });
        }
        break;
      default:
        break;
    }
  }
}

/** Every engagement test's `within`, at any depth of a condition. */
function conditionDurations(
  condition: unknown,
  path: Path,
  where: string,
  nodeId: string | undefined,
  problems: Problem[],
  seen: Set<object>,
  depth = 0,
): void {
  // `seen` keeps a condition that refers to itself (or shares parts) from being walked twice.
  if (!isObject(condition) || depth > MAX_CONDITION_DEPTH || seen.has(condition)) return;
  seen.add(condition);
  const within = nonEmptyString(condition.within);
  if (within !== undefined && !isValidDuration(within)) {
    const event = nonEmptyString(condition.event);
    problems.push({
      severity: 'error',
      code: 'bad_duration',
      message: `${where}: the time window "${clip(within)}"${event ? ` for "${clip(event)}"` : ''} is not a duration; ${DURATION_HINT}`,
      ...(nodeId ? { nodeId } : {}),
      path: [...path, 'within'],
    });
  }
  for (const key of ['all', 'any'] as const) {
    const list = condition[key];
    if (Array.isArray(list)) {
      list.forEach((c, i) => conditionDurations(c, [...path, key, i], where, nodeId, problems, seen, depth + 1));
    }
  }
  conditionDurations(condition.not, [...path, 'not'], where, nodeId, problems, seen, depth + 1);
}
