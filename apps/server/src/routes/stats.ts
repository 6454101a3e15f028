import type { JourneyStats } from '@trellis/engine';
import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../route.js';
import { runtimeOf } from '../runtime.js';
import { pathParam } from './params.js';

/** Counts per node and outcome, over every version's leads; live as Server-Sent Events. */

// Whoever reads a journey reads its counts: the canvas shows them to marketers and reviewers too.
const READERS = ['marketer', 'reviewer', 'operator'] as const;

export const statsSchema = z.object({
  version: z.number().int().nullable().describe('the published version, null before the first publish'),
  nodes: z.record(
    z.string(),
    z.object({
      current: z.number().int(),
      entered: z.number().int(),
      sends: z
        .object({ sent: z.number().int(), opened: z.number().int(), clicked: z.number().int(), unsubscribed: z.number().int() })
        .optional()
        .describe('send nodes: sends delivered, and sends opened (people, not scanners), clicked and unsubscribed from at least once'),
      touches: z
        .array(z.object({ made: z.number().int(), leads: z.number().int() }))
        .optional()
        .describe("cadence nodes with leads in them: how many running leads have made how many of its touches (`made`: 0 means none yet), by `made`"),
    }),
  ),
  outcomes: z.record(z.string(), z.number().int()),
}) satisfies z.ZodType<JourneyStats>;

/** A comment line every so often keeps proxies from closing a quiet stream. */
export const KEEP_ALIVE_MS = 15_000;

const statsRoute = defineRoute({
  method: 'get',
  path: '/api/journeys/:id/stats',
  operationId: 'journeyStats',
  summary: 'How many leads are at each node now and have entered it, and how many left by each outcome.',
  roles: READERS,
  responses: { 200: { description: 'The counts', schema: statsSchema } },
  errors: { 404: 'not_found: no such journey' },
  handle: async ({ c, options }) => c.json(await runtimeOf(options).engine.stats(pathParam(c, 'id'))),
});

const streamRoute = defineRoute({
  method: 'get',
  path: '/api/journeys/:id/stats/stream',
  operationId: 'journeyStatsStream',
  summary:
    'Server-Sent Events: a `stats` event (data: the stats body) at once, then whenever the counts change, at most every 250 ms.',
  roles: READERS,
  responses: { 200: { description: 'text/event-stream of `stats` events' } },
  errors: { 404: 'not_found: no such journey' },
  handle: async ({ c, options }) => {
    const { engine, statsFeed } = runtimeOf(options);
    const journeyId = pathParam(c, 'id');
    await engine.stats(journeyId); // 404 before the stream opens
    const encoder = new TextEncoder();
    let stop = () => undefined as void;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        let open = true;
        const write = (text: string) => {
          if (open) controller.enqueue(encoder.encode(text));
        };
        const keepAlive = setInterval(() => write(': keep-alive\n\n'), KEEP_ALIVE_MS);
        keepAlive.unref();
        const unsubscribe = statsFeed.subscribe(journeyId, {
          send: (stats) => write(`event: stats\ndata: ${JSON.stringify(stats)}\n\n`),
          close: () => {
            stop();
            controller.close();
          },
        });
        stop = () => {
          open = false;
          clearInterval(keepAlive);
          unsubscribe();
        };
        c.req.raw.signal.addEventListener('abort', () => stop(), { once: true });
      },
      cancel() {
        stop();
      },
    });
    return new Response(body, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      },
    });
  },
});

export const statsRoutes: readonly RouteSpec[] = [statsRoute, streamRoute];
