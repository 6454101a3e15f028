import type { SqlExecutor } from '@trellis/store';
import type { Delivery, DeliveryReport } from './delivery.js';

/**
 * Runs delivery in the background, as a pipeline: while sends are due, each time a batch's
 * worth of delivery slots is free it claims that many and starts them, without waiting for
 * the ones still in flight. When a claim comes back short, nothing more is due: it sleeps
 * until the engine says new sends are committed (a notification on `trellis_sends`, sent by
 * the engine's worker when its transaction commits; in-process on PGlite) or `pollMs` passes,
 * whichever is first. Polling is the fallback that also picks up retries falling due and sends
 * whose worker died. Stopping waits for the deliveries in flight.
 */

/** The channel the engine notifies when it has committed sends to deliver. */
export const SENDS_NOTIFY_CHANNEL = 'trellis_sends';

export interface DeliveryWorkerOptions {
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

  const slots = delivery.slots();
  const onReport = options.onReport;
  const loop = (async () => {
    while (running) {
      woken = false;
      let drained = true;
      try {
        ({ drained } = await delivery.fill(slots, { ...(onReport ? { onReport } : {}) }));
      } catch (error) {
        onError(error);
      }
      const failure = slots.takeFailure();
      if (failure) onError(failure.error);
      if (drained) await sleep();
    }
    await slots.idle();
    const failure = slots.takeFailure();
    if (failure) onError(failure.error);
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
