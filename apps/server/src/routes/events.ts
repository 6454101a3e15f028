import { EVENTS_PER_BATCH, incomingEventSchema } from '@trellis/engine';
import { z } from 'zod';
import { MIB } from '../body.js';
import { ApiError } from '../errors.js';
import { defineRoute } from '../route.js';
import { runtimeOf } from '../runtime.js';

/**
 * `POST /api/events`: the batch is checked as a whole only for its shape (`{ events: [...] }`)
 * and size; each event is then checked alone by the engine, so one bad event never costs the
 * good ones. A 202 means the accepted events are committed.
 */

/** 1,000 events of a few KB of props each; a bigger body is refused before it is read whole. */
export const EVENTS_BODY_LIMIT = 8 * MIB;

const batchSchema = z.strictObject({ events: z.array(z.unknown(), { error: '`events` must be a list of events' }) });

export const ingestAnswerSchema = z.object({
  accepted: z.number().int().describe('events committed now'),
  duplicates: z.number().int().describe('event ids seen before: counted, nothing changed'),
  rejected: z.array(
    z.object({
      index: z.number().int().describe("the event's place in `events`, from 0"),
      problems: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })),
    }),
  ),
});

export function refuseOversizeBatch(raw: unknown): void {
  if (typeof raw !== 'object' || raw === null) return;
  const { events } = raw as { events?: unknown };
  if (Array.isArray(events) && events.length > EVENTS_PER_BATCH) {
    throw new ApiError(
      413,
      'too_large',
      `A batch takes at most ${EVENTS_PER_BATCH.toLocaleString('en-US')} events; this one has ${events.length.toLocaleString('en-US')}. Send it in smaller batches.`,
    );
  }
}

export const eventsRoute = defineRoute<z.output<typeof batchSchema>>({
  method: 'post',
  path: '/api/events',
  operationId: 'ingestEvents',
  summary:
    'Records lead events (at most 1,000 a batch). `id` is the idempotency key; an unknown lead is created; bad events are rejected one by one.',
  roles: ['ingest'],
  request: {
    schema: batchSchema,
    documentedAs: z.strictObject({ events: z.array(incomingEventSchema).max(EVENTS_PER_BATCH) }),
    limit: EVENTS_BODY_LIMIT,
    // The engine's ingest refuses a hostile event alone: the spec keeps the good ones of a batch.
    hostileValues: 'each-item-by-handler',
    precheck: refuseOversizeBatch,
  },
  responses: { 202: { description: 'The good events are durable; they are processed right after', schema: ingestAnswerSchema } },
  errors: { 413: 'too_large: more than 1,000 events; body_too_large: a body over 8 MiB' },
  handle: async ({ c, body, options }) => {
    const answer = await runtimeOf(options).engine.ingest(body.events);
    options.services.metrics?.ingested(answer.accepted);
    return c.json(answer, 202);
  },
});
