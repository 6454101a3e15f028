import { emailKey } from '@trellis/journey';
import { leadIdsByEmail, type SqlQueryable } from '@trellis/store';

/**
 * One email, one lead (docs/spec-readings.md, "The same person by email"): a lead may not take
 * an email another lead already has, compared trimmed and ignoring case. Checked where leads are
 * written from outside (events, `PUT /api/leads/:id`, imports) against the leads as stored and
 * the writes earlier in the same batch. It is not a unique index: the worker applies
 * `lead_updated` events in its own transaction, where a violation would stall the lead's work,
 * so two writers racing to give one new email to two leads can both pass.
 */

export interface EmailClaim {
  leadId: string;
  email: string;
}

/** For each claim in order, the lead that already has its email, or null when the claim may stand. */
export async function takenEmails(db: SqlQueryable, claims: readonly EmailClaim[]): Promise<(string | null)[]> {
  const owners = await leadIdsByEmail(db, [...new Set(claims.map((claim) => emailKey(claim.email)))]);
  return claims.map((claim) => {
    const key = emailKey(claim.email);
    const owner = owners.get(key);
    if (owner !== undefined && owner !== claim.leadId) return owner;
    owners.set(key, claim.leadId);
    return null;
  });
}

export function takenEmailMessage(email: string, owner: string): string {
  return `"${email}" is already the email of lead "${owner}" (one email, one lead; emails match ignoring case)`;
}
