import { approvePublishRequest, declinePublishRequest, requestPublish, reviewPublishRequest } from '@trellis/engine';
import { getJourney, listPublishRequests, publishApprovalsRequired, setPublishApprovalsRequired, type PublishRequestRecord } from '@trellis/store';
import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../route.js';
import { runtimeOf } from '../runtime.js';
import { changeSchema, landingSchema, mapSchema, publishRefused } from './live-edits.js';
import { isoTime, pathParam } from './params.js';
import { problemsSchema } from './problem.js';
import { notFoundJourney } from './journeys.js';

/**
 * Approvals (docs/live-edits.md "Approvals", docs/spec-readings.md): the workspace's setting that
 * a publish needs a second person, and the requests it asks for. A marketer asks; a reviewer or
 * an admin reads the same publish review (recomputed now) and approves, which publishes the
 * requested draft with the stored in-flight choice, or declines with a comment.
 */

const ASKERS = ['marketer'] as const;
const DECIDERS = ['reviewer'] as const;
const READERS = ['marketer', 'reviewer', 'operator'] as const;

export const publishRequestSchema = z.object({
  id: z.string(),
  journeyId: z.string(),
  status: z.enum(['pending', 'approved', 'declined', 'superseded']),
  stale: z.boolean().describe('pending, but the draft has changed since it was asked: it cannot be approved'),
  inFlight: z.enum(['stay', 'move']),
  map: z.record(z.string(), z.string().nullable()),
  baseVersion: z.number().int().nullable().describe('the version published when it was asked'),
  requestedBy: z.string(),
  requestedAt: isoTime,
  decidedBy: z.string().nullable(),
  decidedAt: isoTime.nullable(),
  comment: z.string().nullable().describe("the reviewer's comment (a decline's reason)"),
  version: z.number().int().nullable().describe('the version the approval published'),
});

export function publishRequestAnswer(r: PublishRequestRecord): z.infer<typeof publishRequestSchema> {
  return {
    id: r.id,
    journeyId: r.journeyId,
    status: r.status,
    stale: r.stale,
    inFlight: r.inFlight,
    map: r.map,
    baseVersion: r.baseVersion,
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt.toISOString(),
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    comment: r.comment,
    version: r.version,
  };
}

const comment = z.string().trim().min(1).max(2_000);
const createBody = z.strictObject({
  inFlight: z.enum(['stay', 'move']).optional().describe('what the approval does with the leads inside (see POST /api/journeys/:id/publish)'),
  map: mapSchema.optional(),
});
const approveBody = z.strictObject({ comment: comment.optional() });
const declineBody = z.strictObject({ comment: comment.describe('why: the requester reads it') });

const createRoute = defineRoute<z.infer<typeof createBody>>({
  method: 'post',
  path: '/api/journeys/:id/publish-requests',
  operationId: 'requestPublish',
  summary:
    'Asks a reviewer or an admin to publish the draft as it is now, with this in-flight choice and map. Refused as publishing would be (problems, no changes, a bad map). A newer request supersedes a pending one.',
  roles: ASKERS,
  request: { schema: createBody, emptyAs: {} },
  responses: { 201: { description: 'The request', schema: publishRequestSchema } },
  errors: {
    404: 'not_found: no such journey',
    409: 'conflict: the journey is archived; no_changes: the draft is the same as the published version',
    422: 'invalid_journey: the draft has errors; invalid_map: a map target the draft lacks or of another type',
  },
  handle: async ({ c, body, options }) => {
    const made = await requestPublish(runtimeOf(options).engine, pathParam(c, 'id'), {
      inFlight: body.inFlight ?? 'stay',
      map: body.map ?? {},
      by: c.get('principal').name,
    });
    if ('problems' in made) throw publishRefused(made);
    return c.json(publishRequestAnswer(made), 201);
  },
});

const listRoute = defineRoute({
  method: 'get',
  path: '/api/journeys/:id/publish-requests',
  operationId: 'listPublishRequests',
  summary: "The journey's publish requests, newest first: pending, approved (with the version), declined (with the comment), superseded.",
  roles: READERS,
  responses: { 200: { description: 'Requests', schema: z.object({ requests: z.array(publishRequestSchema) }) } },
  errors: { 404: 'not_found: no such journey' },
  handle: async ({ c, options }) => {
    const id = pathParam(c, 'id');
    const { db } = runtimeOf(options);
    if (!(await getJourney(db, id))) throw notFoundJourney(id);
    return c.json({ requests: (await listPublishRequests(db, id)).map(publishRequestAnswer) });
  },
});

