import { contactField, normaliseEmail, normalisePhone } from '@trellis/journey';
import { listSenders, upsertSender, type SenderRecord } from '@trellis/store';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { defineRoute, type RouteSpec } from '../route.js';
import { runtimeOf } from '../runtime.js';
import { pathParam } from './params.js';

/**
 * The people a send with `sender: "owner"` signs as, keyed by email (a lead's `owner`). Emails
 * and phones are checked and normalised as a lead's are (journey's contact.ts), so an owner
 * typed either way is the same person.
 */

const senderSchema = z.object({
  email: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  signature: z.string().nullable(),
  updatedAt: z.string(),
});

const senderBody = z.strictObject({
  name: z.string().trim().min(1, 'a sender needs a name').max(200),
  email: z.string().optional().describe('the same address as the path, if given'),
  phone: contactField(normalisePhone).nullish(),
  signature: z.string().max(10_000, 'a signature is at most 10,000 characters').nullish(),
});

function shaped(sender: SenderRecord): z.output<typeof senderSchema> {
  return { email: sender.email, name: sender.name, phone: sender.phone, signature: sender.signature, updatedAt: sender.updatedAt.toISOString() };
}

const listRoute = defineRoute({
  method: 'get',
  path: '/api/senders',
  operationId: 'listSenders',
  summary: 'Every registered sender (lead owner), by email.',
  roles: ['marketer', 'reviewer', 'operator'],
  responses: { 200: { description: 'The senders', schema: z.object({ senders: z.array(senderSchema) }) } },
  handle: async ({ c, options }) => c.json({ senders: (await listSenders(runtimeOf(options).db)).map(shaped) }),
});

const putRoute = defineRoute<z.output<typeof senderBody>>({
  method: 'put',
  path: '/api/senders/:email',
  operationId: 'putSender',
  summary: "Registers or replaces how a lead owner signs: name, phone and signature; the path's email is the owner.",
  roles: ['marketer'],
  request: { schema: senderBody },
  responses: { 200: { description: 'The sender', schema: senderSchema } },
  errors: { 400: 'invalid_path: the path is not an email address; invalid_body: a field is wrong, or the body names another email' },
  handle: async ({ c, body, options }) => {
    const raw = pathParam(c, 'email');
    const checked = normaliseEmail(raw);
    if (!checked.ok || checked.value === null) {
      throw new ApiError(400, 'invalid_path', `The sender's email in the path ${checked.ok ? 'is empty' : checked.message}.`);
    }
    const email = checked.value;
    if (body.email !== undefined && body.email.trim().toLowerCase() !== email.toLowerCase()) {
      throw new ApiError(400, 'invalid_body', `The body's email "${body.email}" is not the path's "${email}": change an email by registering the new one.`, [
        { path: ['email'], message: 'must be the email in the path' },
      ]);
    }
    const sender = await upsertSender(runtimeOf(options).db, {
      email,
      name: body.name,
      phone: body.phone ?? null,
      signature: body.signature?.trim() ? body.signature : null,
    });
    return c.json(shaped(sender));
  },
});

export const senderRoutes: readonly RouteSpec[] = [listRoute, putRoute];
