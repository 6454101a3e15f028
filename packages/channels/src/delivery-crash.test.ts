import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { getSendDelivery } from '@trellis/store';
import { describePostgres } from '@trellis/store/test-databases';
import { insertTestSend } from '@trellis/store/test-sends';
import { createDelivery } from './delivery.js';
import { startHttpReceiver } from './test-receivers.js';

/**
 * The crash the claim/mark ordering is for, for real: a delivery process killed with SIGKILL
 * while its webhook POST is in flight. PostgreSQL only, since the embedded database lives
 * inside one process and dies with it.
 */
describePostgres('delivery after a worker is killed mid-delivery', (database) => {
  it('delivers the send again after the lease, with the same idempotency key, and marks it once', async () => {
    let answered = 0;
    // The first POST is held open until the worker is dead; the retry is answered.
    const receiver = await startHttpReceiver((index) => (index === 0 ? 'hang' : (answered++, 200)));
    try {
      await insertTestSend(database.db, {
        leadId: 'crash-ada',
        id: 'k1',
        channel: 'webhook',
        template: `${receiver.url}/hook`,
        at: new Date(Date.now() - 1_000),
        idempotencyKey: 'key-k1',
        payload: { lead: { id: 'crash-ada' }, journey: { id: 'j' }, nodeId: 'send1' },
      });
      // Long enough that the lease cannot run out between the kill and the survivor's first look.
      const leaseMs = 4_000;
      const script = fileURLToPath(new URL('./test-crash-worker.ts', import.meta.url));
      const child = spawn(process.execPath, ['--import', 'tsx', script, database.databaseUrl!, String(leaseMs)], {
        stdio: 'inherit',
      });
      const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
      const started = Date.now();
      while (receiver.received.length === 0 && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 20));
      expect(receiver.received).toHaveLength(1);
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      const pending = await getSendDelivery(database.db, 'crash-ada', 'k1');
      expect(pending).toMatchObject({ deliveryState: 'pending', attempts: 1, status: 'sent' });

      const survivor = createDelivery({ db: database.db, webhookSecret: 'crash-secret', leaseMs });
      expect(await survivor.deliverDue()).toEqual([]); // the dead worker's lease still holds
      await new Promise((resolve) => setTimeout(resolve, pending!.nextAttemptAt!.getTime() - Date.now() + 50));
      const reports = await survivor.deliverDue();
      expect(reports.map((report) => [report.sendId, report.outcome, report.attempt])).toEqual([['k1', 'delivered', 2]]);
      expect(answered).toBe(1);
      expect(receiver.received.map((request) => request.headers['idempotency-key'])).toEqual(['key-k1', 'key-k1']);
      expect(receiver.received[0]!.rawBody).toBe(receiver.received[1]!.rawBody);
      expect(await getSendDelivery(database.db, 'crash-ada', 'k1')).toMatchObject({ deliveryState: 'delivered', attempts: 2 });
    } finally {
      await receiver.close();
    }
  });
});
