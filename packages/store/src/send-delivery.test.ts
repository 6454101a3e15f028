import { expect, it } from 'vitest';
import {
  claimDueSends,
  getSendDelivery,
  markSendDelivered,
  markSendFailed,
  markSendsDelivered,
  scheduleSendRetry,
} from './send-delivery.js';
import { sendStatsOfJourney } from './send-engagement.js';
import { sendStatusCounts } from './send-counts.js';
import { describeEachDatabase } from './test-databases.js';
import { insertTestSend } from './test-sends.js';
import type { SqlQueryable } from './sql.js';

describeEachDatabase('send delivery', (database) => {
  // Each test's instants are earlier than the previous test's, so sends left by one test are never due in the next.
  it('claims due pending sends oldest first, bumping attempts and leasing them', async () => {
    const at = new Date('2040-01-01T00:00:00Z');
    await insertTestSend(database.db, { leadId: 'sd-ada', id: 'later', channel: 'email', template: 't', at: new Date(at.getTime() + 1000) });
    await insertTestSend(database.db, { leadId: 'sd-ada', id: 'first', channel: 'email', template: 't', at });
    await insertTestSend(database.db, { leadId: 'sd-ada', id: 'future', channel: 'email', template: 't', at: new Date('2041-01-01T00:00:00Z') });
    const now = new Date(at.getTime() + 5000);
    const claimed = await claimDueSends(database.db, { now, limit: 10, leaseMs: 60_000 });
    expect(claimed.map((send) => [send.id, send.attempts])).toEqual([
      ['first', 1],
      ['later', 1],
    ]);
    expect(claimed[0]).toEqual({
      leadId: 'sd-ada',
      id: 'first',
      runId: 'run-sd-ada',
      journeyId: 'journey-1',
      nodeId: 'send1',
      channel: 'email',
      template: 't',
      status: 'sent',
      at,
      idempotencyKey: 'sd-ada:first',
      payload: {},
      attempts: 1,
    });
    const leased = await getSendDelivery(database.db, 'sd-ada', 'first');
    expect(leased?.nextAttemptAt).toEqual(new Date(now.getTime() + 60_000));
    // Leased: not due again until the lease runs out.
    expect(await claimDueSends(database.db, { now, limit: 10, leaseMs: 60_000 })).toEqual([]);
    const afterLease = await claimDueSends(database.db, { now: new Date(now.getTime() + 60_000), limit: 1, leaseMs: 60_000 });
    expect(afterLease.map((send) => [send.id, send.attempts])).toEqual([['first', 2]]);
  });

  it('gives two claims at once disjoint sends', async () => {
    const at = new Date('2032-01-01T00:00:00Z');
    for (let i = 0; i < 6; i++) {
      await insertTestSend(database.db, { leadId: 'sd-bo', id: `s${i}`, channel: 'sms', template: 't', at });
    }
    const now = new Date(at.getTime() + 1000);
    const [a, b] = await Promise.all([
      claimDueSends(database.db, { now, limit: 3, leaseMs: 60_000 }),
      claimDueSends(database.db, { now, limit: 3, leaseMs: 60_000 }),
    ]);
    const ids = [...a!, ...b!].map((send) => send.id).sort();
    expect(ids).toEqual(['s0', 's1', 's2', 's3', 's4', 's5']);
  });

  it('marks a send delivered, retried or failed only while its claim is current', async () => {
    const at = new Date('2030-01-01T00:00:00Z');
    await insertTestSend(database.db, { leadId: 'sd-cy', id: 'd', channel: 'email', template: 't', at });
    await insertTestSend(database.db, { leadId: 'sd-cy', id: 'r', channel: 'email', template: 't', at });
    await insertTestSend(database.db, { leadId: 'sd-cy', id: 'f', channel: 'email', template: 't', at });
    const now = new Date(at.getTime() + 1000);
    const claimed = await claimDueSends(database.db, { now, limit: 3, leaseMs: 60_000 });
    const claim = (id: string) => claimed.find((send) => send.id === id)!;

    expect(await markSendDelivered(database.db, claim('d'), { at: now, missingFields: ['lead.first_name'] })).toBe(true);
    expect(await getSendDelivery(database.db, 'sd-cy', 'd')).toMatchObject({
      deliveryState: 'delivered',
      status: 'sent',
      deliveredAt: now,
      nextAttemptAt: null,
      missingFields: ['lead.first_name'],
    });
    // Marked once: the same claim cannot mark it again.
    expect(await markSendFailed(database.db, claim('d'), { error: 'late' })).toBe(false);

    const retryAt = new Date(now.getTime() + 30_000);
    expect(await scheduleSendRetry(database.db, claim('r'), { nextAttemptAt: retryAt, error: 'HTTP 500' })).toBe(true);
    expect(await getSendDelivery(database.db, 'sd-cy', 'r')).toMatchObject({
      deliveryState: 'pending',
      attempts: 1,
      nextAttemptAt: retryAt,
      lastError: 'HTTP 500',
    });
    // A stale claim (another worker has since claimed the send) changes nothing.
    const [reclaimed] = await claimDueSends(database.db, { now: retryAt, limit: 1, leaseMs: 60_000 });
    expect(reclaimed?.attempts).toBe(2);
    expect(await markSendDelivered(database.db, claim('r'), { at: retryAt })).toBe(false);
    expect((await getSendDelivery(database.db, 'sd-cy', 'r'))?.deliveryState).toBe('pending');

    expect(await markSendFailed(database.db, claim('f'), { error: 'no email address' })).toBe(true);
    expect(await getSendDelivery(database.db, 'sd-cy', 'f')).toMatchObject({
      deliveryState: 'failed',
      status: 'failed',
      lastError: 'no email address',
      nextAttemptAt: null,
    });
  });

  it('marks several sends delivered in one statement, each only while its claim is current, counting each once', async () => {
    const at = new Date('2028-01-01T00:00:00Z');
    for (const id of ['m1', 'm2', 'm3']) {
      await insertTestSend(database.db, { leadId: 'sd-di', id, channel: 'email', template: 't', at, journeyId: 'sd-many', nodeId: 'hello' });
    }
    const now = new Date(at.getTime() + 1000);
    const claimed = await claimDueSends(database.db, { now, limit: 3, leaseMs: 60_000 });
    // m3's claim is no longer current: another worker claimed it again after the lease.
    const [again] = await claimDueSends(database.db, { now: new Date(now.getTime() + 60_000), limit: 1, leaseMs: 60_000 });
    expect(again?.id).toBe('m1');
    const delivered = claimed.map((send, i) => ({ ...send, at: new Date(now.getTime() + i), missingFields: i === 1 ? ['lead.first_name'] : null }));
    expect(await markSendsDelivered(database.db, delivered)).toEqual([
      { leadId: 'sd-di', id: 'm2' },
      { leadId: 'sd-di', id: 'm3' },
    ]);
    expect(await getSendDelivery(database.db, 'sd-di', 'm2')).toMatchObject({
      deliveryState: 'delivered',
      deliveredAt: new Date(now.getTime() + 1),
      nextAttemptAt: null,
      missingFields: ['lead.first_name'],
    });
    expect(await getSendDelivery(database.db, 'sd-di', 'm3')).toMatchObject({ deliveryState: 'delivered', deliveredAt: new Date(now.getTime() + 2), missingFields: null });
    expect(await getSendDelivery(database.db, 'sd-di', 'm1')).toMatchObject({ deliveryState: 'pending', attempts: 2 });
    // Marked once: the same claims mark nothing again.
    expect(await markSendsDelivered(database.db, delivered)).toEqual([]);
    expect(await markSendsDelivered(database.db, [])).toEqual([]);
    expect((await sendStatsOfJourney(database.db, 'sd-many')).hello?.sent).toBe(2);
    expect(await sendStatusCounts(database.db, 'sd-many')).toEqual([{ channel: 'email', status: 'sent', count: 3, delivered: 2, failedDelivery: 0 }]);
  });

  it('marks a few sends by key, not by scanning every pending send (a wave leaves thousands pending)', async () => {
    const at = new Date('2027-01-01T00:00:00Z');
    // Thousands pending, never analysed: PGlite has no autovacuum, so its estimates stay stale.
    await database.db.query(
      `insert into sends (lead_id, id, run_id, journey_id, node_id, channel, template, status, at, idempotency_key, payload, delivery_state, attempts, next_attempt_at)
       select 'sd-wave-' || g, 's', 'run', 'sd-wave', 'hello', 'email', 't', 'sent', $1, 'k' || g, '{}'::jsonb, 'pending', 0, $1
         from generate_series(1, 3000) g`,
      [at],
    );
    const claimed = await claimDueSends(database.db, { now: new Date(at.getTime() + 1000), limit: 5, leaseMs: 60_000 });
    expect(claimed).toHaveLength(5);
    const explained: SqlQueryable = { query: (text, params) => database.db.query(`explain ${text}`, params) };
    const plan = (await markSendsDelivered(explained, claimed.map((send) => ({ ...send, at, missingFields: null })))) as unknown as { 'QUERY PLAN': string }[];
    const text = plan.map((row) => row['QUERY PLAN']).join('\n');
    expect(text).toContain('sends_pkey');
    expect(text).not.toMatch(/(Seq|Bitmap Heap) Scan on sends/);
  });
});
