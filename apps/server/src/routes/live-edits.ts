import { getJourney, journeyMoves } from '@trellis/store';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { defineRoute, type RouteSpec } from '../route.js';
import { runtimeOf } from '../runtime.js';
import { isoTime, pathParam } from './params.js';
import { problemsSchema } from './problem.js';
import { notFoundJourney } from './journeys.js';

/**
 * Publishing and live edits (docs/live-edits.md): the publish review (what publishing the draft
 * now would do, and where the leads inside would land), the publish itself (keeping those leads
 * on their versions or moving them), and the journey's history of moves.
 */

const EDITORS = ['marketer'] as const;
const READERS = ['marketer', 'reviewer', 'operator'] as const;

export const mapSchema = z
  .record(z.string().min(1).max(200), z.string().min(1).max(200).nullable())
  .describe('old node id → node id in the new version (null: those leads stay on their version); without an entry, the node of the same id');

const previewBody = z.strictObject({ map: mapSchema.optional() });
const publishBody = z.strictObject({
  inFlight: z.enum(['stay', 'move']).optional().describe('`stay` (the default) keeps running leads on their versions; `move` puts them on the new one'),
  map: mapSchema.optional(),
});

const fieldChangeSchema = z.object({ field: z.string(), before: z.string().nullable(), after: z.string().nullable() });
export const changeSchema = z.object({
  mark: z.enum(['added', 'removed', 'changed']),
  nodeId: z.string().nullable(),
  path: z.object({ key: z.string(), source: z.string(), target: z.string() }).optional(),
  text: z.string(),
  fields: z.array(fieldChangeSchema),
});
export const landingSchema = z.object({
  fromVersion: z.number().int(),
  fromNode: z.string(),
  toNode: z.string().nullable().describe('null: these leads stay on their version'),
  leads: z.number().int(),
});
const mapProblemsSchema = z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() }));

export function invalidMap(problems: { path: (string | number)[]; message: string }[]): ApiError {
  return new ApiError(422, 'invalid_map', `The map cannot be used: ${problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; ')}.`, problems);
}

const previewRoute = defineRoute<z.infer<typeof previewBody>>({
  method: 'post',
  path: '/api/journeys/:id/publish/preview',
  operationId: 'previewPublish',
  summary: 'What publishing the draft now would do, nothing stored: its version, the changes, its problems, and where each running version and node’s leads would land.',
  roles: EDITORS,
  request: { schema: previewBody, emptyAs: {} },
  responses: {
    200: {
      description: 'The publish review',
      schema: z.object({ version: z.number().int(), changes: z.array(changeSchema), inFlight: z.array(landingSchema), problems: problemsSchema }),
    },
  },
  errors: { 404: 'not_found: no such journey', 422: 'invalid_map: a map target the draft lacks, or of another type than the node it maps; `problems` names each' },
  handle: async ({ c, body, options }) => {
    const preview = await runtimeOf(options).engine.previewPublish(pathParam(c, 'id'), body.map ?? {});
    if (preview.mapProblems.length > 0) throw invalidMap(preview.mapProblems);
    return c.json({ version: preview.version, changes: preview.changes, inFlight: preview.inFlight, problems: preview.problems });
  },
});

const publishRoute = defineRoute<z.infer<typeof publishBody>>({
  method: 'post',
  path: '/api/journeys/:id/publish',
  operationId: 'publishJourney',
  summary:
    'Publishes the draft as the next immutable version; new leads enter it. Leads inside stay on their versions, or with `inFlight: "move"` go to the node of the same id (or the mapped one) of the new version.',
  roles: EDITORS,
  request: { schema: publishBody, emptyAs: {} },
  responses: {
    200: {
      description: 'The new version number; with `move`, how many leads moved and how many stayed (no target)',
      schema: z.object({ version: z.number().int(), moved: z.number().int().optional(), stayed: z.number().int().optional() }),
    },
  },
  errors: {
    403: 'approval_required: this workspace needs each publish approved (POST /api/journeys/:id/publish-requests); admins may still publish directly',
    404: 'not_found: no such journey',
    409: 'conflict: the journey is archived; no_changes: the draft is the same as the published version',
    422: 'invalid_journey: the draft has errors (a send naming a template that is not stored is `unknown_template`); `problems` lists them. invalid_map: see the preview',
  },
  handle: async ({ c, body, options }) => {
    const published = await runtimeOf(options).engine.publish(pathParam(c, 'id'), {
      inFlight: body.inFlight ?? 'stay',
      map: body.map ?? {},
      // Approvals bind marketers; an admin (who can turn them off anyway) may still publish directly.
      approvalsApply: c.get('principal').role !== 'admin',
    });
    if ('problems' in published) throw publishRefused(published);
    return c.json(published);
  },
});

/** A publish (or a request to publish) refused for the draft's errors or the map's problems. */
export function publishRefused(refusal: { problems: { severity: string }[]; mapProblems?: { path: (string | number)[]; message: string }[] }): ApiError {
  if (refusal.mapProblems) return invalidMap(refusal.mapProblems);
  const errors = refusal.problems.filter((p) => p.severity === 'error').length;
  return new ApiError(422, 'invalid_journey', `The journey cannot be published: it has ${errors} ${errors === 1 ? 'error' : 'errors'}.`, refusal.problems);
}

const moveSchema = z.object({
  version: z.number().int().describe('the version the leads moved to'),
  startedAt: isoTime,
  finishedAt: isoTime.nullable(),
  moved: z.number().int(),
  stayed: z.number().int(),
  map: z.record(z.string(), z.string().nullable()),
  nodes: z.array(landingSchema),
});

const movesRoute = defineRoute({
  method: 'get',
  path: '/api/journeys/:id/moves',
  operationId: 'listJourneyMoves',
  summary: "The journey's history of moves: each publish that moved leads inside, newest first, with counts by version and node.",
  roles: READERS,
  responses: { 200: { description: 'Moves', schema: z.object({ moves: z.array(moveSchema) }) } },
  errors: { 404: 'not_found: no such journey' },
  handle: async ({ c, options }) => {
    const id = pathParam(c, 'id');
    const { db } = runtimeOf(options);
    if (!(await getJourney(db, id))) throw notFoundJourney(id);
    const moves = await journeyMoves(db, id);
    return c.json({
      moves: moves.map((m) => ({
        version: m.version,
        startedAt: m.startedAt.toISOString(),
        finishedAt: m.finishedAt?.toISOString() ?? null,
        moved: m.moved,
        stayed: m.stayed,
        map: m.map,
        nodes: m.nodes,
      })),
    });
  },
});

export const liveEditRoutes: readonly RouteSpec[] = [previewRoute, publishRoute, movesRoute];
