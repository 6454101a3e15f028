import { instantSchema } from '@trellis/journey';
import { listOutbox, OUTBOX_PAGE_MAX } from '@trellis/store';
import { z } from 'zod';
import { defineRoute } from '../route.js';
import { runtimeOf } from '../runtime.js';
import { isoTime, limitParam, parseQuery } from './params.js';

/** The built-in outbox: what was "sent" where no SMTP server or provider is configured. */

const messageSchema = z.object({
  id: z.string(),
  leadId: z.string(),
  sendId: z.string(),
  channel: z.string(),
  to: z.string(),
  from: z.string().nullable(),
  subject: z.string().nullable(),
  text: z.string(),
  html: z.string().nullable(),
  createdAt: isoTime,
  opens: z.number().int().describe('opens of this email recorded by its pixel (people, not mail scanners)'),
  clicks: z.number().int().describe('clicks on its links'),
});

const outboxQuery = z.strictObject({
  limit: limitParam(50, OUTBOX_PAGE_MAX),
  before: instantSchema.optional().describe('the last createdAt of the previous page'),
  leadId: z.string().optional(),
  channel: z.string().optional(),
  journeyId: z.string().optional(),
});

export const outboxRoute = defineRoute({
  method: 'get',
  path: '/api/outbox',
  operationId: 'listOutbox',
  summary: 'Messages in the built-in outbox, newest first; page with `before` (the last `createdAt` seen), filter by `leadId`, `channel`, `journeyId`.',
  roles: ['marketer', 'operator'],
  query: outboxQuery,
  responses: { 200: { description: 'A page of messages', schema: z.object({ messages: z.array(messageSchema) }) } },
  errors: { 400: 'invalid_query: a bad limit, time or parameter' },
  handle: async ({ c, options }) => {
    const { before, ...query } = parseQuery(outboxQuery, c.req.query());
    const messages = await listOutbox(runtimeOf(options).db, before === undefined ? query : { ...query, before: new Date(before) });
    return c.json({ messages: messages.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })) });
  },
});
