import { pingDatabase } from '@trellis/store';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { defineRoute } from '../route.js';

/**
 * `GET /api/ready`: whether this server should be sent traffic. Unlike /api/health (the process
 * is up), it is 503 while the server starts (opening the database and running migrations),
 * while it stops, and while the database does not answer.
 */

/** Long enough for a busy database, short enough for a load balancer's probe. */
export const READY_DATABASE_TIMEOUT_MS = 2_000;

export const readyResponseSchema = z.object({
  ready: z.literal(true),
  db: z.enum(['embedded', 'postgres']),
});

export const readyRoute = defineRoute({
  method: 'get',
  path: '/api/ready',
  operationId: 'ready',
  summary:
    'Whether the server is ready for traffic: 200 once migrated and while the database answers; 503 not_ready while it starts, stops, or the database is away. Needs no token.',
  roles: 'public',
  responses: { 200: { description: 'Ready', schema: readyResponseSchema } },
  errors: { 503: 'not_ready: starting (migrations running), stopping, or the database does not answer' },
  handle: async ({ c, options }) => {
    const runtime = options.services.runtime;
    const phase = options.services.phase?.() ?? 'serving';
    if (!runtime || phase === 'starting') throw notReady('Trellis is starting: opening and migrating the database.');
    if (phase === 'stopping') throw notReady('Trellis is stopping.');
    try {
      await withTimeout(pingDatabase(runtime.db), READY_DATABASE_TIMEOUT_MS);
    } catch (error) {
      throw notReady(`The database does not answer: ${(error as Error).message}`);
    }
    return c.json({ ready: true, db: runtime.db.kind } satisfies z.infer<typeof readyResponseSchema>);
  },
});

function notReady(message: string): ApiError {
  return new ApiError(503, 'not_ready', message);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
