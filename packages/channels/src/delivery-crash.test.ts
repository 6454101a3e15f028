import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { getSendDelivery } from '@trellis/store';
import { describePostgres } from '@trellis/store/test-databases';
import { insertTestSend } from '@trellis/store/test-sends';
import { createDelivery } from './delivery.js';
import { LOCAL_RECEIVER_ALLOW, startHttpReceiver } from './test-receivers.js';

/**
 * The crash the claim/mark ordering is for, for real: a delivery process killed with SIGKILL
 * while its webhook POSTs are in flight. PostgreSQL only, since the embedded database lives
 * inside one process and dies with it.
 */
describePostgres('delivery after a worker is killed mid-delivery', (database) => {
  it('redelivers only the sends that were in flight, with the same keys, after the lease; the rest of the round goes out once', async () => {
    const ids = ['k1', 'k2', 'k3', 'k4', 'k5'];
    // The dead worker's POSTs are held open until it is killed; every later one is answered.
    const receiver = await startHttpReceiver((index) => (index < 2 ? 'hang' : 200));
    const keys = () => receiver.received.map((request) => request.headers['idempotency-key']);
    try {
      for (const [i, id] of ids.entries()) {
        await insertTestSend(database.db, {
          leadId: 'crash-ada',
          id,
          channel: 'webhook',
          template: `${receiver.url}/hook`,
          at: new Date(Date.now() - 10_000 + i),
          idempotencyKey: `key-${id}`,
          payload: { lead: { id: 'crash-ada' }, journey: { id: 'j' }, nodeId: id },
        });
      }
      // Long enough that the lease cannot run out between the kill and the survivor's first look.
      const leaseMs = 4_000;
      const inFlight = 2;
      const script = fileURLToPath(new URL('./test-crash-worker.ts', import.meta.url));
      const child = spawn(process.execPath, ['--import', 'tsx', script, database.databaseUrl!, String(leaseMs), String(inFlight)], {
        stdio: 'inherit',
      });
      const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
      const started = Date.now();
      while (receiver.received.length < inFlight && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 20));
      // Time enough for a worker that posted more than it should to show it.
      await new Promise((r) => setTimeout(r, 300));
      expect(keys()).toEqual(['key-k1', 'key-k2']);
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      const states = async () =>
        Promise.all(ids.map(async (id) => (({ deliveryState, attempts }) => [id, deliveryState, attempts])((await getSendDelivery(database.db, 'crash-ada', id))!)));
      expect(await states()).toEqual([
        ['k1', 'pending', 1],
        ['k2', 'pending', 1],
        ['k3', 'pending', 0],
        ['k4', 'pending', 0],
        ['k5', 'pending', 0],
      ]);

      // What the dead worker never claimed goes out at once; what it held waits for its lease.
      const survivor = createDelivery({ db: database.db, webhookSecret: 'crash-secret', leaseMs, webhookAllow: LOCAL_RECEIVER_ALLOW });
      const now = (await survivor.deliverDue()).map((report) => [report.sendId, report.outcome, report.attempt]);
      expect(now).toEqual([
        ['k3', 'delivered', 1],
        ['k4', 'delivered', 1],
        ['k5', 'delivered', 1],
      ]);
      const held = await getSendDelivery(database.db, 'crash-ada', 'k2');
      await new Promise((resolve) => setTimeout(resolve, held!.nextAttemptAt!.getTime() - Date.now() + 50));
      const later = (await survivor.deliverDue()).map((report) => [report.sendId, report.outcome, report.attempt]);
      expect(later).toEqual([
        ['k1', 'delivered', 2],
        ['k2', 'delivered', 2],
      ]);
      // Delivered twice: exactly the two in flight at the kill, recognisably (same key, same body).
      expect(keys()).toEqual(['key-k1', 'key-k2', 'key-k3', 'key-k4', 'key-k5', 'key-k1', 'key-k2']);
      const bodies = receiver.received.map((request) => request.rawBody);
      expect([bodies[5], bodies[6]]).toEqual([bodies[0], bodies[1]]);
      expect(await states()).toEqual([
        ['k1', 'delivered', 2],
        ['k2', 'delivered', 2],
        ['k3', 'delivered', 1],
        ['k4', 'delivered', 1],
        ['k5', 'delivered', 1],
      ]);
    } finally {
      await receiver.close();
    }
  });
});
