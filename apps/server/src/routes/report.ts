import { journeyReport, type JourneyReport } from '@trellis/engine';
import { instantSchema } from '@trellis/journey';
import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../route.js';
import { runtimeOf } from '../runtime.js';
import { INT4_MAX, pathParam, parseQuery } from './params.js';

/** A journey's results for a version and period: the contract's report, with the additions in docs/spec-readings.md. */

const READERS = ['marketer', 'reviewer', 'operator'] as const;

const reportQuery = z
  .strictObject({
    version: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(INT4_MAX).optional(),
    from: instantSchema.optional().describe('runs that entered at or after this instant'),
    to: instantSchema.optional().describe('runs that entered before this instant'),
  })
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) < Date.parse(q.to), { path: ['to'], message: 'must be after from' });

const interval = z.tuple([z.number(), z.number()]);
const variant = z.object({ entered: z.number().int(), goal: z.number().int(), rate: z.number(), ci95: interval });
const group = z.object({ entered: z.number().int(), goal: z.number().int(), rate: z.number(), ci95: interval });

export const reportSchema = z.object({
  version: z.number().int().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  entered: z.number().int(),
  outcomes: z.record(z.string(), z.number().int()),
  goalRate: z.number().describe('leads that reached the goal over treated leads (held-out leads excluded)'),
  nodes: z.record(z.string(), z.object({ entered: z.number().int(), reachedGoal: z.number().int() })),
  splits: z.record(
    z.string(),
    z.object({
      variants: z.record(z.string(), variant),
      pValue: z.number().nullable(),
      winner: z.string().nullable(),
      probabilityToBeat: z.record(z.string(), z.number().nullable()),
      experiment: z.object({ metric: z.unknown(), window: z.string(), decideAfter: z.string() }).nullable(),
      decision: z
        .object({ decidedAt: z.string(), winner: z.string().nullable(), pValue: z.number().nullable(), variants: z.record(z.string(), variant) })
        .nullable(),
    }),
  ),
  series: z.array(z.object({ day: z.string(), entered: z.number().int(), sent: z.number().int(), opened: z.number().int(), clicked: z.number().int(), goal: z.number().int() })),
  sends: z.record(
    z.string(),
    z.object({
      sent: z.number().int(),
      delivered: z.number().int(),
      opened: z.number().int(),
      clicked: z.number().int(),
      unsubscribed: z.number().int(),
      failed: z.number().int(),
      suppressed: z.number().int(),
      capped: z.number().int(),
      rates: z.object({ delivered: z.number(), opened: z.number(), clicked: z.number(), unsubscribed: z.number(), failed: z.number() }),
    }),
  ),
  timeToGoal: z.object({ medianMs: z.number(), p90Ms: z.number() }).nullable(),
  holdout: z
    .object({ percent: z.number(), window: z.string(), heldOut: group, treated: group, uplift: z.object({ difference: z.number(), ci95: interval }).nullable() })
    .nullable(),
}) satisfies z.ZodType<JourneyReport>;

const reportRoute = defineRoute({
  method: 'get',
  path: '/api/journeys/:id/report',
  operationId: 'journeyReport',
  summary:
    'Did the journey work: entries, outcomes and goal rate, each node’s leads that reached the goal, split variants with 95% intervals, p-value and winner, daily series, per send node counts and rates, time to goal, and the holdout’s uplift.',
  roles: READERS,
  query: reportQuery,
  responses: { 200: { description: 'The report', schema: reportSchema } },
  errors: { 400: 'invalid_query: a bad version or instant', 404: 'not_found: no such journey or version' },
  handle: async ({ c, options }) => {
    const query = parseQuery(reportQuery, c.req.query());
    const report = await journeyReport(runtimeOf(options).db, pathParam(c, 'id'), {
      version: query.version ?? null,
      from: query.from ? new Date(query.from) : null,
      to: query.to ? new Date(query.to) : null,
    });
    return c.json(report);
  },
});

export const reportRoutes: readonly RouteSpec[] = [reportRoute];
