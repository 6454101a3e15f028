import { PREVIOUS_SIGNATURE_HEADER, SIGNATURE_HEADER } from '@trellis/channels';
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

const rotated = z.object({
  secret: z.string().describe('the new secret, shown this once in this answer'),
  header: z.string().describe('the request header carrying the signature made with the new secret'),
  previousHeader: z.string().describe('the header carrying the signature made with the previous secret, during the grace period'),
  previousValidUntil: z.string().describe('until when the previous secret still signs (24 hours)'),
});

/**
 * A new secret: from now on every webhook is signed with it in `X-Trellis-Signature`, and with
 * the previous one in `X-Trellis-Signature-Previous` for 24 hours, so receivers switch within
 * the day. Every server sharing the database signs with it within seconds (webhook-secrets.ts).
 */
const rotateRoute = defineRoute({
  method: 'post',
  path: '/api/settings/webhook-secret/rotate',
  operationId: 'rotateWebhookSecret',
  summary: 'Makes a new webhook signing secret, shown once; the previous one keeps signing a second header for 24 hours. Admin only.',
  roles: [],
  responses: { 200: { description: 'The new secret', schema: rotated } },
  errors: {
    409: 'secret_from_env: TRELLIS_WEBHOOK_SECRET sets the secret; change it there',
    503: 'unavailable: this server runs without delivery',
  },
  handle: async ({ c, options }) => {
    const rotate = options.services.rotateWebhookSecret;
    if (!rotate) throw new ApiError(503, 'unavailable', 'This server runs without delivery: no webhook is signed here.');
    const result = await rotate();
    if (!result) {
      throw new ApiError(409, 'secret_from_env', 'The secret is set by TRELLIS_WEBHOOK_SECRET: change that setting and restart the servers to rotate it.');
    }
    return c.json({
      secret: result.secret,
      header: SIGNATURE_HEADER,
      previousHeader: PREVIOUS_SIGNATURE_HEADER,
      previousValidUntil: result.previousUntil.toISOString(),
    });
  },
});

export const webhookSecretRoutes: readonly RouteSpec[] = [getRoute, rotateRoute];
