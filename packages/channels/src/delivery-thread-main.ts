import { parentPort, workerData } from 'node:worker_threads';
import { openPostgresExecutor } from '@trellis/store';
import { createDelivery, DEFAULT_THREAD_IN_FLIGHT, deliveryOptionsFromEnv } from './delivery.js';
import type { DeliveryThreadData, FromThread, ToThread } from './delivery-thread.js';
import { startDeliveryWorker } from './delivery-worker.js';

/** The delivery thread (see delivery-thread.ts): its own pool to PostgreSQL, the usual worker loop. */

const port = parentPort!;
const say = (message: FromThread) => port.postMessage(message);
const text = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));
const { databaseUrl, env, clockOffsetMs } = workerData as DeliveryThreadData;

try {
  const db = openPostgresExecutor(databaseUrl);
  const delivery = createDelivery({
    db,
    inFlight: DEFAULT_THREAD_IN_FLIGHT,
    ...deliveryOptionsFromEnv(env),
    ...(clockOffsetMs ? { now: () => new Date(Date.now() + clockOffsetMs[0]!) } : {}),
  });
  const worker = await startDeliveryWorker(db, delivery, {
    onReport: (report) => say({ report }),
    onError: (error) => say({ error: text(error) }),
  });
  port.on('message', (message: ToThread) => {
    if (!message.stop) return;
    void (async () => {
      await worker.stop();
      delivery.close();
      await db.close();
      say({ stopped: true });
      port.close();
    })();
  });
  say({ started: true });
} catch (error) {
  say({ failed: (error as Error).message });
  port.close();
}
