import type { Journey } from '@trellis/journey';
import {
  getJourney,
  getCommentThread,
  getJourneyVersion,
  listCommentThreads,
  replyToComment,
  setThreadResolved,
  startCommentThread,
  type CommentThread,
  type SqlQueryable,
} from '@trellis/store';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { defineRoute, type RouteSpec } from '../route.js';
import { runtimeOf } from '../runtime.js';
import { notFoundJourney } from './journeys.js';
import { INT4_MAX, isoTime, pathParam } from './params.js';

/**
 * Review comments: threads pinned to a node (or the whole journey), replies, resolve and reopen.
 * Everyone who reads journeys reads them; reviewers and marketers write them. The author is the
 * caller's token name, never a field of the body, so nobody comments as someone else.
 */

const READERS = ['marketer', 'reviewer', 'operator'] as const;
const COMMENTERS = ['marketer', 'reviewer'] as const;

const replySchema = z.object({ id: z.string(), author: z.string(), body: z.string(), createdAt: isoTime });

const threadSchema = z.object({
  id: z.string(),
  nodeId: z.string().nullable().describe('null: about the journey as a whole'),
  version: z.number().int().nullable().describe('the published version the reviewer was reading; null: the draft'),
  author: z.string(),
  body: z.string(),
  createdAt: isoTime,
  resolved: z.boolean(),
  resolvedAt: isoTime.nullable(),
  resolvedBy: z.string().nullable(),
  replies: z.array(replySchema),
});

function threadAnswer(thread: CommentThread): z.infer<typeof threadSchema> {
  return {
    id: thread.id,
    nodeId: thread.nodeId,
    version: thread.version,
    author: thread.author,
    body: thread.body,
    createdAt: thread.createdAt.toISOString(),
    resolved: thread.resolvedAt !== null,
    resolvedAt: thread.resolvedAt?.toISOString() ?? null,
    resolvedBy: thread.resolvedBy,
    replies: thread.replies.map((r) => ({ id: r.id, author: r.author, body: r.body, createdAt: r.createdAt.toISOString() })),
  };
}

const commentBody = z.string().trim().min(1, 'a comment needs some text').max(10_000);

const newThreadBody = z.strictObject({
  body: commentBody,
  nodeId: z.string().min(1).max(200).optional().describe('the node the comment is pinned to; absent: the journey as a whole'),
  version: z.number().int().positive().max(INT4_MAX, `must be at most ${INT4_MAX}`).optional().describe('the published version being reviewed; absent: the draft'),
});

const replyBody = z.strictObject({ body: commentBody });

/** The nodes of the document the comment is about: that version, or the draft. */
async function nodeIdsOf(db: SqlQueryable, journeyId: string, version: number | undefined): Promise<Set<string>> {
  let document: unknown;
  if (version === undefined) {
    const journey = await getJourney(db, journeyId);
    if (!journey) throw notFoundJourney(journeyId);
    document = journey.draft;
  } else {
    const found = await getJourneyVersion(db, journeyId, version);
    if (!found) throw new ApiError(404, 'not_found', `Journey "${journeyId}" has no published version ${version}.`);
    document = found.document;
  }
  const nodes = (document as Partial<Journey> | null)?.nodes;
  return new Set(Array.isArray(nodes) ? nodes.map((n) => (n as { id?: unknown }).id).filter((id): id is string => typeof id === 'string') : []);
}

async function requireJourney(db: SqlQueryable, journeyId: string): Promise<void> {
  if (!(await getJourney(db, journeyId))) throw notFoundJourney(journeyId);
}

function notFoundComment(journeyId: string, commentId: string): ApiError {
  return new ApiError(404, 'not_found', `Journey "${journeyId}" has no comment "${commentId}".`);
}

