import { randomUUID } from 'node:crypto';
import { conditionSchema } from '@trellis/journey';
import { deleteSavedSegment, editSavedSegment } from '@trellis/engine';
import { ConditionSqlError, countLeadsEach, createSegment, draftsNamingSegment, getSegment, journeysUsingSegment, listSegments, type SegmentRecord } from '@trellis/store';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { defineRoute, type RouteSpec } from '../route.js';
import { runtimeOf } from '../runtime.js';
import { isoTime, limitParam, parseQuery, pathParam } from './params.js';

/**
 * Saved segments: a name and a journey-format condition, with the number of leads that meet it
 * now (counted by the database each time it is asked). Marketers save them; reviewers and
 * operators read them. `GET /api/leads?segment=<id>` lists a segment's leads. A segment trigger
 * may name one (`{ "segment": { "saved": id } }`): editing it (`PUT`, not in the spec) changes
 * who those journeys hold from then on; deleting one a published journey names is refused.
 */

const WRITERS = ['marketer'] as const;
const READERS = ['marketer', 'reviewer', 'operator'] as const;

const segmentBody = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  condition: conditionSchema,
});

const segmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  condition: z.unknown().describe('a journey-format condition'),
  count: z.number().int().describe('how many leads meet the condition now'),
  createdAt: isoTime,
});

function segmentAnswer(segment: SegmentRecord, count: number): z.infer<typeof segmentSchema> {
  return { id: segment.id, name: segment.name, condition: segment.condition, count, createdAt: segment.createdAt.toISOString() };
}

/** Counts for segments; a condition the database cannot take (too long a window) is the caller's 400. */
async function counted(options: Parameters<typeof runtimeOf>[0], segments: readonly SegmentRecord[]): Promise<number[]> {
  const { db, engine } = runtimeOf(options);
  try {
    return await countLeadsEach(db, segments.map((s) => [s.condition]), new Date(engine.clock()));
  } catch (error) {
    if (error instanceof ConditionSqlError) throw new ApiError(400, 'invalid_body', `The condition cannot be counted: ${error.message}.`);
    throw error;
  }
}

const createRoute = defineRoute<z.output<typeof segmentBody>>({
  method: 'post',
  path: '/api/segments',
  operationId: 'createSegment',
  summary: 'Saves a segment (a name and a condition); answers it with its count now.',
  roles: WRITERS,
  request: { schema: segmentBody },
  responses: { 201: { description: 'The saved segment', schema: segmentSchema } },
  handle: async ({ c, body, options }) => {
    const { db } = runtimeOf(options);
    const draft = { id: randomUUID(), name: body.name, condition: body.condition, createdAt: new Date(), updatedAt: new Date() };
    // Counted before it is saved, so a condition the database cannot count is never stored.
    const [count] = await counted(options, [draft]);
    const segment = await createSegment(db, { id: draft.id, name: body.name, condition: body.condition });
    return c.json(segmentAnswer(segment, count!), 201);
  },
});

const listQuery = z.strictObject({
  limit: limitParam(50, 500),
  cursor: z.string().max(1000).optional().describe("the previous page's nextCursor"),
});

function decodeCursor(text: string): { name: string; id: string } {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string' && !/\u0000/.test(value.join(''))) {
      return { name: value[0], id: value[1] };
    }
  } catch {
    // answered below
  }
  throw new ApiError(400, 'invalid_query', 'The query parameter cursor is not valid: it is not a cursor from a previous page of segments.');
}

const listRoute = defineRoute({
  method: 'get',
  path: '/api/segments',
  operationId: 'listSegments',
  summary: 'The saved segments by name, each with its count now (one pass over the leads per page).',
  roles: READERS,
  query: listQuery,
  responses: { 200: { description: 'A page of segments', schema: z.object({ segments: z.array(segmentSchema), nextCursor: z.string().nullable() }) } },
  errors: { 400: 'invalid_query: a bad limit or cursor' },
  handle: async ({ c, options }) => {
    const { db } = runtimeOf(options);
    const query = parseQuery(listQuery, c.req.query());
    const rows = await listSegments(db, { limit: query.limit + 1, ...(query.cursor !== undefined ? { after: decodeCursor(query.cursor) } : {}) });
    const page = rows.slice(0, query.limit);
    const counts = await counted(options, page);
    const last = page.at(-1);
    return c.json({
      segments: page.map((segment, i) => segmentAnswer(segment, counts[i]!)),
      nextCursor: rows.length > query.limit && last ? Buffer.from(JSON.stringify([last.name, last.id])).toString('base64url') : null,
    });
  },
});

