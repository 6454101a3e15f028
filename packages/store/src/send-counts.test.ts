import { expect, it } from 'vitest';
import { saveLeadWork, type LeadWorkChanges } from './lead-work.js';
import { loadMigrations } from './migrate.js';
import { openPostgresExecutor } from './postgres-executor.js';
import { claimDueSends, markSendDelivered, markSendFailed, scheduleSendRetry } from './send-delivery.js';
import { sendStatusCounts, type SendStatusCount } from './send-counts.js';
import type { SqlQueryable } from './sql.js';
import { describeEachDatabase, describePostgres } from './test-databases.js';
import { insertTestSend } from './test-sends.js';

/** What the counters must always agree with: the journey's sends counted one by one. */
function scannedSendCounts(db: SqlQueryable, journeyId: string): Promise<SendStatusCount[]> {
  return db.query<SendStatusCount>(
    `select channel, status, count(*)::int as count,
            count(*) filter (where status = 'sent' and delivery_state = 'delivered')::int as delivered,
            count(*) filter (where delivery_state = 'failed')::int as "failedDelivery"
       from sends where journey_id = $1
      group by channel, status
      order by channel, status`,
    [journeyId],
  );
}

type SendChange = LeadWorkChanges['sends'][number];

/** A batch as the engine saves it: its sends, and the stats of the nodes they were sent from. */
function engineBatch(sends: SendChange[]): LeadWorkChanges {
  const nodes = new Map<string, LeadWorkChanges['nodeStats'][number]>();
  for (const send of sends) {
    const key = `${send.journeyId}\u0000${send.nodeId}`;
    const stats = nodes.get(key) ?? { journeyId: send.journeyId, nodeId: send.nodeId, current: 0, entered: 0 };
    stats.entered += 1;
    nodes.set(key, stats);
  }
  return {
    leads: [],
    runs: [],
    steps: [],
    leftSteps: [],
    sends,
    handoffsOpened: [],
    handoffsClosed: [],
    emittedEvents: [],
    processedEvents: [],
    nodeStats: [...nodes.values()],
    outcomes: [],
    dueAt: [],
  };
}

function send(journeyId: string, leadId: string, id: string, nodeId: string, channel: string, status: string, at: Date): SendChange {
  return { leadId, id, runId: `run-${leadId}`, journeyId, nodeId, channel, template: 't', status, at, payload: {} };
}

