import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getSendDelivery, migrate, openPgliteExecutor, type SqlExecutor } from '@trellis/store';
import { describePostgres } from '@trellis/store/test-databases';
import { insertTestSend } from '@trellis/store/test-sends';
import { createDelivery } from './delivery.js';
import { LOCAL_RECEIVER_ALLOW, startHttpReceiver } from './test-receivers.js';

/**
 * The crash the claim/mark ordering is for, for real: a delivery worker killed with SIGKILL
 * while its webhook POSTs are in flight, on PostgreSQL and on an embedded database's data
 * directory (opened again after the kill, as a restarted server would).
 */

const IDS = Array.from({ length: 10 }, (_, i) => `k${i}`);
const IN_FLIGHT = 4;
const LEASE_MS = 60_000;

/**
 * Ten sends to a receiver that holds the first four POSTs open; a worker with four slots is
 * killed once it has posted them. `open` gives the database to the test (and `close` hands it
 * back) around the worker, which reaches it at `target`.
 */
async function killMidDelivery(target: string, open: () => Promise<SqlExecutor>, close: (db: SqlExecutor) => Promise<void>) {
  const receiver = await startHttpReceiver((index) => (index < IN_FLIGHT ? 'hang' : 200));
  const keys = () => receiver.received.map((request) => request.headers['idempotency-key'] as string);
  // Posts made at once arrive in any order: each stretch is compared as a set.
  const stretches = (...lengths: number[]) => lengths.map((length, i) => keys().slice(lengths.slice(0, i).reduce((a, b) => a + b, 0)).slice(0, length).sort());
  const keysOf = (ids: string[]) => ids.map((id) => `key-${id}`);
  try {
    let db = await open();
    for (const [i, id] of IDS.entries()) {
      await insertTestSend(db, {
        leadId: 'crash-ada',
        id,
        channel: 'webhook',
        template: `${receiver.url}/hook`,
        at: new Date(Date.now() - 10_000 + i),
        idempotencyKey: `key-${id}`,
        payload: { lead: { id: 'crash-ada' }, journey: { id: 'j' }, nodeId: id },
      });
    }
    await close(db);
    const script = fileURLToPath(new URL('./test-crash-worker.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, target, String(LEASE_MS), String(IN_FLIGHT)], { stdio: 'inherit' });
    const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    const started = Date.now();
    while (receiver.received.length < IN_FLIGHT && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 20));
    // Time enough for a worker that posted more than it should to show it.
    await new Promise((r) => setTimeout(r, 300));
    expect(stretches(IN_FLIGHT, 99)).toEqual([keysOf(IDS.slice(0, IN_FLIGHT)), []]);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    db = await open();
    const states = async () =>
      Promise.all(IDS.map(async (id) => (({ deliveryState, attempts }) => [id, deliveryState, attempts])((await getSendDelivery(db, 'crash-ada', id))!)));
    expect(await states()).toEqual(IDS.map((id, i) => [id, 'pending', i < IN_FLIGHT ? 1 : 0]));

    // What the dead worker never claimed goes out at once; what it held waits for its lease (the
    // survivor's clock is set to the instant before the first lease ends, then to the last end).
    const leaseEnds = await Promise.all(IDS.slice(0, IN_FLIGHT).map(async (id) => (await getSendDelivery(db, 'crash-ada', id))!.nextAttemptAt!.getTime()));
    let clock = Math.min(...leaseEnds) - 1;
    const survivor = createDelivery({ db, webhookSecret: 'crash-secret', leaseMs: LEASE_MS, inFlight: IN_FLIGHT, webhookAllow: LOCAL_RECEIVER_ALLOW, now: () => new Date(clock) });
    const now = (await survivor.deliverDue()).map((report) => [report.sendId, report.outcome, report.attempt]);
    expect(now).toEqual(IDS.slice(IN_FLIGHT).map((id) => [id, 'delivered', 1]));
    clock = Math.max(...leaseEnds);
    const later = (await survivor.deliverDue()).map((report) => [report.sendId, report.outcome, report.attempt]);
    expect(later).toEqual(IDS.slice(0, IN_FLIGHT).map((id) => [id, 'delivered', 2]));
    survivor.close();
    // Delivered twice: exactly the four in flight at the kill, recognisably (same key, same body).
    expect(stretches(IN_FLIGHT, IDS.length - IN_FLIGHT, IN_FLIGHT, 99)).toEqual([
      keysOf(IDS.slice(0, IN_FLIGHT)),
      keysOf(IDS.slice(IN_FLIGHT)),
      keysOf(IDS.slice(0, IN_FLIGHT)),
      [],
    ]);
    const bodiesOf = (requests: typeof receiver.received) => requests.map((request) => `${request.headers['idempotency-key']} ${request.rawBody}`).sort();
    expect(bodiesOf(receiver.received.slice(IDS.length))).toEqual(bodiesOf(receiver.received.slice(0, IN_FLIGHT)));
    expect(await states()).toEqual(IDS.map((id, i) => [id, 'delivered', i < IN_FLIGHT ? 2 : 1]));
    await close(db);
  } finally {
    await receiver.close();
  }
}

describePostgres('delivery after a worker is killed mid-delivery', (database) => {
  it('redelivers only the sends that were in flight, with the same keys, after the lease; the rest goes out once', async () => {
    await killMidDelivery(database.databaseUrl!, async () => database.db, async () => {});
  });
});

describe('delivery after a worker on an embedded database is killed mid-delivery', () => {
  it('redelivers only the sends that were in flight, with the same keys, after the lease; the rest goes out once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'trellis-crash-'));
    try {
      const open = async () => {
        const db = await openPgliteExecutor({ dataDir });
        await migrate(db);
        return db;
      };
      await killMidDelivery(dataDir, open, (db) => db.close());
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
