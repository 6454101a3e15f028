import { journeyDraftSchema, journeySchema, type JourneyDraft } from '@trellis/journey';
import {
  createJourney,
  getJourney,
  getJourneyVersion,
  listJourneys,
  listJourneyVersions,
  pendingPublishRequests,
  saveJourneyDraft,
  type JourneyRecord,
} from '@trellis/store';
import { z } from 'zod';
import type { Role } from '../auth.js';
import { ApiError } from '../errors.js';
import { defineRoute, type RouteSpec } from '../route.js';
import { runtimeOf } from '../runtime.js';
import { isoTime, positiveInteger, pathParam } from './params.js';

/**
 * Journeys: drafts, publishing, status, version history. A draft may be invalid (the spec:
 * "a journey with errors can be saved as a draft but not published"), so saving takes any
 * journey that can be drawn (journeyDraftSchema) and stores it as sent; only publishing validates.
 */

const READERS = ['marketer', 'reviewer', 'operator'] as const;
const EDITORS = ['marketer'] as const;
/** Operators watch journeys run and may hold or release one (pause, resume); only editors archive. */
const RUNNERS = ['marketer', 'operator'] as const;

const statusSchema = z.enum(['draft', 'active', 'paused', 'archived']);

export const journeyAnswerSchema = z.object({
  id: z.string(),
  journey: z.unknown().describe('the draft document, as last saved (it may have problems)'),
  status: statusSchema,
  publishedVersion: z.number().int().nullable(),
});

export const journeySummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  status: statusSchema,
  publishedVersion: z.number().int().nullable(),
  updatedAt: isoTime,
  approvalRequested: z
    .object({ id: z.string(), by: z.string(), at: isoTime, stale: z.boolean() })
    .nullable()
    .optional()
    .describe('the pending publish request, if any (GET /api/journeys/:id/publish-requests)'),
});

/**
 * A draft may have problems (the validator's to report, publishing's to refuse), but it must be
 * a journey that can be drawn: the skeleton of journeyDraftSchema.
 */
const draftRequest = { schema: journeyDraftSchema, documentedAs: journeySchema };

const UNTITLED = 'Untitled journey';

function nameOf(draft: JourneyDraft): string {
  return typeof draft.name === 'string' && draft.name.trim() !== '' ? draft.name.trim() : UNTITLED;
}

export function journeyAnswer(journey: JourneyRecord): z.infer<typeof journeyAnswerSchema> {
  return { id: journey.id, journey: journey.draft, status: journey.status, publishedVersion: journey.publishedVersion };
}

export function journeySummary(journey: Pick<JourneyRecord, 'id' | 'name' | 'status' | 'publishedVersion' | 'updatedAt'>) {
  return {
    id: journey.id,
    name: journey.name,
    status: journey.status,
    publishedVersion: journey.publishedVersion,
    updatedAt: journey.updatedAt.toISOString(),
  };
}

export function notFoundJourney(id: string): ApiError {
  return new ApiError(404, 'not_found', `There is no journey "${id}".`);
}

const createRoute = defineRoute<JourneyDraft>({
  method: 'post',
  path: '/api/journeys',
  operationId: 'createJourney',
  summary: 'Saves a new journey as a draft (problems allowed; publishing checks them).',
  roles: EDITORS,
  request: draftRequest,
  responses: { 201: { description: 'The new draft', schema: journeyAnswerSchema } },
  handle: async ({ c, body, options }) => {
    const { db } = runtimeOf(options);
    const journey = await createJourney(db, { name: nameOf(body), draft: body });
    c.header('Location', `/api/journeys/${encodeURIComponent(journey.id)}`);
    return c.json(journeyAnswer(journey), 201);
  },
});

const listRoute = defineRoute({
  method: 'get',
  path: '/api/journeys',
  operationId: 'listJourneys',
  summary: 'Every journey, most recently changed first.',
  roles: READERS,
  responses: { 200: { description: 'Journey summaries', schema: z.object({ journeys: z.array(journeySummarySchema) }) } },
  handle: async ({ c, options }) => {
    const { db } = runtimeOf(options);
    const journeys = await listJourneys(db);
    const pending = new Map((await pendingPublishRequests(db)).map((r) => [r.journeyId, r]));
    return c.json({
      journeys: journeys.map((j) => {
        const request = pending.get(j.id);
        return { ...journeySummary(j), approvalRequested: request ? { id: request.id, by: request.requestedBy, at: request.requestedAt.toISOString(), stale: request.stale } : null };
      }),
    });
  },
});

