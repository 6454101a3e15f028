import { SIGNATURE_HEADER } from '@trellis/channels';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { defineRoute, type RouteSpec } from '../route.js';

/**
 * The secret outgoing webhooks are signed with, for the admin to hand to whoever runs a
 * receiver: `TRELLIS_WEBHOOK_SECRET`, or the one delivery generated once and keeps in the
 * database. It is delivery's own (`delivery.webhookSecret()`), so what is shown is what signs.
 */

const answer = z.object({
  secret: z.string(),
  header: z.string().describe('the request header carrying the signature'),
  format: z.string().describe('how the signature is made'),
});

const getRoute = defineRoute({
  method: 'get',
  path: '/api/settings/webhook-secret',
  operationId: 'getWebhookSecret',
  summary: 'The secret outgoing webhooks are signed with, and how a receiver checks a signature. Admin only.',
  roles: [],
  responses: { 200: { description: 'The secret', schema: answer } },
  errors: { 503: 'unavailable: this server runs without delivery' },
  handle: async ({ c, options }) => {
    const secret = options.services.webhookSecret;
    if (!secret) throw new ApiError(503, 'unavailable', 'This server runs without delivery: no webhook is signed here.');
    return c.json({
      secret: await secret(),
      header: SIGNATURE_HEADER,
      format: 'sha256=<hex HMAC-SHA256 of the raw request body, keyed with the secret>',
    });
  },
});

export const webhookSecretRoutes: readonly RouteSpec[] = [getRoute];
