import { getJourney, journeyHasNode, LeadCursorError, NODE_LEAD_SORTS, nodeLeadsPage } from '@trellis/store';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { defineRoute, type RouteSpec } from '../route.js';
import { runtimeOf } from '../runtime.js';
import { wakeReasonField, wakeReasons } from '../wake-reasons.js';
import { notFoundJourney } from './journeys.js';
import { isoTime, limitParam, parseQuery, pathParam } from './params.js';

/**
 * The leads at a node now, for the operator's live view (issue 18): a search and a sort over
 * every lead at the node, not only a page the browser holds (docs/spec-readings.md, "Leads here
 * now").
 */

export const NODE_LEADS_PAGE_MAX = 500;

const nodeLeadsQuery = z.strictObject({
  q: z.string().max(200, 'must be at most 200 characters').optional().describe('part of the lead id, email or name (as the leads list’s `q`), any case'),
  sort: z
    .enum(NODE_LEAD_SORTS)
    .default('id')
    .describe('id (A to Z), time-here (longest first), wakes (soonest wake-up first, none last), score (highest first) or activity (latest event first, none last)'),
  cursor: z.string().max(2000, 'must be at most 2000 characters').optional().describe('`next` of the previous page, for the same `q` and `sort`'),
  after: z.string().optional().describe('the id sort only: the last leadId seen (kept for clients that paged before cursors)'),
  limit: limitParam(100, NODE_LEADS_PAGE_MAX),
});

const nodeLeadsRoute = defineRoute({
  method: 'get',
  path: '/api/journeys/:id/nodes/:nodeId/leads',
  operationId: 'leadsAtNode',
  summary:
    'The leads at a node now, searched (`q`: id, email or name) and sorted (`sort`) over all of them, a page at a time (`cursor`: the previous page’s `next`; `limit`: 1–500, default 100); `total` counts the matches.',
  roles: ['operator'],
  query: nodeLeadsQuery,
  responses: {
    200: {
      description: 'A page of leads; `next` is the `cursor` for the next page, null on the last; `total` is how many leads at the node match `q` (all of them without one)',
      schema: z.object({
        leads: z.array(
          z.object({
            leadId: z.string(),
            runId: z.string(),
            version: z.number().int(),
            enteredAt: isoTime.describe('when the lead came to this node (the latest time, for a run that loops back to it)'),
            wakeAt: isoTime.nullable(),
            email: z.string().nullable(),
            score: z.number(),
            stage: z.string().nullable(),
            lastActivityAt: isoTime.nullable().describe("the lead's latest own event"),
            heldUntil: isoTime.nullable().describe("at a handoff held for a recycle's return date: that date"),
            reason: wakeReasonField,
            touch: z
              .number()
              .int()
              .optional()
              .describe("at a cadence: how many of its touches the lead has made (its next is `touches[touch]`, due at `wakeAt`)"),
          }),
        ),
        next: z.string().nullable(),
        total: z.number().int(),
      }),
    },
  },
  errors: {
    400: 'invalid_query: a bad `limit`, `sort`, `q` or `cursor` (one made for another sort), `after` with a sort other than id, or an unknown parameter',
    404: 'not_found: no such journey, or no such node in its draft or any version',
  },
  handle: async ({ c, options }) => {
    const { db } = runtimeOf(options);
    const journeyId = pathParam(c, 'id');
    const nodeId = pathParam(c, 'nodeId');
    const query = parseQuery(nodeLeadsQuery, c.req.query());
    if (!(await getJourney(db, journeyId))) throw notFoundJourney(journeyId);
    if (!(await journeyHasNode(db, journeyId, nodeId))) {
      throw new ApiError(404, 'not_found', `Journey "${journeyId}" has no node "${nodeId}" in its draft or any version.`);
    }
    const page = await nodeLeadsPage(db, journeyId, nodeId, query).catch((error: unknown) => {
      if (error instanceof LeadCursorError) {
        const parameter = query.cursor !== undefined ? 'cursor' : 'after';
        throw new ApiError(400, 'invalid_query', `The query parameter ${parameter} is not valid: ${error.message}.`);
      }
      throw error;
    });
    const reasons = await wakeReasons(db, journeyId, nodeId, page.leads);
    return c.json({
      leads: page.leads.map(({ timezone: _zone, touch, ...l }, i) => ({
        ...l,
        ...(touch === null ? {} : { touch }),
        enteredAt: l.enteredAt.toISOString(),
        wakeAt: l.wakeAt?.toISOString() ?? null,
        lastActivityAt: l.lastActivityAt?.toISOString() ?? null,
        heldUntil: l.heldUntil?.toISOString() ?? null,
        reason: reasons[i] ?? null,
      })),
      next: page.nextCursor,
      total: page.total,
    });
  },
});

export const nodeLeadsRoutes: readonly RouteSpec[] = [nodeLeadsRoute];