const reviewRoute = defineRoute({
  method: 'get',
  path: '/api/journeys/:id/publish-requests/:rid',
  operationId: 'reviewPublishRequest',
  summary:
    "One request with its publish review recomputed now: the changes, the problems and where the leads inside would land with the request's map (what approving would do).",
  roles: READERS,
  responses: {
    200: {
      description: 'The request and its review',
      schema: z.object({
        request: publishRequestSchema,
        review: z.object({ version: z.number().int(), changes: z.array(changeSchema), inFlight: z.array(landingSchema), problems: problemsSchema }),
      }),
    },
  },
  errors: { 404: 'not_found: no such journey or request' },
  handle: async ({ c, options }) => {
    const { request, review } = await reviewPublishRequest(runtimeOf(options).engine, pathParam(c, 'id'), pathParam(c, 'rid'));
    return c.json({
      request: publishRequestAnswer(request),
      review: { version: review.version, changes: review.changes, inFlight: review.inFlight, problems: review.problems },
    });
  },
});

const approveRoute = defineRoute<z.infer<typeof approveBody>>({
  method: 'post',
  path: '/api/journeys/:id/publish-requests/:rid/approve',
  operationId: 'approvePublishRequest',
  summary: "Approves a pending request: publishes its draft with its in-flight choice and map, as the approver. Not the requester's own.",
  roles: DECIDERS,
  request: { schema: approveBody, emptyAs: {} },
  responses: {
    200: {
      description: 'The approved request and the publish (with `move`, how many leads moved and stayed)',
      schema: z.object({ request: publishRequestSchema, version: z.number().int(), moved: z.number().int().optional(), stayed: z.number().int().optional() }),
    },
  },
  errors: {
    403: 'own_request: the requester cannot approve their own request',
    404: 'not_found: no such journey or request',
    409: 'stale_request: the draft changed since it was asked; request_closed: already decided or superseded; no_changes: the draft is now the published version',
    422: 'invalid_journey: the draft has errors now (a template was deleted since)',
  },
  handle: async ({ c, body, options }) => {
    const approved = await approvePublishRequest(runtimeOf(options).engine, pathParam(c, 'id'), pathParam(c, 'rid'), {
      by: c.get('principal').name,
      comment: body.comment ?? null,
    });
    if ('problems' in approved) throw publishRefused(approved);
    return c.json({ request: publishRequestAnswer(approved.request), ...approved.published });
  },
});

const declineRoute = defineRoute<z.infer<typeof declineBody>>({
  method: 'post',
  path: '/api/journeys/:id/publish-requests/:rid/decline',
  operationId: 'declinePublishRequest',
  summary: 'Declines a pending request with a comment for the requester; nothing is published.',
  roles: DECIDERS,
  request: { schema: declineBody },
  responses: { 200: { description: 'The declined request', schema: z.object({ request: publishRequestSchema }) } },
  errors: { 404: 'not_found: no such journey or request', 409: 'request_closed: already decided or superseded' },
  handle: async ({ c, body, options }) => {
    const declined = await declinePublishRequest(runtimeOf(options).engine, pathParam(c, 'id'), pathParam(c, 'rid'), {
      by: c.get('principal').name,
      comment: body.comment,
    });
    return c.json({ request: publishRequestAnswer(declined) });
  },
});

const approvalsSchema = z.object({ required: z.boolean().describe('a publish needs a reviewer or an admin to approve it') });

const getApprovalsRoute = defineRoute({
  method: 'get',
  path: '/api/settings/approvals',
  operationId: 'getApprovals',
  summary: "The workspace's approvals setting: whether a marketer's publish needs a reviewer or an admin to approve it.",
  roles: READERS,
  responses: { 200: { description: 'The setting', schema: approvalsSchema } },
  handle: async ({ c, options }) => c.json({ required: await publishApprovalsRequired(runtimeOf(options).db) }),
});

const putApprovalsRoute = defineRoute<z.infer<typeof approvalsSchema>>({
  method: 'put',
  path: '/api/settings/approvals',
  operationId: 'setApprovals',
  summary: 'Turns approvals on or off for the workspace. Admin only. Pending requests stay and can still be decided.',
  roles: [],
  request: { schema: z.strictObject({ required: z.boolean() }) },
  responses: { 200: { description: 'The setting', schema: approvalsSchema } },
  handle: async ({ c, body, options }) => {
    await setPublishApprovalsRequired(runtimeOf(options).db, body.required);
    return c.json({ required: body.required });
  },
});

export const publishRequestRoutes: readonly RouteSpec[] = [
  createRoute,
  listRoute,
  reviewRoute,
  approveRoute,
  declineRoute,
  getApprovalsRoute,
  putApprovalsRoute,
];
