import { conditionSchema, type Condition } from '@trellis/journey';
import { ConditionSqlError, getSegment, LEAD_SORTS, LeadCursorError, listLeads, type ListedLead } from '@trellis/store';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { defineRoute, type RouteSpec } from '../route.js';
import { runtimeOf } from '../runtime.js';
import { leadAnswer, leadSchema } from './leads.js';
import { isoTime, limitParam, parseQuery } from './params.js';

/**
 * `GET /api/leads`: every lead, searched, filtered and sorted, a page at a time by keyset
 * (packages/store lead-list.ts). Marketers, reviewers, operators and sales read it.
 */

export const LEAD_LIST_READERS = ['marketer', 'reviewer', 'operator', 'sales'] as const;

const score = z.coerce.number('must be a number').refine(Number.isFinite, 'must be a finite number');

const leadListQuery = z.strictObject({
  q: z.string().max(200).optional().describe('part of the id, email or name (name, firstName, lastName, first_name, last_name, company), any case'),
  segment: z.string().min(1).max(200).optional().describe("a saved segment's id: its leads only"),
  stage: z.string().min(1).max(200).optional(),
  owner: z.string().min(1).max(320).optional(),
  minScore: score.optional(),
  maxScore: score.optional(),
  condition: z.string().max(2000).optional().describe('a journey-format condition as JSON, e.g. {"attr":"industry","op":"eq","value":"retail"}'),
  sort: z.enum(LEAD_SORTS).default('id').describe('id (A to Z), score (highest first) or activity (latest event first, none last)'),
  limit: limitParam(50, 500),
  cursor: z.string().max(1000).optional().describe("the previous page's nextCursor"),
});

/** A condition written in a query string or a body, checked like a journey's. */
export function parseCondition(value: unknown, where: string, status: 400 = 400, code = 'invalid_query'): Condition {
  const parsed = conditionSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = [where, ...issue.path.map(String)].join('.');
  throw new ApiError(status, code, `The condition at ${path} is not valid: ${issue.message}.`, parsed.error.issues.map((i) => ({ path: [where, ...i.path.map(String)], message: i.message })));
}

function conditionFromQuery(text: string): Condition {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_query', 'The query parameter condition is not valid: it must be a condition written as JSON.');
  }
  return parseCondition(value, 'condition');
}

export const listedLeadSchema = leadSchema.extend({ lastActivityAt: isoTime.nullable().describe("the latest of the lead's own events (not record updates)") });

export function listedLeadAnswer(lead: ListedLead): z.infer<typeof listedLeadSchema> {
  return { ...leadAnswer(lead), lastActivityAt: lead.lastActivityAt?.toISOString() ?? null };
}

const listRoute = defineRoute({
  method: 'get',
  path: '/api/leads',
  operationId: 'listLeads',
  summary: 'Every lead, a page at a time: search (`q`), filters (stage, owner, score range, a segment, a condition), a sort; `nextCursor` pages on, null on the last page.',
  roles: LEAD_LIST_READERS,
  query: leadListQuery,
  responses: { 200: { description: 'A page of leads', schema: z.object({ leads: z.array(listedLeadSchema), nextCursor: z.string().nullable() }) } },
  errors: { 400: 'invalid_query: a bad parameter, condition or cursor', 404: 'not_found: no such segment' },
  handle: async ({ c, options }) => {
    const { db, engine } = runtimeOf(options);
    const query = parseQuery(leadListQuery, c.req.query());
    const conditions: unknown[] = [];
    if (query.segment !== undefined) {
      const segment = await getSegment(db, query.segment);
      if (!segment) throw new ApiError(404, 'not_found', `There is no segment "${query.segment}".`);
      conditions.push(segment.condition);
    }
    if (query.condition !== undefined) conditions.push(conditionFromQuery(query.condition));
    try {
      const page = await listLeads(db, {
        ...(query.q !== undefined ? { q: query.q } : {}),
        ...(query.stage !== undefined ? { stage: query.stage } : {}),
        ...(query.owner !== undefined ? { owner: query.owner } : {}),
        ...(query.minScore !== undefined ? { minScore: query.minScore } : {}),
        ...(query.maxScore !== undefined ? { maxScore: query.maxScore } : {}),
        ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
        conditions,
        sort: query.sort,
        limit: query.limit,
        now: new Date(engine.clock()),
      });
      return c.json({ leads: page.leads.map(listedLeadAnswer), nextCursor: page.nextCursor });
    } catch (error) {
      if (error instanceof LeadCursorError) throw new ApiError(400, 'invalid_query', `The query parameter cursor is not valid: ${error.message}.`);
      if (error instanceof ConditionSqlError) throw new ApiError(400, 'invalid_query', `The query parameter condition is not valid: ${error.message}.`);
      throw error;
    }
  },
});

export const leadListRoutes: readonly RouteSpec[] = [listRoute];
