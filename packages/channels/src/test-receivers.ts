import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { parseWebhookAllow, resolveWithSystem } from './webhook-address.js';

/**
 * Test fixtures: a real HTTP server and a real SMTP server on 127.0.0.1 that record what they
 * receive. Nothing here is a mock: deliveries go over sockets and are parsed as a receiver would.
 */

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

/**
 * How the HTTP receiver answers its n-th request (from 0): a status, a status with headers
 * (a redirect's `location`), or 'hang' (never answers).
 */
export type Answer = number | { status: number; headers: Record<string, string> } | 'hang';

/**
 * The receivers listen on 127.0.0.1, which webhooks may not reach unless an admin allows it:
 * tests allow exactly that, as `TRELLIS_WEBHOOK_ALLOW=127.0.0.1/32` would.
 */
export const LOCAL_RECEIVER_ALLOW = parseWebhookAllow('127.0.0.1/32');
export const LOCAL_RECEIVER_GUARD = { allow: LOCAL_RECEIVER_ALLOW, resolve: resolveWithSystem };

export interface HttpReceiver {
  url: string;
  received: ReceivedRequest[];
  /** TCP connections accepted, whether or not a request came over them. */
  connections(): number;
  close(): Promise<void>;
}

export async function startHttpReceiver(answer: (index: number) => Answer = () => 200): Promise<HttpReceiver> {
  const received: ReceivedRequest[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const index = received.length;
      received.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        rawBody: Buffer.concat(chunks).toString('utf8'),
      });
      const answered = answer(index);
      if (answered === 'hang') {
        hanging.push(response);
        return;
      }
      const { status, headers } = typeof answered === 'number' ? { status: answered, headers: {} } : answered;
      response.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(`status ${status}`);
    });
  });
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    connections: () => connections,
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface SmtpReceiver {
  url: string;
  messages: ParsedMail[];
  /** The envelope recipients of each message, in order. */
  recipients: string[][];
  /** SMTP sessions opened so far. */
  connections(): number;
  close(): Promise<void>;
}

/** An SMTP server without TLS or auth that keeps each message; `reject` answers 550 to these recipients. */
export async function startSmtpReceiver({ reject = [] as string[] } = {}): Promise<SmtpReceiver> {
  const messages: ParsedMail[] = [];
  const recipients: string[][] = [];
  let connections = 0;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (reject.includes(address.address)) {
        const error = Object.assign(new Error('No such mailbox'), { responseCode: 550 });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          messages.push(parsed);
          recipients.push(session.envelope.rcptTo.map((to) => to.address));
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    recipients,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
