import { z } from 'zod';
import { contactField, normaliseEmail, normalisePhone } from './contact.js';
import { isValidTimeZone, TIME_ZONE_HINT } from './time.js';

/** A lead as the rules see it. The HTTP lead body (`PUT /api/leads/:id`) is `leadPatchSchema`. */

export const CONSENT_VALUES = ['opted_in', 'opted_out', 'unknown'] as const;
export const consentValueSchema = z.enum(CONSENT_VALUES);
export type ConsentValue = z.infer<typeof consentValueSchema>;

/** A lead's id wherever one is given: 1 to 200 characters, not only spaces. */
export const leadIdSchema = z
  .string()
  .min(1)
  .max(200)
  .refine((id) => id.trim() !== '', { message: 'must not be blank' });

export const leadPatchSchema = z.strictObject({
  // Trimmed and checked, the email's domain lower-cased, the phone made E.164 (contact.ts).
  email: contactField(normaliseEmail).nullable().optional(),
  phone: contactField(normalisePhone).nullable().optional(),
  timezone: z
    .string()
    // An empty zone is a form's "not known" and reads like none.
    .refine((zone) => zone === '' || isValidTimeZone(zone), { message: `is not a time zone; ${TIME_ZONE_HINT}` })
    .nullable()
    .optional(),
  owner: z.string().nullable().optional(),
  score: z.number().finite().optional(),
  stage: z.string().nullable().optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  consent: z.record(z.string(), consentValueSchema).optional(),
});
export type LeadPatch = z.output<typeof leadPatchSchema>;

export interface Lead {
  id: string;
  email?: string | null;
  phone?: string | null;
  timezone?: string | null;
  owner?: string | null;
  score: number;
  stage?: string | null;
  attributes: Record<string, unknown>;
  consent: Record<string, ConsentValue>;
}

export function newLead(id: string): Lead {
  return { id, score: 0, attributes: {}, consent: {} };
}

/** Applies a `lead_updated` body: plain fields replace, attributes and consent merge. */
export function applyLeadPatch(lead: Lead, patch: LeadPatch): Lead {
  const next: Lead = { ...lead, attributes: { ...lead.attributes }, consent: { ...lead.consent } };
  if (patch.email !== undefined) next.email = patch.email;
  if (patch.phone !== undefined) next.phone = patch.phone;
  if (patch.timezone !== undefined) next.timezone = patch.timezone;
  if (patch.owner !== undefined) next.owner = patch.owner;
  if (patch.stage !== undefined) next.stage = patch.stage;
  if (patch.score !== undefined) next.score = patch.score;
  if (patch.attributes) Object.assign(next.attributes, patch.attributes);
  if (patch.consent) Object.assign(next.consent, patch.consent);
  return next;
}

/** The channels consent is kept for; `unsubscribed` opts the lead out of every one. */
export const CONSENT_CHANNELS = ['email', 'sms', 'call_task', 'voicemail_task', 'direct_mail'] as const;

export function optOutEverywhere(lead: Lead): Lead {
  const consent = { ...lead.consent };
  for (const channel of CONSENT_CHANNELS) consent[channel] = 'opted_out';
  for (const channel of Object.keys(consent)) consent[channel] = 'opted_out';
  return { ...lead, consent };
}

/** One event in a lead's history, as conditions and waits read it (`at` in epoch ms). */
export interface HistoryEvent {
  type: string;
  at: number;
  props?: Record<string, unknown>;
}

export const BUILT_IN_EVENT_TYPES = [
  'lead_created',
  'form_submitted',
  'page_visited',
  'content_downloaded',
  'email_opened',
  'email_clicked',
  'webinar_registered',
  'webinar_attended',
  'call_connected',
  'unsubscribed',
  'lead_updated',
  'score_changed',
] as const;

export { contactField, emailKey, normaliseEmail, normalisePhone, EMAIL_MAX_LENGTH, type ContactCheck } from './contact.js';