describeEachDatabase('send status counts', (database) => {
  // Each test's instants are earlier than the previous test's, so sends one test leaves
  // pending are never due for the next one's claims.
  it("counts the engine's saves per channel and status, each send once however often it is saved", async () => {
    const journeyId = 'cnt-saved';
    const at = new Date('2040-01-01T00:00:00Z');
    const batch = engineBatch([
      send(journeyId, 'cnt-a', 'r1.1', 'mail1', 'email', 'sent', at),
      send(journeyId, 'cnt-b', 'r1.1', 'mail1', 'email', 'sent', at),
      send(journeyId, 'cnt-c', 'r1.1', 'mail1', 'email', 'suppressed', at),
      send(journeyId, 'cnt-a', 'r1.2', 'mail2', 'email', 'sent', at),
      send(journeyId, 'cnt-a', 'r1.3', 'text1', 'sms', 'capped', at),
      send(journeyId, 'cnt-b', 'r1.3', 'text1', 'sms', 'failed', at),
      send('cnt-other', 'cnt-a', 'r9.1', 'mail1', 'email', 'sent', at),
    ]);
    await database.db.transaction((tx) => saveLeadWork(tx, batch));
    // A batch saved again (a worker retrying after a crash) writes no send twice.
    await database.db.transaction((tx) => saveLeadWork(tx, batch));

    const expected = [
      { channel: 'email', status: 'sent', count: 3, delivered: 0, failedDelivery: 0 },
      // Nothing to deliver: the engine settles these at once, but none of them was delivered.
      { channel: 'email', status: 'suppressed', count: 1, delivered: 0, failedDelivery: 0 },
      { channel: 'sms', status: 'capped', count: 1, delivered: 0, failedDelivery: 0 },
      { channel: 'sms', status: 'failed', count: 1, delivered: 0, failedDelivery: 0 },
    ];
    expect(await sendStatusCounts(database.db, journeyId)).toEqual(expected);
    expect(await scannedSendCounts(database.db, journeyId)).toEqual(expected);
    expect(await sendStatusCounts(database.db, 'cnt-other')).toEqual([
      { channel: 'email', status: 'sent', count: 1, delivered: 0, failedDelivery: 0 },
    ]);
    expect(await sendStatusCounts(database.db, 'no-sends')).toEqual([]);
  });

  it('follows delivery: a retried send counts once when delivered, a failed one moves to failed', async () => {
    const journeyId = 'cnt-delivered';
    const at = new Date('2030-01-01T00:00:00Z');
    for (const id of ['ok', 'retried', 'gave-up']) {
      await insertTestSend(database.db, { leadId: 'cnt-dl', id, channel: 'email', template: 't', journeyId, nodeId: 'mail1', at });
    }
    await insertTestSend(database.db, { leadId: 'cnt-dl', id: 'text', channel: 'sms', template: 't', journeyId, nodeId: 'text1', at });
    const now = new Date(at.getTime() + 1000);
    const claimed = await claimDueSends(database.db, { now, limit: 10, leaseMs: 60_000 });
    const claim = (id: string) => claimed.find((s) => s.id === id)!;

    expect(await markSendDelivered(database.db, claim('ok'), { at: now })).toBe(true);
    // Marked once: the same claim marks nothing again, and counts nothing again.
    expect(await markSendDelivered(database.db, claim('ok'), { at: now })).toBe(false);
    expect(await markSendFailed(database.db, claim('ok'), { error: 'late' })).toBe(false);

    // A failed attempt, a retry by another claim; the first claim's late word changes nothing.
    const retryAt = new Date(now.getTime() + 30_000);
    expect(await scheduleSendRetry(database.db, claim('retried'), { nextAttemptAt: retryAt, error: 'HTTP 500' })).toBe(true);
    expect(await sendStatusCounts(database.db, journeyId)).toEqual([
      { channel: 'email', status: 'sent', count: 3, delivered: 1, failedDelivery: 0 },
      { channel: 'sms', status: 'sent', count: 1, delivered: 0, failedDelivery: 0 },
    ]);
    const [retry] = await claimDueSends(database.db, { now: retryAt, limit: 1, leaseMs: 60_000 });
    expect(retry).toMatchObject({ id: 'retried', attempts: 2 });
    expect(await markSendDelivered(database.db, claim('retried'), { at: retryAt })).toBe(false);
    expect(await markSendFailed(database.db, claim('retried'), { error: 'stale' })).toBe(false);
    expect(await markSendDelivered(database.db, retry!, { at: retryAt })).toBe(true);

    expect(await markSendFailed(database.db, claim('gave-up'), { error: 'no email address' })).toBe(true);
    expect(await markSendFailed(database.db, claim('text'), { error: 'no phone' })).toBe(true);

    const expected = [
      { channel: 'email', status: 'failed', count: 1, delivered: 0, failedDelivery: 1 },
      { channel: 'email', status: 'sent', count: 2, delivered: 2, failedDelivery: 0 },
      // Every sms send failed: no `sent` sms sends are left to show.
      { channel: 'sms', status: 'failed', count: 1, delivered: 0, failedDelivery: 1 },
    ];
    expect(await sendStatusCounts(database.db, journeyId)).toEqual(expected);
    expect(await scannedSendCounts(database.db, journeyId)).toEqual(expected);
  });
});

