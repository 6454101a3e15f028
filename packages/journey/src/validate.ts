import { checkExperiments } from './validate-experiments.js';
import { checkGraph } from './validate-graph.js';
import { checkOutcomes } from './validate-outcomes.js';
import { checkSchema } from './validate-schema.js';
import { checkSavedSegments } from './saved-segments.js';
import { checkTemplates } from './validate-templates.js';
import { checkValues } from './validate-values.js';
import { edgeViews, firstById, isObject, nodeViews } from './validate-views.js';

/**
 * The journey validator: every problem at once, each placed on its node or edge with a path
 * into the document, so the editor can draw it where the marketer will look.
 *
 * Codes beyond the table in the spec's "Validation" section (it says "at least these"):
 * - `edge_into_trigger`: an edge ends at the trigger. Leads enter a journey only through its
 *   trigger's own `on`, so such an edge could never be taken as drawn.
 * - `experiment_goal` (error) and `holdout_goal` (warning): an experiment or a holdout measuring
 *   a goal the journey does not have (validate-experiments.ts).
 * - `lost_path_converts` (warning): a handoff's disqualified or SLA-expired path ends at an
 *   exit with outcome `converted` (validate-outcomes.ts).
 * - `unknown_template` is the spec's own (its "Additions"), checked only when the caller passes
 *   the stored templates (see ValidationContext).
 * - `unknown_segment` (error): a segment trigger names a saved segment that is not stored,
 *   checked only when the caller passes the stored segments (saved-segments.ts).
 * - `touch_order` (error): a cadence touch is timed before the touch ahead of it (touches run
 *   in the order of their times; validate-values.ts).
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
 * - `instant_loop` is reported once per strongly connected component of the graph of edges a
 *   lead takes without pausing: exactly the nodes that lie on a cycle with no pause. A wait
 *   or handoff pauses unless it lasts no time (`for`, `timeout` or `sla` of PT0S): a
 *   zero-length wait rests a lead for no time, and the loop would spin through it.
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
  'unknown_template',
  'experiment_goal',
  'holdout_goal',
  'lost_path_converts',
  'touch_order',
  'unknown_segment',
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

/** Whether the problems block publishing (warnings do not). */
export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** What the validator may know beyond the document itself. */
export interface ValidationContext {
  /**
   * The stored templates, id → channel. The journey package is pure and cannot read them, so
   * whoever can (the server from the database, the editor from the API) passes them in. Without
   * them `unknown_template` is not checked at all: no list means "unknown", not "empty".
   */
  templates?: ReadonlyMap<string, string>;
  /** The stored saved segments' ids, for `unknown_segment`; without them it is not checked. */
  segments?: ReadonlySet<string>;
}

/** Every problem of a journey document, whatever value it is given; never throws. */
export function validateJourney(doc: unknown, context: ValidationContext = {}): Problem[] {
  const problems: Problem[] = [];
  try {
    const nodes = nodeViews(doc);
    const edges = edgeViews(doc);
    const byId = firstById(nodes);
    checkSchema(doc, nodes, edges, byId, problems);
    checkGraph(nodes, edges, byId, isObject(doc) && Array.isArray(doc.nodes), problems);
    checkValues(doc, nodes, problems);
    checkExperiments(doc, nodes, problems);
    checkOutcomes(nodes, edges, byId, problems);
    if (context.templates) checkTemplates(nodes, context.templates, problems);
    if (context.segments) checkSavedSegments(nodes, context.segments, problems);
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
