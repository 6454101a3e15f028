import { createToken, listTokens, revokeToken } from '@trellis/store';
import { z } from 'zod';
import { ROLES } from '../auth.js';
import { ApiError } from '../errors.js';
import { defineRoute, type RouteSpec } from '../route.js';
import { runtimeOf } from '../runtime.js';
import { isoTime, pathParam } from './params.js';

/** API tokens, admin only: the plaintext is shown once, at creation; the database keeps its hash. */

const ADMIN = ['admin'] as const;

const createBody = z.strictObject({
  name: z.string().trim().min(1, 'a token needs a name (who or what holds it)').max(200),
  role: z.enum(ROLES),
});

const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  createdAt: isoTime,
  revokedAt: isoTime.nullable(),
});

const createRoute = defineRoute<z.output<typeof createBody>>({
  method: 'post',
  path: '/api/tokens',
  operationId: 'createToken',
  summary: 'Issues a bearer token with a role. The token is in this answer only; it is stored hashed.',
  roles: ADMIN,
  request: { schema: createBody },
  responses: { 201: { description: 'The token, shown once', schema: z.object({ id: z.string(), token: z.string() }) } },
  handle: async ({ c, body, options }) => c.json(await createToken(runtimeOf(options).db, body), 201),
});

const listRoute = defineRoute({
  method: 'get',
  path: '/api/tokens',
  operationId: 'listTokens',
  summary: 'Every issued token, oldest first, without the tokens themselves.',
  roles: ADMIN,
  responses: { 200: { description: 'The tokens', schema: z.object({ tokens: z.array(tokenSchema) }) } },
  handle: async ({ c, options }) => {
    const tokens = await listTokens(runtimeOf(options).db);
    return c.json({
      tokens: tokens.map((t) => ({ ...t, createdAt: t.createdAt.toISOString(), revokedAt: t.revokedAt?.toISOString() ?? null })),
    });
  },
});

const revokeRoute = defineRoute({
  method: 'delete',
  path: '/api/tokens/:id',
  operationId: 'revokeToken',
  summary: 'Revokes a token: it is refused (401) from now on.',
  roles: ADMIN,
  responses: { 204: { description: 'Revoked' } },
  errors: { 404: 'not_found: no such token, or it was revoked already' },
  handle: async ({ c, options }) => {
    const id = pathParam(c, 'id');
    if (!(await revokeToken(runtimeOf(options).db, id))) {
      throw new ApiError(404, 'not_found', `There is no active token "${id}".`);
    }
    return c.body(null, 204);
  },
});

export const tokenRoutes: readonly RouteSpec[] = [createRoute, listRoute, revokeRoute];
