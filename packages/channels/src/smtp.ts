import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';

/**
 * Email through SMTP (`SMTP_URL`, e.g. `smtp://user:pass@host:587`) with nodemailer. Each
 * message carries the send's idempotency key twice: as `X-Trellis-Idempotency-Key`, and in its
 * `Message-ID`, which mail systems already use to recognise a message delivered twice.
 */

export const EMAIL_IDEMPOTENCY_HEADER = 'X-Trellis-Idempotency-Key';

export interface EmailMessage {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html: string | null;
  /** Further headers, such as List-Unsubscribe. */
  headers?: Record<string, string>;
  idempotencyKey: string;
}

export type SmtpResult = { ok: true } | { ok: false; error: string; permanent: boolean };

export interface SmtpMailer {
  send(message: EmailMessage): Promise<SmtpResult>;
  close(): void;
}

/** A Message-ID made from the key: the key itself when it is safe there, else its hash. */
export function messageIdFor(idempotencyKey: string): string {
  const local = /^[A-Za-z0-9._-]{1,128}$/.test(idempotencyKey)
    ? idempotencyKey
    : createHash('sha256').update(idempotencyKey).digest('hex');
  return `<${local}@trellis.send>`;
}

export function createSmtpMailer(smtpUrl: string, { timeoutMs }: { timeoutMs: number }): SmtpMailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    async send(message) {
      try {
        await transport.sendMail({
          from: message.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.html === null ? {} : { html: message.html }),
          messageId: messageIdFor(message.idempotencyKey),
          headers: { ...message.headers, [EMAIL_IDEMPOTENCY_HEADER]: message.idempotencyKey },
        });
        return { ok: true };
      } catch (error) {
        const reason = error as Error & { responseCode?: number };
        // A 5xx SMTP reply (no such mailbox, refused) is final; 4xx and network trouble are not.
        const permanent = typeof reason.responseCode === 'number' && reason.responseCode >= 500;
        return { ok: false, error: `SMTP: ${reason.message}`, permanent };
      }
    },
    close: () => transport.close(),
  };
}
