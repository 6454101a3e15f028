/**
 * The publish review's count of running leads by version and node (`inFlightCounts`, one
 * GROUP BY) over 1,000,000 running leads of one journey on PostgreSQL (issue 17: under a
 * second), beside 500,000 finished runs and another journey's 500,000 running ones. Makes a
 * scratch database on the local server (or BENCH_POSTGRES_ADMIN_URL's), fills it with
 * generate_series, times the query as the API runs it (best of three), and drops the database.
 * Run: `npm run bench` in packages/store.
 */
import postgres from 'postgres';
import { inFlightCounts, sampleInFlightLeadIds } from '../src/in-flight.js';
import { migrate } from '../src/migrate.js';
import { openPostgresExecutor } from '../src/postgres-executor.js';

const RUNNING = Number(process.env.BENCH_LEADS ?? 1_000_000);
const ADMIN_URL = process.env.BENCH_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function main(): Promise<void> {
  const name = `trellis_bench_flight_${process.pid}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const db = openPostgresExecutor(ADMIN_URL.replace(/\/[^/]*$/, `/${name}`));
  try {
    await migrate(db);
    const fill = performance.now();
    // Running leads over three versions and six resting nodes; finished runs and another
    // journey's running leads around them, as a busy instance has.
    await db.query(
      `insert into runs (lead_id, id, journey_id, version, status, node_id, state, wake_at, entered_at)
       select 'lead-' || i, 'run-' || i, 'drip', 1 + i % 3, 'active', (array['w1', 'w2', 'w3', 'h1', 's1', 'w4'])[1 + i % 6],
              '{}'::jsonb, timestamptz '2026-03-01' + (i % 10000) * interval '1 minute', timestamptz '2026-02-01'
         from generate_series(1, $1::int) as i`,
      [RUNNING],
    );
    await db.query(
      `insert into runs (lead_id, id, journey_id, version, status, node_id, state, outcome, entered_at, ended_at)
       select 'lead-' || i, 'old-' || i, 'drip', 1, 'done', 'x', '{}'::jsonb, 'completed', timestamptz '2026-01-01', timestamptz '2026-01-05'
         from generate_series(1, $1::int / 2) as i`,
      [RUNNING],
    );
    await db.query(
      `insert into runs (lead_id, id, journey_id, version, status, node_id, state, entered_at)
       select 'lead-' || i, 'other-' || i, 'onboarding', 1, 'active', 'w', '{}'::jsonb, timestamptz '2026-02-01'
         from generate_series(1, $1::int / 2) as i`,
      [RUNNING],
    );
    await db.query(`vacuum analyze runs`);
    console.log(`filled ${RUNNING.toLocaleString('en-US')} running leads (and 1,000,000 other runs) in ${((performance.now() - fill) / 1000).toFixed(1)} s`);
    let fastest = Infinity;
    let groups = 0;
    let leads = 0;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const counts = await inFlightCounts(db, 'drip');
      fastest = Math.min(fastest, performance.now() - started);
      groups = counts.length;
      leads = counts.reduce((sum, c) => sum + c.leads, 0);
    }
    console.log(`publish review: running leads by version and node: ${fastest.toFixed(0)} ms (${groups} groups, ${leads.toLocaleString('en-US')} leads)`);
    // The what-if's sample: 10,000 leads stratified by version and node, as readInFlightSample asks.
    const counts = await inFlightCounts(db, 'drip');
    const sampleGroups = counts.map((c) => ({ version: c.version, nodeId: c.nodeId, leads: c.leads, limit: Math.max(1, Math.floor((10_000 * c.leads) / leads)) }));
    let fastestSample = Infinity;
    let sampled = 0;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      sampled = (await sampleInFlightLeadIds(db, 'drip', sampleGroups)).length;
      fastestSample = Math.min(fastestSample, performance.now() - started);
    }
    console.log(`what-if sample: ${sampled.toLocaleString('en-US')} of ${leads.toLocaleString('en-US')} running leads, stratified: ${fastestSample.toFixed(0)} ms`);
  } finally {
    await db.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

await main();
