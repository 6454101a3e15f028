import type { SqlExecutor } from '@trellis/store';
import type { Delivery, DeliveryReport } from './delivery.js';

/**
 * Runs delivery in the background: delivers what is due, batch after batch while batches come
 * back full, then sleeps until the engine says new sends are committed (a notification on
 * `trellis_sends`, sent by the engine's worker when its transaction commits) or `pollMs`
 * passes, whichever is first. Polling is the fallback that also picks up retries falling due
 * and sends whose worker died. Stopping waits for the batch in hand.
 */

/** The channel the engine notifies when it has committed sends to deliver. */
export const SENDS_NOTIFY_CHANNEL = 'trellis_sends';

export interface DeliveryWorkerOptions {
  /** Sends per batch. Default 50. */
  batchSize?: number;
  /** How often to look for due sends when nothing has woken the worker. Default 1 s. */
  pollMs?: number;
  onReport?: (report: DeliveryReport) => void;
  onError?: (error: unknown) => void;
}

export interface DeliveryWorker {
  stop(): Promise<void>;
}

export async function startDeliveryWorker(
  db: SqlExecutor,
  delivery: Delivery,
  options: DeliveryWorkerOptions = {},
): Promise<DeliveryWorker> {
  const batchSize = options.batchSize ?? 50;
  const pollMs = options.pollMs ?? 1_000;
  const onError = options.onError ?? ((error: unknown) => console.error('trellis delivery:', error));
  let running = true;
  let woken = false;
  let wake: (() => void) | null = null;
  const kick = () => {
    woken = true;
    wake?.();
  };
  const unsubscribe = await db.listen(SENDS_NOTIFY_CHANNEL, kick);

  const sleep = () =>
    new Promise<void>((resolve) => {
      if (woken || !running) return resolve();
      const timer = setTimeout(finish, pollMs);
      function finish() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = finish;
    });

  const loop = (async () => {
    while (running) {
      woken = false;
      let full = false;
      try {
        const reports = await delivery.deliverDue(batchSize);
        for (const report of reports) options.onReport?.(report);
        full = reports.length === batchSize;
      } catch (error) {
        onError(error);
      }
      if (!full) await sleep();
    }
  })();

  return {
    async stop() {
      running = false;
      kick();
      await loop;
      await unsubscribe();
    },
  };
}
