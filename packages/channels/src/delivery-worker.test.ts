import { expect, it } from 'vitest';
import { createTemplate, getSendDelivery } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { insertTestSend } from '@trellis/store/test-sends';
import { createDelivery, type DeliveryReport } from './delivery.js';
import { SENDS_NOTIFY_CHANNEL, startDeliveryWorker } from './delivery-worker.js';

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

  it('works through a backlog in full batches without waiting between them', async () => {
    await createTemplate(database.db, { id: 'worker-sms-2', channel: 'sms', name: 'Hi', body: 'Hi' });
    for (let i = 0; i < 7; i++) {
      await insertTestSend(database.db, { leadId: 'dw-bo', id: `b${i}`, channel: 'sms', template: 'worker-sms-2', payload: { lead: { id: 'dw-bo', phone: '+1' }, journey: { id: 'j' }, nodeId: 'send1' } });
    }
    const delivered: string[] = [];
    const worker = await startDeliveryWorker(database.db, createDelivery({ db: database.db, webhookSecret: 'x' }), {
      batchSize: 3,
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
});
