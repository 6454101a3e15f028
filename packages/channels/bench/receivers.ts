import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The receivers' process (receiver-process.ts), seen from the bench: one SMTP server, one webhook receiver. */

export interface Arrivals {
  url: string;
  /** Messages accepted so far. */
  count(): Promise<number>;
  /** Every message accepted so far: when the first for each key was (Date.now()), and the latest. */
  snapshot(): Promise<{ count: number; lastAt: number; at: Map<string, number> }>;
  reset(): Promise<void>;
}

export interface Receivers {
  /** The receivers' process, for reading its CPU time. */
  pid: number | undefined;
  smtp: Arrivals;
  webhook: Arrivals;
  close(): Promise<void>;
}

export async function startReceivers(): Promise<Receivers> {
  const child = fork(fileURLToPath(new URL('./receiver-process.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'] });
  const waiting = new Map<number, (answer: unknown) => void>();
  let next = 0;
  const urls = await new Promise<{ smtpUrl: string; webhookUrl: string }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the receivers exited with code ${code}`)));
    child.on('message', (message: { id?: number; answer?: unknown; smtpUrl?: string; webhookUrl?: string }) => {
      if (message.id === undefined) return resolve(message as { smtpUrl: string; webhookUrl: string });
      waiting.get(message.id)?.(message.answer);
      waiting.delete(message.id);
    });
  });
  const ask = (kind: 'smtp' | 'webhook', question: 'count' | 'snapshot' | 'reset') =>
    new Promise<unknown>((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      child.send({ id, ask: question, kind });
    });
  const arrivals = (kind: 'smtp' | 'webhook', url: string): Arrivals => ({
    url,
    count: async () => (await ask(kind, 'count')) as number,
    async snapshot() {
      const { count, lastAt, at } = (await ask(kind, 'snapshot')) as { count: number; lastAt: number; at: [string, number][] };
      return { count, lastAt, at: new Map(at) };
    },
    reset: async () => void (await ask(kind, 'reset')),
  });
  return {
    pid: child.pid,
    smtp: arrivals('smtp', urls.smtpUrl),
    webhook: arrivals('webhook', urls.webhookUrl),
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
    },
  };
}
