import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Tokens in the links of a sent email (`/t/c/<token>` clicks, `/t/o/<token>` the open pixel,
 * `/t/u/<token>` unsubscribe and preferences). A token is `<payload>.<signature>`, both
 * base64url: the payload a compact JSON array `[purpose, leadId, sendId, expiresAt(s), url?]`,
 * the signature HMAC-SHA256 over the payload's text with the instance's tracking secret. The
 * click's URL travels inside the signed payload, so the redirect can only ever lead where the
 * email did, with no table of links to look up. Anything that does not verify reads as null:
 * callers answer a tampered, expired and unknown token alike.
 */

export type TrackingPurpose = 'click' | 'open' | 'unsubscribe';

export interface TrackingClaim {
  purpose: TrackingPurpose;
  leadId: string;
  sendId: string;
  /** Epoch seconds after which the token no longer works. */
  expiresAt: number;
  /** Where a click leads (click tokens only). */
  url?: string;
}

const PURPOSE_CODES: Record<TrackingPurpose, string> = { click: 'c', open: 'o', unsubscribe: 'u' };
const PURPOSES = Object.fromEntries(Object.entries(PURPOSE_CODES).map(([purpose, code]) => [code, purpose])) as Record<string, TrackingPurpose>;

/** Clicks and opens stop being recorded after 180 days; unsubscribing keeps working for two years. */
export const TRACKING_LIFETIME_S: Record<TrackingPurpose, number> = {
  click: 180 * 86_400,
  open: 180 * 86_400,
  unsubscribe: 730 * 86_400,
};

/** The separator keeps a tracking signature from ever matching another use of the same secret. */
const SIGNING_CONTEXT = 'trellis-tracking-v1:';

export function signTrackingToken(claim: TrackingClaim, secret: string): string {
  const fields: (string | number)[] = [PURPOSE_CODES[claim.purpose], claim.leadId, claim.sendId, claim.expiresAt];
  if (claim.url !== undefined) fields.push(claim.url);
  const payload = Buffer.from(JSON.stringify(fields)).toString('base64url');
  return `${payload}.${signature(payload, secret)}`;
}

/** The claim of a token signed with `secret` that has not expired at `now`; null otherwise. */
export function readTrackingToken(token: string, secret: string, now: Date): TrackingClaim | null {
  const [payload, given, ...rest] = token.split('.');
  if (!payload || !given || rest.length > 0) return null;
  const expected = Buffer.from(signature(payload, secret));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(fields) || fields.length < 4 || fields.length > 5) return null;
  const [code, leadId, sendId, expiresAt, url] = fields as unknown[];
  const purpose = typeof code === 'string' ? PURPOSES[code] : undefined;
  if (!purpose || typeof leadId !== 'string' || typeof sendId !== 'string' || typeof expiresAt !== 'number') return null;
  if (expiresAt * 1000 <= now.getTime()) return null;
  if (purpose === 'click' ? typeof url !== 'string' : url !== undefined) return null;
  return { purpose, leadId, sendId, expiresAt, ...(typeof url === 'string' ? { url } : {}) };
}

function signature(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(SIGNING_CONTEXT + payload).digest('base64url');
}
