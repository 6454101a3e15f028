import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * The bench's receivers, in a process of their own as a real SMTP server and a real webhook
 * receiver would be (in the bench's process they would share its event loop with the sender,
 * and with PGlite, which runs on that loop): smtp-server and an HTTP server on 127.0.0.1 that
 * note when each message was accepted (Date.now()), keyed by who it was for, without parsing
 * the message. The parent asks over IPC: { id, ask: 'count' | 'snapshot' | 'reset', kind }.
 */

type Kind = 'smtp' | 'webhook';

function arrivals() {
  const at = new Map<string, number>();
  let count = 0;
  let last = 0;
  return {
    note(key: string) {
      last = Date.now();
      count++;
      if (!at.has(key)) at.set(key, last);
    },
    count: () => count,
    snapshot: () => ({ count, lastAt: last, at: [...at] }),
    reset() {
      at.clear();
      count = 0;
      last = 0;
    },
  };
}

const seen = { smtp: arrivals(), webhook: arrivals() };

const smtp = new SMTPServer({
  secure: false,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  maxClients: 1_000,
  onData(stream, session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      seen.smtp.note(session.envelope.rcptTo[0]?.address ?? '');
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));

const http = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { lead?: { id?: string } };
    seen.webhook.note(body.lead?.id ?? '');
    response.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));

process.on('message', (message: { id: number; ask: 'count' | 'snapshot' | 'reset'; kind: Kind }) => {
  const receiver = seen[message.kind];
  const answer = message.ask === 'count' ? receiver.count() : message.ask === 'snapshot' ? receiver.snapshot() : receiver.reset();
  process.send!({ id: message.id, answer: answer ?? null });
});
process.on('disconnect', () => process.exit(0));
process.send!({
  smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
  webhookUrl: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
});
