import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * The bench's receivers: a real SMTP server (smtp-server) and a real HTTP server on 127.0.0.1
 * that note when each message was accepted, keyed by who it was for, and do nothing else (no
 * parsing of the message: the bench measures the sender, not the receiver).
 */

export interface Arrivals {
  url: string;
  /** Messages accepted so far. */
  count(): number;
  /** When (performance.now()) the message for `key` was first accepted. */
  acceptedAt(key: string): number | undefined;
  /** When the latest message was accepted. */
  lastAt(): number;
  reset(): void;
  close(): Promise<void>;
}

function arrivals() {
  const at = new Map<string, number>();
  let count = 0;
  let last = 0;
  return {
    note(key: string) {
      last = performance.now();
      count++;
      if (!at.has(key)) at.set(key, last);
    },
    count: () => count,
    acceptedAt: (key: string) => at.get(key),
    lastAt: () => last,
    reset() {
      at.clear();
      count = 0;
      last = 0;
    },
  };
}

/** An SMTP server that accepts every message; the key is the first recipient's address. */
export async function startSmtpArrivals(): Promise<Arrivals> {
  const seen = arrivals();
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // The bench's pools open many connections at once.
    maxClients: 1_000,
    onData(stream, session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        seen.note(session.envelope.rcptTo[0]?.address ?? '');
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    ...seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An HTTP server that answers 204 to every POST; the key is the posted body's `lead.id`. */
export async function startWebhookArrivals(): Promise<Arrivals> {
  const seen = arrivals();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { lead?: { id?: string } };
      seen.note(body.lead?.id ?? '');
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    ...seen,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
