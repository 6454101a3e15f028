import { journeySchema } from '@trellis/journey';
import { simulateRequestFields, simulateRequestSchema, SIMULATION_BUDGET, SIMULATION_LIMITS, type SimulateOutcome } from '@trellis/simulate';
import { z } from 'zod';
import { MIB } from '../body.js';
import { ApiError } from '../errors.js';
import { defineRoute } from '../route.js';
import { journeyProblems, withStoredSegment } from '../journey-problems.js';
import { runSimulation } from '../run-simulation.js';

/**
 * A full-size simulation (10,000 leads, 1,000,000 events) is far beyond the 1 MiB every other
 * route accepts; 200 MiB holds the largest one the limits allow with room to spare.
 */
export const SIMULATE_BODY_LIMIT = 200 * MIB;

const isoInstant = z.string().describe('ISO 8601, UTC');

export const simulateResponseSchema = z.object({
  leads: z.array(
    z.object({
      id: z.string(),
      outcome: z.string().nullable().describe('null while the lead is still inside the journey at `until`'),
      reason: z.string().optional().describe('why the run ended where the outcome alone does not say: the loop an `error` stopped'),
      path: z.array(
        z.object({
          nodeId: z.string(),
          at: isoInstant,
          handle: z.string().optional(),
          touch: z.number().int().optional().describe("a cadence's touch, numbered from 0 (journey-format.md Additions)"),
        }),
      ),
      sends: z.array(
        z.object({
          nodeId: z.string(),
          channel: z.string(),
          template: z.string(),
          at: isoInstant,
          status: z.string(),
          touch: z.number().int().optional().describe("the cadence touch this send is, from 0"),
        }),
      ),
    }),
  ),
});

/** The spec's 413 comes before the schema: counting is cheap, checking a million events is not. */
export function refuseOversizeSimulation(raw: unknown): void {
  if (typeof raw !== 'object' || raw === null) return;
  const request = raw as Record<string, unknown>;
  for (const key of ['leads', 'events'] as const) {
    const list = request[key];
    const limit = SIMULATION_LIMITS[key];
    if (Array.isArray(list) && list.length > limit) {
      throw new ApiError(
        413,
        'too_large',
        `A simulation takes at most ${limit.toLocaleString('en-US')} ${key}; this one has ${list.length.toLocaleString('en-US')}.`,
      );
    }
  }
}

export const simulateRoute = defineRoute<z.output<typeof simulateRequestSchema>>({
  method: 'post',
  path: '/api/simulate',
  operationId: 'simulateJourney',
  summary: 'Runs a journey over virtual time for the given leads and events; nothing is stored or sent.',
  roles: ['marketer', 'reviewer', 'operator'],
  request: {
    schema: simulateRequestSchema,
    documentedAs: simulateRequestFields.extend({ journey: journeySchema }),
    limit: SIMULATE_BODY_LIMIT,
    precheck: refuseOversizeSimulation,
  },
  responses: { 200: { description: 'Where each lead went, and what it was sent', schema: simulateResponseSchema } },
  errors: {
    413:
      `too_large: more than 10,000 leads or 1,000,000 events, or a simulation that takes more than ` +
      `${SIMULATION_BUDGET.steps.toLocaleString('en-US')} steps or ${SIMULATION_BUDGET.seconds} seconds`,
    422:
      'invalid_journey: the journey has errors; `problems` lists them. ' +
      `too_much_work: one lead takes more than ${SIMULATION_BUDGET.stepsPerLead.toLocaleString('en-US')} steps (a loop on a short wait)`,
  },
  handle: async ({ c, body, options }) => {
    // A trigger naming a saved segment is simulated with the segment's condition as stored now.
    const db = options.services.runtime?.db;
    const resolved = await withStoredSegment(db, body.journey);
    if (resolved.missing) throw refusal({ ok: false, problems: await journeyProblems(db, body.journey) });
    const outcome = await runSimulation({ ...body, journey: resolved.doc });
    if (!outcome.ok) throw refusal(outcome);
    return c.json(outcome.result);
  },
});

/** Why a simulation has no result, as the API answers it. */
function refusal(outcome: Exclude<SimulateOutcome, { ok: true }>): ApiError {
  if ('exceeded' in outcome) {
    const { limit, message } = outcome.exceeded;
    // One lead going round too often is the journey's doing; many leads for long, the request's.
    return limit === 'stepsPerLead' ? new ApiError(422, 'too_much_work', message) : new ApiError(413, 'too_large', message);
  }
  const errors = outcome.problems.filter((p) => p.severity === 'error').length;
  return new ApiError(422, 'invalid_journey', `The journey cannot be simulated: it has ${errors} ${errors === 1 ? 'error' : 'errors'}.`, outcome.problems);
}
