import { HANDOFF_ANSWERS, instantSchema, type HandoffAnswer } from '@trellis/journey';
import { getHandoff, listHandoffs, returningHandoffs, type HandoffRecord } from '@trellis/store';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { defineRoute, type RouteSpec } from '../route.js';
import { runtimeOf } from '../runtime.js';
import { leadCardSchema } from './lead-card.js';
import { isoTime, limitParam, parseQuery, pathParam } from './params.js';

/** The sales queue: open handoffs, and sales' answers, which move the lead on by the matching handle. */

const SALES = ['sales'] as const;

const HANDOFF_STATUSES = ['open', ...HANDOFF_ANSWERS, 'sla_expired', 'closed'] as const;

export const handoffSchema = z.object({
  id: z.string(),
  leadId: z.string(),
  journeyId: z.string(),
  nodeId: z.string(),
  queue: z.string().nullable(),
  assignee: z.string().nullable(),
  dueAt: isoTime.nullable().describe('when the SLA runs out'),
  status: z.enum(HANDOFF_STATUSES),
  note: z.string().nullable(),
  createdAt: isoTime,
  answeredAt: isoTime.nullable(),
  answeredBy: z.string().nullable().describe('the name of the token that answered'),
  returnAt: isoTime.nullable().describe("a recycle's return date: the lead's next handoff in this journey opens no earlier"),
  lead: leadCardSchema,
});

export function handoffAnswer(h: HandoffRecord): z.infer<typeof handoffSchema> {
  return {
    id: h.id,
    leadId: h.leadId,
    journeyId: h.journeyId,
    nodeId: h.nodeId,
    queue: h.queue,
    assignee: h.assignee,
    dueAt: h.dueAt?.toISOString() ?? null,
    status: h.status as z.infer<typeof handoffSchema>['status'],
    note: h.note,
    createdAt: h.createdAt.toISOString(),
    answeredAt: h.answeredAt?.toISOString() ?? null,
    answeredBy: h.answeredBy,
    returnAt: h.returnAt?.toISOString() ?? null,
    lead: h.lead,
  };
}

const listQuery = z.strictObject({
  status: z.enum(HANDOFF_STATUSES).optional(),
  queue: z.string().optional(),
  assignee: z.string().optional(),
  limit: limitParam(500, 500),
});

const listRoute = defineRoute({
  method: 'get',
  path: '/api/handoffs',
  operationId: 'listHandoffs',
  summary: 'Handoffs, soonest SLA first; filter by `status` (e.g. open), `queue`, `assignee`; `limit` 1–500.',
  roles: SALES,
  query: listQuery,
  responses: { 200: { description: 'The handoffs', schema: z.object({ handoffs: z.array(handoffSchema) }) } },
  errors: { 400: 'invalid_query: an unknown status or parameter' },
  handle: async ({ c, options }) => {
    const query = parseQuery(listQuery, c.req.query());
    const handoffs = await listHandoffs(runtimeOf(options).db, query);
    return c.json({ handoffs: handoffs.map(handoffAnswer) });
  },
});

const returningQuery = z.strictObject({ queue: z.string().optional(), limit: limitParam(500, 500) });

const returningRoute = defineRoute({
  method: 'get',
  path: '/api/handoffs/returning',
  operationId: 'listReturningHandoffs',
  summary: 'Recycled leads coming back to sales: the return date is still ahead and the lead is still in the journey, soonest first.',
  roles: SALES,
  query: returningQuery,
  responses: { 200: { description: 'The recycled handoffs', schema: z.object({ handoffs: z.array(handoffSchema) }) } },
  errors: { 400: 'invalid_query: an unknown parameter' },
  handle: async ({ c, options }) => {
    const query = parseQuery(returningQuery, c.req.query());
    const handoffs = await returningHandoffs(runtimeOf(options).db, { ...query, now: new Date() });
    return c.json({ handoffs: handoffs.map(handoffAnswer) });
  },
});

const noteSchema = z.strictObject({ note: z.string().max(10_000).optional() });

const recycleSchema = noteSchema.extend({
  returnAt: instantSchema
    .optional()
    .describe('when to bring the lead back: its next handoff in this journey opens no earlier (in the future, within 10 years)'),
});

const ANSWER_ERRORS = { 404: 'not_found: no such handoff', 409: 'conflict: the handoff is not open (answered, or its SLA ran out)' };

type AnswerBody = { note?: string | undefined; returnAt?: string | undefined };

function answerRoute(action: 'accept' | 'recycle' | 'disqualify', answer: HandoffAnswer): RouteSpec {
  const recycles = answer === 'recycled';
  return defineRoute<AnswerBody>({
    method: 'post',
    path: `/api/handoffs/:id/${action}`,
    operationId: `${action}Handoff`,
    summary: recycles
      ? 'Sales recycled the lead: it leaves the handoff node by the `recycled` handle; the note goes on its timeline; `returnAt` says when to bring it back.'
      : `Sales ${answer} the lead: it leaves the handoff node by the \`${answer}\` handle; the note goes on its timeline.`,
    roles: SALES,
    request: { schema: recycles ? recycleSchema : noteSchema, emptyAs: {} },
    responses: { 200: { description: 'The handoff, answered', schema: handoffSchema } },
    errors: recycles ? { 400: 'invalid_body: returnAt is not a date-time; bad_request: it is not in the future, or more than 10 years ahead', ...ANSWER_ERRORS } : ANSWER_ERRORS,
    handle: async ({ c, body, options }) => {
      const { db, engine } = runtimeOf(options);
      const id = pathParam(c, 'id');
      const author = c.get('principal').name;
      const returnAt = body.returnAt === undefined ? undefined : new Date(body.returnAt);
      await engine.answerHandoff(id, answer, {
        author,
        ...(body.note !== undefined && { note: body.note }),
        ...(returnAt !== undefined && { returnAt }),
      });
      const handoff = await getHandoff(db, id);
      if (!handoff) throw new ApiError(404, 'not_found', `There is no handoff "${id}".`);
      return c.json(handoffAnswer(handoff));
    },
  });
}

export const handoffRoutes: readonly RouteSpec[] = [
  listRoute,
  returningRoute,
  answerRoute('accept', 'accepted'),
  answerRoute('recycle', 'recycled'),
  answerRoute('disqualify', 'disqualified'),
];