const getRoute = defineRoute({
  method: 'get',
  path: '/api/journeys/:id',
  operationId: 'getJourney',
  summary: 'The journey with its draft document.',
  roles: READERS,
  responses: { 200: { description: 'The journey', schema: journeyAnswerSchema } },
  errors: { 404: 'not_found: no such journey' },
  handle: async ({ c, options }) => {
    const id = pathParam(c, 'id');
    const journey = await getJourney(runtimeOf(options).db, id);
    if (!journey) throw notFoundJourney(id);
    return c.json(journeyAnswer(journey));
  },
});

const saveRoute = defineRoute<JourneyDraft>({
  method: 'put',
  path: '/api/journeys/:id',
  operationId: 'saveJourney',
  summary: 'Saves the draft (problems allowed); the published versions do not change.',
  roles: EDITORS,
  request: draftRequest,
  responses: { 200: { description: 'The journey with the saved draft', schema: journeyAnswerSchema } },
  errors: { 404: 'not_found: no such journey' },
  handle: async ({ c, body, options }) => {
    const id = pathParam(c, 'id');
    const journey = await saveJourneyDraft(runtimeOf(options).db, id, { name: nameOf(body), draft: body });
    if (!journey) throw notFoundJourney(id);
    return c.json(journeyAnswer(journey));
  },
});

// Publishing (and moving the leads inside) is in live-edits.ts, beside its review.

function statusRoute(action: 'pause' | 'resume' | 'archive', summary: string, conflict: string, roles: readonly Role[] = EDITORS): RouteSpec {
  return defineRoute({
    method: 'post',
    path: `/api/journeys/:id/${action}`,
    operationId: `${action}Journey`,
    summary,
    roles,
    responses: { 200: { description: "The journey's summary", schema: journeySummarySchema } },
    errors: { 404: 'not_found: no such journey', 409: `conflict: ${conflict}` },
    handle: async ({ c, options }) => {
      const journey = await runtimeOf(options).engine[action](pathParam(c, 'id'));
      return c.json(journeySummary(journey));
    },
  });
}

const versionSummarySchema = z.object({ version: z.number().int(), publishedAt: isoTime });

const versionsRoute = defineRoute({
  method: 'get',
  path: '/api/journeys/:id/versions',
  operationId: 'listJourneyVersions',
  summary: 'The published versions, newest first.',
  roles: READERS,
  responses: { 200: { description: 'Version history', schema: z.object({ versions: z.array(versionSummarySchema) }) } },
  errors: { 404: 'not_found: no such journey' },
  handle: async ({ c, options }) => {
    const id = pathParam(c, 'id');
    const { db } = runtimeOf(options);
    if (!(await getJourney(db, id))) throw notFoundJourney(id);
    const versions = await listJourneyVersions(db, id);
    return c.json({ versions: versions.map((v) => ({ version: v.version, publishedAt: v.publishedAt.toISOString() })) });
  },
});

const versionRoute = defineRoute({
  method: 'get',
  path: '/api/journeys/:id/versions/:version',
  operationId: 'getJourneyVersion',
  summary: 'One published version, with the document as it was published.',
  roles: READERS,
  responses: {
    200: {
      description: 'The version',
      schema: versionSummarySchema.extend({ journeyId: z.string(), journey: journeySchema }),
    },
  },
  errors: { 400: 'invalid_path: the version is not a whole number', 404: 'not_found: no such journey or version' },
  handle: async ({ c, options }) => {
    const id = pathParam(c, 'id');
    const version = positiveInteger(pathParam(c, 'version'), 'The version');
    const found = await getJourneyVersion(runtimeOf(options).db, id, version);
    if (!found) throw new ApiError(404, 'not_found', `Journey "${id}" has no published version ${version}.`);
    return c.json({ journeyId: id, version, publishedAt: found.publishedAt.toISOString(), journey: found.document });
  },
});

export const journeyRoutes: readonly RouteSpec[] = [
  createRoute,
  listRoute,
  getRoute,
  saveRoute,
  statusRoute('pause', 'Pauses an active journey: leads stay where they are and its sends are held.', 'the journey is not active', RUNNERS),
  statusRoute('resume', 'Resumes a paused journey and releases the sends it held.', 'the journey is not paused', RUNNERS),
  statusRoute('archive', 'Ends the journey for good: every lead still inside leaves with outcome `removed`.', 'never (archiving twice answers the summary)'),
  versionsRoute,
  versionRoute,
];
