import { randomUUID } from 'node:crypto';
import type { SqlQueryable } from './sql.js';

/**
 * The built-in outbox: where email goes when SMTP_URL is unset, and SMS or direct mail when
 * no provider is configured. The editor lists it (`GET /api/outbox`).
 */

export interface OutboxMessageRecord {
  id: string;
  leadId: string;
  sendId: string;
  channel: string;
  to: string;
  from: string | null;
  subject: string | null;
  text: string;
  html: string | null;
  createdAt: Date;
}

export type OutboxMessageInput = Omit<OutboxMessageRecord, 'id' | 'createdAt' | 'from' | 'subject' | 'html'> &
  Partial<Pick<OutboxMessageRecord, 'from' | 'subject' | 'html'>>;

const OUTBOX_COLUMNS = `id, lead_id as "leadId", send_id as "sendId", channel, to_address as "to",
  from_address as "from", subject, text, html, created_at as "createdAt"`;

/**
 * Puts the message in the outbox once per send: a second call for the same send (a delivery
 * retried after a crash) changes nothing and answers the message written first.
 */
export async function putOutboxMessage(db: SqlQueryable, input: OutboxMessageInput): Promise<OutboxMessageRecord> {
  const [inserted] = await db.query<OutboxMessageRecord>(
    `insert into outbox_messages (lead_id, id, send_id, channel, to_address, from_address, subject, text, html)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     on conflict (lead_id, send_id) do nothing
     returning ${OUTBOX_COLUMNS}`,
    [
      input.leadId,
      randomUUID(),
      input.sendId,
      input.channel,
      input.to,
      input.from ?? null,
      input.subject ?? null,
      input.text,
      input.html ?? null,
    ],
  );
  if (inserted) return inserted;
  const [existing] = await db.query<OutboxMessageRecord>(
    `select ${OUTBOX_COLUMNS} from outbox_messages where lead_id = $1 and send_id = $2`,
    [input.leadId, input.sendId],
  );
  return existing!;
}

export interface OutboxQuery {
  /** At most this many, newest first; default 50, at most 500. */
  limit?: number;
  /** Only messages written before this instant (the previous page's last `createdAt`). */
  before?: Date;
  leadId?: string;
  channel?: string;
  /** Only messages of this journey's sends. */
  journeyId?: string;
}

export const OUTBOX_PAGE_MAX = 500;

/** A listed message, with how often its lead opened it and clicked its links (human opens only). */
export interface OutboxListItem extends OutboxMessageRecord {
  opens: number;
  clicks: number;
}

export function listOutbox(db: SqlQueryable, query: OutboxQuery = {}): Promise<OutboxListItem[]> {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? 50), 1), OUTBOX_PAGE_MAX);
  return db.query<OutboxListItem>(
    `select ${OUTBOX_COLUMNS}, coalesce(e.opens, 0) as opens, coalesce(e.clicks, 0) as clicks
       from outbox_messages
       left join send_engagement e using (lead_id, send_id)
      where ($1::timestamptz is null or created_at < $1)
        and ($2::text is null or lead_id = $2)
        and ($3::text is null or channel = $3)
        and ($5::text is null or exists (
              select 1 from sends s where s.lead_id = outbox_messages.lead_id and s.id = outbox_messages.send_id and s.journey_id = $5))
      order by created_at desc, id desc
      limit $4`,
    [query.before ?? null, query.leadId ?? null, query.channel ?? null, limit, query.journeyId ?? null],
  );
}