const listRoute = defineRoute({
  method: 'get',
  path: '/api/journeys/:id/comments',
  operationId: 'listComments',
  summary: "The journey's comment threads, oldest first, each with its replies.",
  roles: READERS,
  responses: { 200: { description: 'The threads', schema: z.object({ threads: z.array(threadSchema) }) } },
  errors: { 404: 'not_found: no such journey' },
  handle: async ({ c, options }) => {
    const { db } = runtimeOf(options);
    const journeyId = pathParam(c, 'id');
    await requireJourney(db, journeyId);
    return c.json({ threads: (await listCommentThreads(db, journeyId)).map(threadAnswer) });
  },
});

const startRoute = defineRoute<z.output<typeof newThreadBody>>({
  method: 'post',
  path: '/api/journeys/:id/comments',
  operationId: 'startCommentThread',
  summary: 'Starts a thread on a node (`nodeId`) or on the journey as a whole, about the draft or a published `version`.',
  roles: COMMENTERS,
  request: { schema: newThreadBody },
  responses: { 201: { description: 'The new thread', schema: threadSchema } },
  errors: { 404: 'not_found: no such journey or version', 422: 'unknown_node: the document has no such node' },
  handle: async ({ c, body, options }) => {
    const { db } = runtimeOf(options);
    const journeyId = pathParam(c, 'id');
    const nodeIds = await nodeIdsOf(db, journeyId, body.version);
    if (body.nodeId !== undefined && !nodeIds.has(body.nodeId)) {
      const where = body.version === undefined ? 'the draft' : `version ${body.version}`;
      throw new ApiError(422, 'unknown_node', `There is no node "${body.nodeId}" in ${where} of journey "${journeyId}".`, [
        { path: ['nodeId'], message: 'no such node' },
      ]);
    }
    const thread = await startCommentThread(db, {
      journeyId,
      nodeId: body.nodeId ?? null,
      version: body.version ?? null,
      author: c.get('principal').name,
      body: body.body,
    });
    return c.json(threadAnswer(thread), 201);
  },
});

const replyRoute = defineRoute<z.output<typeof replyBody>>({
  method: 'post',
  path: '/api/journeys/:id/comments/:commentId/replies',
  operationId: 'replyToComment',
  summary: 'Replies in the thread of a comment (a reply to a reply joins the same thread); answers the whole thread.',
  roles: COMMENTERS,
  request: { schema: replyBody },
  responses: { 201: { description: 'The thread with the new reply', schema: threadSchema } },
  errors: { 404: 'not_found: no such journey or comment' },
  handle: async ({ c, body, options }) => {
    const { db } = runtimeOf(options);
    const journeyId = pathParam(c, 'id');
    const commentId = pathParam(c, 'commentId');
    await requireJourney(db, journeyId);
    const reply = await replyToComment(db, journeyId, commentId, { author: c.get('principal').name, body: body.body });
    if (!reply) throw notFoundComment(journeyId, commentId);
    const thread = (await getCommentThread(db, journeyId, reply.threadId!))!;
    return c.json(threadAnswer(thread), 201);
  },
});

function resolutionRoute(action: 'resolve' | 'reopen'): RouteSpec {
  return defineRoute({
    method: 'post',
    path: `/api/journeys/:id/comments/:commentId/${action}`,
    operationId: `${action}CommentThread`,
    summary:
      action === 'resolve'
        ? 'Resolves the thread of a comment (resolving again keeps who resolved it first).'
        : 'Reopens the thread of a comment.',
    roles: COMMENTERS,
    responses: { 200: { description: 'The thread', schema: threadSchema } },
    errors: { 404: 'not_found: no such journey or comment' },
    handle: async ({ c, options }) => {
      const { db } = runtimeOf(options);
      const journeyId = pathParam(c, 'id');
      const commentId = pathParam(c, 'commentId');
      await requireJourney(db, journeyId);
      const thread = await setThreadResolved(db, journeyId, commentId, action === 'resolve' ? { by: c.get('principal').name } : null);
      if (!thread) throw notFoundComment(journeyId, commentId);
      return c.json(threadAnswer(thread));
    },
  });
}

export const commentRoutes: readonly RouteSpec[] = [listRoute, startRoute, replyRoute, resolutionRoute('resolve'), resolutionRoute('reopen')];