describeEachDatabase('send status counts, filled in by the migration', (database) => {
  it('counts the sends written before the counters existed', async () => {
    const journeyId = 'cnt-upgraded';
    const at = new Date('2030-01-01T00:00:00Z');
    await database.db.transaction((tx) =>
      saveLeadWork(
        tx,
        engineBatch([
          send(journeyId, 'cnt-u1', 'r1.1', 'mail1', 'email', 'sent', at),
          send(journeyId, 'cnt-u2', 'r1.1', 'mail1', 'email', 'sent', at),
          send(journeyId, 'cnt-u3', 'r1.1', 'mail1', 'email', 'suppressed', at),
          send(journeyId, 'cnt-u1', 'r1.2', 'text1', 'sms', 'sent', at),
        ]),
      ),
    );
    const claimed = await claimDueSends(database.db, { now: new Date(at.getTime() + 1000), limit: 10, leaseMs: 60_000 });
    expect(await markSendDelivered(database.db, claimed.find((s) => s.leadId === 'cnt-u1' && s.channel === 'email')!, { at })).toBe(true);
    expect(await markSendFailed(database.db, claimed.find((s) => s.leadId === 'cnt-u2')!, { error: 'bounced' })).toBe(true);

    // A database from before the counters: the same sends, no send_counts; then the upgrade.
    const [migration] = (await loadMigrations()).filter((m) => m.name.endsWith('_send_counts'));
    await database.db.transaction(async (tx) => {
      await tx.exec('drop table send_counts');
      await tx.exec(migration!.sql);
    });

    const expected = [
      { channel: 'email', status: 'failed', count: 1, delivered: 0, failedDelivery: 1 },
      { channel: 'email', status: 'sent', count: 1, delivered: 1, failedDelivery: 0 },
      { channel: 'email', status: 'suppressed', count: 1, delivered: 0, failedDelivery: 0 },
      { channel: 'sms', status: 'sent', count: 1, delivered: 0, failedDelivery: 0 },
    ];
    expect(await sendStatusCounts(database.db, journeyId)).toEqual(expected);
    expect(await scannedSendCounts(database.db, journeyId)).toEqual(expected);
    // And the filled-in counters go on counting.
    const [text] = claimed.filter((s) => s.channel === 'sms');
    expect(await markSendDelivered(database.db, text!, { at })).toBe(true);
    expect(await sendStatusCounts(database.db, journeyId)).toEqual(await scannedSendCounts(database.db, journeyId));
  });
});

describePostgres('send status counts, several workers saving at once', (database) => {
  it('adds up every batch two connections save and deliver concurrently into the same counters', async () => {
    const journeyId = 'cnt-concurrent';
    const at = new Date('2020-01-01T00:00:00Z');
    const workers = [openPostgresExecutor(database.databaseUrl!, { maxConnections: 2 }), openPostgresExecutor(database.databaseUrl!, { maxConnections: 2 })];
    const batches = 20;
    const perBatch = 25;
    try {
      await Promise.all(
        workers.map(async (worker, w) => {
          for (let b = 0; b < batches; b++) {
            const sends: SendChange[] = [];
            for (let i = 0; i < perBatch; i++) {
              // Both workers send from the same nodes, in both key orders, with every status.
              const nodeId = (b + i + w) % 2 === 0 ? 'mail1' : 'mail2';
              const status = i % 5 === 0 ? 'suppressed' : 'sent';
              sends.push(send(journeyId, `cnt-w${w}-${b}-${i}`, 'r1.1', nodeId, 'email', status, at));
            }
            await worker.transaction((tx) => saveLeadWork(tx, engineBatch(w === 0 ? sends : [...sends].reverse())));
            // Delivery runs alongside: each worker delivers what is due, a few at a time.
            for (const claimed of await claimDueSends(worker, { now: new Date(at.getTime() + 1000), limit: 10, leaseMs: 60_000 })) {
              if (claimed.leadId.endsWith('-3')) await markSendFailed(worker, claimed, { error: 'bounced' });
              else await worker.transaction((tx) => markSendDelivered(tx, claimed, { at }));
            }
          }
        }),
      );
    } finally {
      await Promise.all(workers.map((worker) => worker.close()));
    }

    const counts = await sendStatusCounts(database.db, journeyId);
    expect(counts).toEqual(await scannedSendCounts(database.db, journeyId));
    const total = counts.reduce((sum, row) => sum + row.count, 0);
    expect(total).toBe(2 * batches * perBatch);
    expect(counts.find((row) => row.status === 'suppressed')?.count).toBe(2 * batches * (perBatch / 5));
    const failed = counts.find((row) => row.status === 'failed');
    expect(failed?.count).toBeGreaterThan(0);
    expect(failed?.failedDelivery).toBe(failed?.count);
  });
});
