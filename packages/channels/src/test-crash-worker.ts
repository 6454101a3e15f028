/**
 * Test fixture, run as its own process by delivery-crash.test.ts: the delivery worker as the
 * server runs it, on PostgreSQL (a URL) or on an embedded database's data directory, so the
 * test can kill -9 it in the middle of deliveries.
 * Usage: tsx test-crash-worker.ts <database-url | data-dir> <lease-ms> <in-flight>
 */
import { openPgliteExecutor, openPostgresExecutor } from '@trellis/store';
import { createDelivery } from './delivery.js';
import { startDeliveryWorker } from './delivery-worker.js';
import { LOCAL_RECEIVER_ALLOW } from './test-receivers.js';

const [database, leaseMs, inFlight] = process.argv.slice(2);
const db = database!.startsWith('postgres') ? openPostgresExecutor(database!) : await openPgliteExecutor({ dataDir: database! });
const delivery = createDelivery({ db, webhookSecret: 'crash-secret', leaseMs: Number(leaseMs), inFlight: Number(inFlight), webhookAllow: LOCAL_RECEIVER_ALLOW });
await startDeliveryWorker(db, delivery, { pollMs: 60_000 });
