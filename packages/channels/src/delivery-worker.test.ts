import { expect, it } from 'vitest';
import { createTemplate, getSendDelivery, type SqlExecutor } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { insertTestSend } from '@trellis/store/test-sends';
import { createDelivery, type DeliveryReport } from './delivery.js';
import { SENDS_NOTIFY_CHANNEL, startDeliveryWorker } from './delivery-worker.js';
import { LOCAL_RECEIVER_ALLOW, startHttpReceiver } from './test-receivers.js';

const until = async (done: () => boolean, ms = 10_000) => {
  const started = Date.now();
  while (!done() && Date.now() - started < ms) await new Promise((resolve) => setTimeout(resolve, 10));
};

/** The executor, noting the size asked for and the rows returned by every claim of due sends. */
function countingClaims(db: SqlExecutor) {
  const claims: { asked: number; got: number }[] = [];
  const counted: SqlExecutor = Object.assign(Object.create(db) as SqlExecutor, {
    async query<T>(text: string, params?: unknown[]): Promise<T[]> {
      const rows = await db.query<T>(text, params);
      if (text.trimStart().startsWith('with due as')) claims.push({ asked: params![1] as number, got: rows.length });
      return rows;
    },
  });
  return { db: counted, claims };
}

describeEachDatabase('delivery worker', (database) => {
  it('delivers a send as soon as the engine notifies, long before the next poll', async () => {
    await createTemplate(database.db, { id: 'worker-sms', channel: 'sms', name: 'Hi', body: 'Hi' });
    const delivered: DeliveryReport[] = [];
    const worker = await startDeliveryWorker(database.db, createDelivery({ db: database.db, webhookSecret: 'x' }), {
      pollMs: 60_000,
      onReport: (report) => delivered.push(report),
    });
    try {
      // Let the worker's first (empty) round finish, so only the notification can wake it.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await database.db.transaction(async (tx) => {
        await insertTestSend(tx, { leadId: 'dw-ada', id: 'n1', channel: 'sms', template: 'worker-sms', payload: { lead: { id: 'dw-ada', phone: '+1' }, journey: { id: 'j' }, nodeId: 'send1' } });
        await tx.notify(SENDS_NOTIFY_CHANNEL, '');
      });
      const started = Date.now();
      while (delivered.length === 0 && Date.now() - started < 10_000) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(delivered.map((report) => [report.sendId, report.outcome])).toEqual([['n1', 'delivered']]);
      expect((await getSendDelivery(database.db, 'dw-ada', 'n1'))?.deliveryState).toBe('delivered');
    } finally {
      await worker.stop();
    }
  });

  it('works through a backlog larger than its slots without waiting for the poll', async () => {
    await createTemplate(database.db, { id: 'worker-sms-2', channel: 'sms', name: 'Hi', body: 'Hi' });
    for (let i = 0; i < 7; i++) {
      await insertTestSend(database.db, { leadId: 'dw-bo', id: `b${i}`, channel: 'sms', template: 'worker-sms-2', payload: { lead: { id: 'dw-bo', phone: '+1' }, journey: { id: 'j' }, nodeId: 'send1' } });
    }
    const delivered: string[] = [];
    const worker = await startDeliveryWorker(database.db, createDelivery({ db: database.db, webhookSecret: 'x', inFlight: 3 }), {
      pollMs: 60_000,
      onReport: (report) => delivered.push(report.sendId),
    });
    try {
      const started = Date.now();
      while (delivered.length < 7 && Date.now() - started < 10_000) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(delivered.sort()).toEqual(['b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6']);
    } finally {
      await worker.stop();
    }
  });

  it('delivers a send the engine notifies while another is still in flight, without waiting for it', async () => {
    await createTemplate(database.db, { id: 'worker-sms-3', channel: 'sms', name: 'Hi', body: 'Hi' });
    // The first POST hangs until its 5 s timeout.
    const receiver = await startHttpReceiver((index) => (index === 0 ? 'hang' : 200));
    const delivered: string[] = [];
    const delivery = createDelivery({ db: database.db, webhookSecret: 'x', inFlight: 4, timeoutMs: 5_000, webhookAllow: LOCAL_RECEIVER_ALLOW });
    const worker = await startDeliveryWorker(database.db, delivery, { pollMs: 60_000, onReport: (report) => delivered.push(report.sendId) });
    const lead = { lead: { id: 'dw-cy', phone: '+1' }, journey: { id: 'j' }, nodeId: 'send1' };
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await database.db.transaction(async (tx) => {
        await insertTestSend(tx, { leadId: 'dw-cy', id: 'slow', channel: 'webhook', template: `${receiver.url}/slow`, payload: lead });
        await tx.notify(SENDS_NOTIFY_CHANNEL, '');
      });
      await until(() => receiver.received.length === 1);
      const notified = Date.now();
      await database.db.transaction(async (tx) => {
        await insertTestSend(tx, { leadId: 'dw-cy', id: 'quick', channel: 'sms', template: 'worker-sms-3', payload: lead });
        await tx.notify(SENDS_NOTIFY_CHANNEL, '');
      });
      await until(() => delivered.length === 1);
      expect(delivered).toEqual(['quick']);
      expect(Date.now() - notified).toBeLessThan(2_000);
    } finally {
      await receiver.close(); // ends the hanging POST, so stopping need not wait for its timeout
      await worker.stop();
      delivery.close();
    }
  });

  it('claims due sends in batches of at least a quarter of its slots, never more than are free', async () => {
    await createTemplate(database.db, { id: 'worker-sms-4', channel: 'sms', name: 'Hi', body: 'Hi' });
    const ids = Array.from({ length: 40 }, (_, i) => `c${String(i).padStart(2, '0')}`);
    for (const id of ids) {
      await insertTestSend(database.db, { leadId: 'dw-di', id, channel: 'sms', template: 'worker-sms-4', payload: { lead: { id: 'dw-di', phone: '+1' }, journey: { id: 'j' }, nodeId: 'send1' } });
    }
    const { db, claims } = countingClaims(database.db);
    const delivered: string[] = [];
    let unmarked = 0;
    let mostUnmarked = 0;
    const delivery = createDelivery({ db, webhookSecret: 'x', inFlight: 8 });
    const counting = Object.assign(Object.create(delivery) as typeof delivery, {
      fill: async (...args: Parameters<typeof delivery.fill>) => {
        const round = await delivery.fill(...args);
        unmarked += round.sends.length;
        mostUnmarked = Math.max(mostUnmarked, unmarked);
        return round;
      },
    });
    const worker = await startDeliveryWorker(db, counting, {
      pollMs: 60_000,
      onReport: (report) => {
        unmarked--;
        delivered.push(report.sendId);
      },
    });
    try {
      await until(() => delivered.length === 40);
      expect(delivered.sort()).toEqual(ids);
      // Every claim but the last, which found nothing left, asked for 2 to 8 sends at once.
      const working = claims.filter((claim) => claim.got > 0);
      expect(working.every((claim) => claim.asked >= 2 && claim.asked <= 8)).toBe(true);
      expect(working.reduce((sum, claim) => sum + claim.got, 0)).toBe(40);
      expect(working.length).toBeLessThanOrEqual(20);
      expect(mostUnmarked).toBeLessThanOrEqual(8);
    } finally {
      await worker.stop();
    }
  });
});
