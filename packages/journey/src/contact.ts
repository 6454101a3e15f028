import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';

/**
 * How a lead's email and phone are checked and normalised wherever they arrive: `PUT
 * /api/leads/:id`, `lead_updated` events, CSV imports and simulated leads all read them through
 * `leadPatchSchema`, which uses these, so there is one rule.
 *
 * - Email: trimmed, checked with zod's email syntax, at most 254 characters (RFC 5321's path
 *   limit), the domain lower-cased. The local part keeps its case as typed (RFC 5321 lets a
 *   server tell `Ada` from `ada`), but two emails are the same lead when they match ignoring
 *   case (`emailKey`): no mail system in practice delivers them to two people.
 * - Phone: parsed with libphonenumber-js and stored as E.164 (`+442079460958`). With no country
 *   to assume, a number must say its own (`+44 …`); `020 7946 0958` is refused with a hint.
 * - An empty (or blank) email or phone reads as none, like an empty form field: null.
 */

export const EMAIL_MAX_LENGTH = 254;
const emailSyntax = z.email();

export type ContactCheck = { ok: true; value: string | null } | { ok: false; message: string };

export function normaliseEmail(raw: string): ContactCheck {
  const trimmed = raw.trim();
  if (trimmed === '') return { ok: true, value: null };
  if (trimmed.length > EMAIL_MAX_LENGTH) return { ok: false, message: `is longer than ${EMAIL_MAX_LENGTH} characters` };
  if (!emailSyntax.safeParse(trimmed).success) return { ok: false, message: `"${shorten(trimmed)}" is not an email address (name@example.com)` };
  const at = trimmed.lastIndexOf('@');
  return { ok: true, value: trimmed.slice(0, at) + trimmed.slice(at).toLowerCase() };
}

/** What two emails of one person share: the whole address lower-cased (see the top of the file). */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

export function normalisePhone(raw: string): ContactCheck {
  const trimmed = raw.trim();
  if (trimmed === '') return { ok: true, value: null };
  const known = recentPhones.get(trimmed) ?? olderPhones.get(trimmed);
  if (known !== undefined) return known;
  const check = parsePhone(trimmed);
  // Kept by its E.164 form, which reads as itself: what the engine reads when it applies the change.
  if (check.ok && check.value !== null) remember(check.value, check);
  return check;
}

function parsePhone(trimmed: string): ContactCheck {
  const parsed = trimmed.length <= 40 ? parsePhoneNumberFromString(trimmed) : undefined;
  if (parsed?.isValid()) return { ok: true, value: parsed.number };
  const hint = trimmed.startsWith('+') ? '' : '; start with + and the country code, e.g. +44 20 7946 0958';
  return { ok: false, message: `"${shorten(trimmed)}" is not a phone number${hint}` };
}

/**
 * The last 20,000 to 40,000 valid numbers `normalisePhone` read, by their E.164 form. A parse costs tens of µs
 * (libphonenumber-js builds its patterns' regular expressions on each call), and each phone is
 * read twice on its way in: where it arrives (an import row, an event, `PUT /api/leads`), then
 * by the engine applying the `lead_updated` event. An import of 100,000 rows spent more time
 * here than anywhere else in node. The answer depends on the text alone, so a kept one is exact.
 */
const RECENT_PHONES = 20_000;
// Two generations, the older dropped whole when the newer fills: dropping a Map's oldest key one
// at a time leaves deleted entries its iterator walks past on every call.
let recentPhones = new Map<string, ContactCheck>();
let olderPhones = new Map<string, ContactCheck>();

function remember(text: string, check: ContactCheck): void {
  if (recentPhones.size >= RECENT_PHONES) {
    olderPhones = recentPhones;
    recentPhones = new Map();
  }
  recentPhones.set(text, check);
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A zod field that refuses what `check` refuses (the message names the value) and keeps what it normalises to. */
export function contactField(check: (raw: string) => ContactCheck) {
  return z.string().transform((raw, ctx): string | null => {
    const result = check(raw);
    if (result.ok) return result.value;
    ctx.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  });
}