const getRoute = defineRoute({
  method: 'get',
  path: '/api/segments/:id',
  operationId: 'getSegment',
  summary: 'One segment with its count now.',
  roles: READERS,
  responses: { 200: { description: 'The segment', schema: segmentSchema } },
  errors: { 404: 'not_found: no such segment' },
  handle: async ({ c, options }) => {
    const { db } = runtimeOf(options);
    const id = pathParam(c, 'id');
    const segment = await getSegment(db, id);
    if (!segment) throw new ApiError(404, 'not_found', `There is no segment "${id}".`);
    const [count] = await counted(options, [segment]);
    return c.json(segmentAnswer(segment, count!));
  },
});

const editRoute = defineRoute<z.output<typeof segmentBody>>({
  method: 'put',
  path: '/api/segments/:id',
  operationId: 'editSegment',
  summary:
    "Changes a segment's name and condition; answers it with its count now. Published journeys whose trigger names it " +
    'use the new condition from then on, and the leads that now meet it enter them.',
  roles: WRITERS,
  request: { schema: segmentBody },
  responses: { 200: { description: 'The saved segment', schema: segmentSchema } },
  errors: { 404: 'not_found: no such segment' },
  handle: async ({ c, body, options }) => {
    const { engine } = runtimeOf(options);
    const id = pathParam(c, 'id');
    const existing = await getSegment(engine.db, id);
    if (!existing) throw new ApiError(404, 'not_found', `There is no segment "${id}".`);
    // Counted before it is saved, so a condition the database cannot count is never stored.
    const [count] = await counted(options, [{ ...existing, condition: body.condition }]);
    const edited = await editSavedSegment(engine, id, { name: body.name, condition: body.condition });
    if (!edited) throw new ApiError(404, 'not_found', `There is no segment "${id}".`);
    return c.json(segmentAnswer(edited.segment, count!));
  },
});

const deleteRoute = defineRoute({
  method: 'delete',
  path: '/api/segments/:id',
  operationId: 'deleteSegment',
  summary: 'Deletes a segment no published journey names; one that active or paused journeys name is refused, naming them.',
  roles: WRITERS,
  responses: { 204: { description: 'Deleted' } },
  errors: {
    404: 'not_found: no such segment',
    409: 'segment_in_use: published journeys enter its leads; `problems` names each journey',
  },
  handle: async ({ c, options }) => {
    const { engine } = runtimeOf(options);
    const id = pathParam(c, 'id');
    const answer = await deleteSavedSegment(engine, id);
    if (answer.usedBy.length > 0) {
      const names = answer.usedBy.map((j) => `"${j.name}"`).join(', ');
      throw new ApiError(
        409,
        'segment_in_use',
        `Segment "${id}" cannot be deleted: published journeys enter its leads (${names}). Give those journeys another trigger and publish them, or archive them, first.`,
        answer.usedBy.map((j) => ({ journeyId: j.id, journeyName: j.name, version: j.publishedVersion })),
      );
    }
    if (!answer.deleted) throw new ApiError(404, 'not_found', `There is no segment "${id}".`);
    return c.body(null, 204);
  },
});

const usageSchema = z.object({
  published: z
    .array(z.object({ journeyId: z.string(), journeyName: z.string(), status: z.string(), version: z.number().int() }))
    .describe('active or paused journeys whose published version names it: they keep it from being deleted'),
  drafts: z
    .array(z.object({ journeyId: z.string(), journeyName: z.string(), status: z.string() }))
    .describe('journeys (not archived) whose draft names it: deleting it leaves their trigger naming nothing'),
});

const usageRoute = defineRoute({
  method: 'get',
  path: '/api/segments/:id/journeys',
  operationId: 'segmentJourneys',
  summary: 'The journeys whose trigger names the segment (published, and drafts): what deleting it would affect.',
  roles: READERS,
  responses: { 200: { description: 'The journeys naming it', schema: usageSchema } },
  errors: { 404: 'not_found: no such segment' },
  handle: async ({ c, options }) => {
    const { db } = runtimeOf(options);
    const id = pathParam(c, 'id');
    if (!(await getSegment(db, id))) throw new ApiError(404, 'not_found', `There is no segment "${id}".`);
    const [published, drafts] = [await journeysUsingSegment(db, id), await draftsNamingSegment(db, id)];
    return c.json({
      published: published.map((j) => ({ journeyId: j.id, journeyName: j.name, status: j.status, version: j.publishedVersion })),
      drafts: drafts.map((j) => ({ journeyId: j.id, journeyName: j.name, status: j.status })),
    } satisfies z.infer<typeof usageSchema>);
  },
});

export const segmentRoutes: readonly RouteSpec[] = [createRoute, listRoute, getRoute, editRoute, deleteRoute, usageRoute];
