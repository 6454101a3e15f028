import { z } from 'zod';
import { defineRoute } from '../route.js';

export const healthResponseSchema = z.object({
  ok: z.literal(true),
  db: z.enum(['embedded', 'postgres']).describe('postgres when DATABASE_URL is set, else the embedded PGlite'),
});

export const healthRoute = defineRoute({
  method: 'get',
  path: '/api/health',
  operationId: 'health',
  summary: 'Whether the server is up, and which database it uses. Needs no token.',
  roles: 'public',
  responses: { 200: { description: 'The server is up', schema: healthResponseSchema } },
  handle: ({ c, options }) => {
    // The database actually open says which it is; without one, the configuration does.
    const kind = options.services.runtime?.db.kind ?? (options.config.databaseUrl ? 'postgres' : 'embedded');
    return c.json({ ok: true, db: kind } satisfies z.infer<typeof healthResponseSchema>);
  },
});
