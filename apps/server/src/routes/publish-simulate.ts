import { readInFlightSample } from '@trellis/engine';
import { simulateInFlight } from '@trellis/simulate';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { defineRoute, type RouteSpec } from '../route.js';
import { runtimeOf } from '../runtime.js';
import { invalidMap, landingSchema, mapSchema, publishRefused } from './live-edits.js';
import { pathParam } from './params.js';

/**
 * The publish's "what if" (docs/live-edits.md): the leads inside as they are now, moved to the
 * draft as the move would move them, played forward `days` days by the simulator. Nothing is
 * stored and nothing enters; past 10,000 leads a stratified sample is simulated and the answer
 * says so, with the real counts.
 */

const DAY = 86_400_000;

const body = z.strictObject({
  map: mapSchema.optional(),
  days: z.number().int().min(1).max(90).optional().describe('how far to look ahead (default 30)'),
});

const answer = z.object({
  version: z.number().int().describe('the version the draft would be'),
  start: z.string(),
  until: z.string(),
  sample: z.object({
    total: z.number().int().describe('running leads in the journey now'),
    simulated: z.number().int().describe('leads simulated: all of them, or a sample stratified by version and step'),
    isSample: z.boolean(),
  }),
  inFlight: z.array(landingSchema).describe('the real counts by version and step, with where they land'),
  landings: z.array(landingSchema).describe('the simulated leads by where they start'),
  nodes: z.array(z.object({ version: z.number().int(), nodeId: z.string(), reached: z.number().int(), current: z.number().int() })),
  outcomes: z.record(z.string(), z.number().int()),
  inside: z.number().int().describe('simulated leads still inside at `until`'),
  sends: z.array(z.object({ version: z.number().int(), nodeId: z.string(), status: z.string(), count: z.number().int() })),
});

const whatIfRoute = defineRoute<z.infer<typeof body>>({
  method: 'post',
  path: '/api/journeys/:id/publish/simulate',
  operationId: 'simulatePublishMove',
  summary:
    'What moving the leads inside to the draft would do over the next `days` (default 30): they start where the move puts them (with the map), with their data and recent history, and are simulated; nothing stored, nothing new enters. Over 10,000 leads, a stratified sample.',
  roles: ['marketer'],
  request: { schema: body, emptyAs: {} },
  responses: { 200: { description: 'The simulated move', schema: answer } },
  errors: {
    404: 'not_found: no such journey',
    409: 'conflict: the journey is archived',
    413: 'too_large: the simulation took more steps than one may',
    422: 'invalid_journey: the draft has errors; invalid_map: see the preview; too_much_work: a lead loops too often to simulate',
  },
  handle: async ({ c, body, options }) => {
    const { engine } = runtimeOf(options);
    const journeyId = pathParam(c, 'id');
    const map = body.map ?? {};
    const preview = await engine.previewPublish(journeyId, map);
    if (preview.mapProblems.length > 0) throw invalidMap(preview.mapProblems);
    const sample = await readInFlightSample(engine, journeyId);
    if ('problems' in sample) throw publishRefused(sample);
    const start = engine.clock();
    const until = start + (body.days ?? 30) * DAY;
    const outcome = simulateInFlight({ journeyId, running: sample.running, next: sample.next, map, leads: sample.leads, start, until });
    if (!outcome.ok) {
      const { limit, message } = outcome.exceeded;
      throw limit === 'stepsPerLead' ? new ApiError(422, 'too_much_work', message) : new ApiError(413, 'too_large', message);
    }
    return c.json({
      version: sample.next.version,
      start: new Date(start).toISOString(),
      until: new Date(until).toISOString(),
      sample: { total: sample.total, simulated: sample.leads.length, isSample: sample.leads.length < sample.total },
      inFlight: preview.inFlight,
      ...outcome.result,
    });
  },
});

export const publishSimulateRoutes: readonly RouteSpec[] = [whatIfRoute];
