import type { SqlQueryable } from './sql.js';

/**
 * How each lead owner signs a send with `sender: "owner"`. Owners are identified by email,
 * the value of `lead.owner`.
 */

export interface SenderRecord {
  email: string;
  name: string;
  phone: string | null;
  /** Plain text, as the owner signs off (`{{ sender.signature }}`). */
  signature: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const SENDER_COLUMNS = `email, name, phone, signature, created_at as "createdAt", updated_at as "updatedAt"`;

/** Creates or replaces the owner's signature. Emails are compared lower-cased. */
export async function upsertSender(
  db: SqlQueryable,
  input: { email: string; name: string; phone?: string | null; signature?: string | null },
): Promise<SenderRecord> {
  const [sender] = await db.query<SenderRecord>(
    `insert into senders (email, name, phone, signature) values (lower($1), $2, $3, $4)
     on conflict (email) do update set name = excluded.name, phone = excluded.phone, signature = excluded.signature, updated_at = now()
     returning ${SENDER_COLUMNS}`,
    [input.email, input.name, input.phone ?? null, input.signature ?? null],
  );
  return sender!;
}

export async function getSender(db: SqlQueryable, email: string): Promise<SenderRecord | null> {
  const [sender] = await db.query<SenderRecord>(`select ${SENDER_COLUMNS} from senders where email = lower($1)`, [email]);
  return sender ?? null;
}

export function listSenders(db: SqlQueryable): Promise<SenderRecord[]> {
  return db.query<SenderRecord>(`select ${SENDER_COLUMNS} from senders order by email`);
}

export async function deleteSender(db: SqlQueryable, email: string): Promise<boolean> {
  return (await db.query(`delete from senders where email = lower($1) returning email`, [email])).length > 0;
}
