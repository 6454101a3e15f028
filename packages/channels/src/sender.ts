import addressparser from 'nodemailer/lib/addressparser';
import type { Sender } from '@trellis/journey';
import { getSender, type SqlQueryable, type TemplateRecord } from '@trellis/store';
import type { SenderIdentity } from './render.js';
import type { LeadSnapshot } from './send-payload.js';

/**
 * Who signs a send. A send node's `sender` is an explicit `{ name, email, phone }`, `"owner"`
 * (the lead's owner, looked up by email in the `senders` table), or absent. What is not known
 * comes from the instance's default sender: `TRELLIS_DEFAULT_SENDER` ("Name <email>", a bare
 * name or a bare address), else "Trellis". Journeys have no default sender of their own.
 */

export const FALLBACK_SENDER_NAME = 'Trellis';

/** Reads `TRELLIS_DEFAULT_SENDER`; an empty or unset value gives the name "Trellis" alone. */
export function parseDefaultSender(value: string | undefined): SenderIdentity {
  const text = value?.trim();
  if (!text) return { name: FALLBACK_SENDER_NAME, email: null, phone: null };
  const [parsed] = addressparser(text, { flatten: true });
  if (parsed?.address && parsed.address.includes('@')) {
    return { name: parsed.name || FALLBACK_SENDER_NAME, email: parsed.address, phone: null };
  }
  return { name: text, email: null, phone: null };
}

export async function resolveSender(
  db: SqlQueryable,
  sender: Sender | null | undefined,
  lead: LeadSnapshot,
  defaultSender: SenderIdentity,
): Promise<SenderIdentity> {
  return (await resolveSigner(db, sender, lead, defaultSender)).sender;
}

/**
 * Whose name a send goes out in: the lead's registered owner, the send step's own sender, the
 * template's own sender (when the step names none), or the default.
 */
export type SignedAs = 'owner' | 'step' | 'template' | 'default';

/**
 * The sender of a send whose step names none: the template's own (issue 14's "From" in the
 * editor), resolved like a step's, else the default. The step's own sender, when it has one,
 * always wins (journey-format.md puts `sender` on the send node).
 */
export async function templateSigner(
  db: SqlQueryable,
  template: Pick<TemplateRecord, 'sender'>,
  lead: LeadSnapshot,
  defaultSender: SenderIdentity,
): Promise<{ sender: SenderIdentity; as: SignedAs }> {
  const signed = await resolveSigner(db, template.sender ?? null, lead, defaultSender);
  return signed.as === 'step' ? { ...signed, as: 'template' } : signed;
}

/** The sender and where it came from, so a preview can say "signed by the lead's owner" or why not. */
export async function resolveSigner(
  db: SqlQueryable,
  sender: Sender | null | undefined,
  lead: LeadSnapshot,
  defaultSender: SenderIdentity,
): Promise<{ sender: SenderIdentity; as: SignedAs }> {
  if (sender === 'owner') {
    const owner = lead.owner ? await getSender(db, lead.owner) : null;
    if (!owner) return { sender: defaultSender, as: 'default' };
    return {
      sender: { name: owner.name, email: owner.email, phone: owner.phone ?? defaultSender.phone, signature: owner.signature },
      as: 'owner',
    };
  }
  if (!sender) return { sender: defaultSender, as: 'default' };
  // A named sender who is registered signs with their registered signature.
  const registered = sender.email ? await getSender(db, sender.email) : null;
  return {
    sender: {
      name: sender.name || registered?.name || defaultSender.name,
      email: sender.email || defaultSender.email,
      phone: sender.phone || registered?.phone || defaultSender.phone,
      ...(registered?.signature ? { signature: registered.signature } : {}),
    },
    as: 'step',
  };
}
