import { expect, it } from 'vitest';
import { createTemplate, getSendDelivery } from '@trellis/store';
import { describePostgres } from '@trellis/store/test-databases';
import { insertTestSend } from '@trellis/store/test-sends';
import type { DeliveryReport } from './delivery.js';
import { startDeliveryThread } from './delivery-thread.js';
import { SENDS_NOTIFY_CHANNEL } from './delivery-worker.js';
import { startSmtpReceiver } from './test-receivers.js';

describePostgres('delivery thread', (database) => {
  it('delivers an email the engine notifies, from a thread with its own connections, and stops when asked', async () => {
    await createTemplate(database.db, { id: 'thread-mail', channel: 'email', name: 'Hi', subject: 'Hi {{ lead.first_name }}', body: 'Hello' });
    const smtp = await startSmtpReceiver();
    const reports: DeliveryReport[] = [];
    const thread = await startDeliveryThread({
      databaseUrl: database.databaseUrl!,
      env: { SMTP_URL: smtp.url, TRELLIS_WEBHOOK_SECRET: 'x' },
      onReport: (report) => reports.push(report),
    });
    try {
      await database.db.transaction(async (tx) => {
        await insertTestSend(tx, {
          leadId: 'dt-ada',
          id: 'm1',
          channel: 'email',
          template: 'thread-mail',
          payload: { lead: { id: 'dt-ada', email: 'ada@example.com', attributes: { first_name: 'Ada' } }, journey: { id: 'j' }, nodeId: 'send1' },
        });
        await tx.notify(SENDS_NOTIFY_CHANNEL, '');
      });
      const started = Date.now();
      while (reports.length === 0 && Date.now() - started < 15_000) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(reports.map((report) => [report.sendId, report.outcome])).toEqual([['m1', 'delivered']]);
      expect(smtp.messages.map((message) => message.subject)).toEqual(['Hi Ada']);
      expect((await getSendDelivery(database.db, 'dt-ada', 'm1'))?.deliveryState).toBe('delivered');
    } finally {
      await thread.stop();
      await smtp.close();
    }
  });

  it('refuses to start with a setting it cannot read, and names the setting', async () => {
    await expect(
      startDeliveryThread({ databaseUrl: database.databaseUrl!, env: { TRELLIS_DELIVERY_IN_FLIGHT: 'lots' } }),
    ).rejects.toThrow(/delivery thread could not start: TRELLIS_DELIVERY_IN_FLIGHT must be a whole number/);
  });
});
