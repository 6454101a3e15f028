import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * The soak's SMTP server: a real one on 127.0.0.1 that accepts every message and counts them by
 * Message-ID, which Trellis makes from the send's idempotency key. A Message-ID seen twice is a
 * message the SMTP server accepted twice.
 */

export interface MailCounter {
  url: string;
  /** Messages accepted. */
  count(): number;
  /** Distinct Message-IDs accepted. */
  distinct(): number;
  /** Messages accepted again under a Message-ID seen before. */
  redelivered(): number;
  reset(): void;
  close(): Promise<void>;
}

export async function startMailCounter(): Promise<MailCounter> {
  const seen = new Map<string, number>();
  let total = 0;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 16_384) head += chunk.toString('utf8');
      });
      stream.on('end', () => {
        const messageId = /^message-id:\s*(\S+)/im.exec(head)?.[1] ?? `(none ${total})`;
        seen.set(messageId, (seen.get(messageId) ?? 0) + 1);
        total++;
        callback();
      });
    },
  });
  // A server killed mid-conversation resets its connection: expected here, and that message was not accepted.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    count: () => total,
    distinct: () => seen.size,
    redelivered: () => total - seen.size,
    reset: () => {
      seen.clear();
      total = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
