import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DeliveryReport } from './delivery.js';
import type { DeliveryWorker } from './delivery-worker.js';

/**
 * Delivery on its own thread, for a server on PostgreSQL. Rendering and nodemailer's MIME and
 * socket work cost about as much CPU per email as the engine spends moving the lead to the
 * send, so on one thread the two take turns and mail leaves at half of what the SMTP pool can
 * carry. On its own thread, with its own connections to the database, delivery runs the same
 * loop (startDeliveryWorker: woken by the engine's NOTIFY, claims, marks) beside the engine.
 * PGlite lives in the main thread's memory and has one session, so there delivery stays in
 * process.
 *
 * The thread reads its options from the environment given (deliveryOptionsFromEnv), as the
 * in-process worker does; reports and errors come back as messages.
 */

export interface DeliveryThreadOptions {
  databaseUrl: string;
  env: NodeJS.ProcessEnv;
  onReport?: (report: DeliveryReport) => void;
  onError?: (error: string) => void;
  /**
   * For a bench or test that moves its engine's clock: milliseconds to add to the thread's
   * clock, in a Float64Array over a SharedArrayBuffer so that a later change is seen at once.
   */
  clockOffsetMs?: Float64Array;
}

/** What the thread and its parent say to each other. */
export type ToThread = { stop: true };
export type FromThread =
  | { started: true }
  | { report: DeliveryReport }
  | { error: string }
  | { failed: string }
  | { stopped: true };

export interface DeliveryThreadData {
  databaseUrl: string;
  env: Record<string, string | undefined>;
  clockOffsetMs: Float64Array | null;
}

/**
 * The thread's entry: the built file beside this module when bundled; else the TypeScript
 * source, loaded through tsx's API, since Node 20 resolves a thread's entry before any
 * `--import` hook of the thread is in place.
 */
function threadEntry(): { script: URL | string; eval: boolean } {
  const built = new URL('./delivery-thread-main.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return { script: built, eval: false };
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const source = new URL('./delivery-thread-main.ts', import.meta.url).href;
  return { script: `import(${JSON.stringify(tsxApi)}).then((tsx) => tsx.tsImport(${JSON.stringify(source)}, ${JSON.stringify(source)}))`, eval: true };
}

/** Flags for the whole process (--expose-gc, --cpu-prof…) that a thread refuses to start with. */
const PROCESS_ONLY_FLAGS = /^--(expose-gc|expose_gc|max-old-space-size|inspect)/;
const allowedInThreads = (flag: string) => !PROCESS_ONLY_FLAGS.test(flag);

export async function startDeliveryThread(options: DeliveryThreadOptions): Promise<DeliveryWorker> {
  const onError = options.onError ?? ((error: string) => console.error('trellis delivery:', error));
  let stopping = false;
  let current = await spawnThread(options, onError);
  // A thread that dies unasked (a bug, memory) is started again: its claimed sends are still
  // pending, so the new one delivers them once their lease runs out, and the rest at once.
  const watch = (thread: RunningThread): void => {
    void thread.exited.then(async (code) => {
      if (stopping) return;
      onError(`the delivery thread exited with code ${code}; starting it again`);
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
        if (stopping) return;
        try {
          current = await spawnThread(options, onError);
          watch(current);
          return;
        } catch (error) {
          onError(`the delivery thread could not start again: ${(error as Error).message}`);
        }
      }
    });
  };
  watch(current);
  return {
    async stop() {
      stopping = true;
      await current.stop();
    },
  };
}

/** How long a thread that died waits before it is started again. */
const RESTART_DELAY_MS = 1_000;

interface RunningThread {
  exited: Promise<number>;
  stop(): Promise<void>;
}

async function spawnThread(options: DeliveryThreadOptions, onError: (error: string) => void): Promise<RunningThread> {
  const entry = threadEntry();
  const workerData: DeliveryThreadData = { databaseUrl: options.databaseUrl, env: { ...options.env }, clockOffsetMs: options.clockOffsetMs ?? null };
  const worker = new Worker(entry.script, { eval: entry.eval, workerData, execArgv: process.execArgv.filter(allowedInThreads) });
  let stopped: (() => void) | null = null;
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));

  await new Promise<void>((resolve, reject) => {
    worker.on('message', (message: FromThread) => {
      if ('started' in message) resolve();
      else if ('report' in message) options.onReport?.(message.report);
      else if ('error' in message) onError(message.error);
      else if ('failed' in message) reject(new Error(`the delivery thread could not start: ${message.failed}`));
      else if ('stopped' in message) stopped?.();
    });
    worker.on('error', (error) => {
      reject(error);
      onError(`the delivery thread failed: ${error.message}`);
    });
    void exited.then((code) => reject(new Error(`the delivery thread exited with code ${code} before it started`)));
  });

  return {
    exited,
    async stop() {
      const done = new Promise<void>((resolve) => (stopped = resolve));
      worker.postMessage({ stop: true } satisfies ToThread);
      // A thread that died needs no stopping; one that stopped exits once its database is closed.
      await Promise.race([done, exited]);
      await exited;
    },
  };
}
