import { journeySchema } from './schema.js';
import type { Problem } from './validate.js';
import { clip, edgeName, isObject, nonEmptyString, type EdgeView, type NodeView, type Path } from './validate-views.js';

/**
 * Shape problems: zod's issues put in a marketer's words on their node or edge, plus the
 * handle names the schema accepts one by one but not together.
 */

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
}

export function checkSchema(doc: unknown, nodes: NodeView[], edges: EdgeView[], byId: Map<string, NodeView>, problems: Problem[]): void {
  let issues: Issue[];
  try {
    const result = journeySchema.safeParse(doc);
    issues = result.success ? [] : (result.error.issues as unknown as Issue[]);
  } catch {
    // Nesting deeper than the stack (say 50,000 `not`s inside each other) overflows zod.
    problems.push({
      severity: 'error',
      code: 'schema',
      message: 'The journey is nested too deeply to check; no condition needs thousands of levels',
      path: [],
    });
    issues = [];
  }
  for (const { path, predicate, sentence } of flattenIssues(issues, [], doc)) {
    problems.push(schemaProblem(path, predicate, sentence, nodes, edges, byId));
  }
  for (const node of nodes) checkHandleNames(node, problems);
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
  let owner: { nodeId: string } | { edgeId: string } | object = {};
  const index = path[1];
  if (path[0] === 'settings') {
    where = 'Settings';
    rest = path.slice(1);
  } else if (path[0] === 'nodes' && typeof index === 'number') {
    const node = nodes[index];
    where = node?.name ?? `Node ${index + 1}`;
    rest = path[2] === 'data' ? path.slice(3) : path.slice(2);
    if (node?.id) owner = { nodeId: node.id };
  } else if (path[0] === 'edges' && typeof index === 'number') {
    const edge = edges[index];
    where = edgeName(edge, index, byId);
    rest = path.slice(2);
    if (edge?.id) owner = { edgeId: edge.id };
  }
  const field = sentence ? '' : fieldName(rest);
  return {
    severity: 'error',
    code: 'schema',
    message: `${where}: ${field ? `${field} ` : ''}${predicate}`,
    ...owner,
    path,
  };
}

/** `["cases", 0, "when"]` → `cases[0].when`. */
function fieldName(path: Path): string {
  let out = '';
  for (const step of path) out += typeof step === 'number' ? `[${step}]` : out ? `.${step}` : String(step);
  return out;
}

/** The value at `path`, own properties only (a key "constructor" is not a missing one). */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const step of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, step)) return undefined;
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

/**
 * zod reports a union that matched no option as one issue holding every option's issues.
 * A marketer needs the issues of the option they meant, so pick the option the value is
 * closest to: fewest missing and unknown fields, no mismatch of the whole value's type.
 */
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
    // Options of one kind (two object shapes) would read "an object or an object".
    return `must be ${[...new Set(alternatives)].join(' or ')}, not ${kindOf(value)}`;
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
