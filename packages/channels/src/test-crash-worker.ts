/**
 * Test fixture, run as its own process by delivery-crash.test.ts: one delivery round against
 * a PostgreSQL database, so the test can kill -9 it in the middle of a delivery.
 * Usage: tsx test-crash-worker.ts <database-url> <lease-ms> <in-flight>
 */
import { openPostgresExecutor } from '@trellis/store';
import { createDelivery } from './delivery.js';
import { LOCAL_RECEIVER_ALLOW } from './test-receivers.js';

const [databaseUrl, leaseMs, inFlight] = process.argv.slice(2);
const db = openPostgresExecutor(databaseUrl!);
const delivery = createDelivery({ db, webhookSecret: 'crash-secret', leaseMs: Number(leaseMs), inFlight: Number(inFlight), webhookAllow: LOCAL_RECEIVER_ALLOW });
await delivery.deliverDue(10);
await db.close();
