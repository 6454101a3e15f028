/**
 * A journey's report (`journeyReportNumbers`, issue 16: under 300 ms) over 1,000,000 runs and
 * 5,000,000 sends on PostgreSQL: a split, six send nodes, 5% held out, about 13% reaching the
 * goal, opens and clicks from tracking (with the send id) and posted without it, over 50 days.
 * Makes a scratch database on the local server (or BENCH_POSTGRES_ADMIN_URL's), fills it with
 * generate_series with the rollup triggers off (bulk statements of millions of rows through
 * them take hours), then builds the rollups with migration 055's own backfill, as upgrading a
 * database of that size would (timed); times the report as the API asks for it (best of three),
 * and the scan it replaced once; drops the database. Run: `npm run bench` in packages/store;
 * BENCH_RUNS and BENCH_SENDS make it smaller.
 */
import { readFile } from 'node:fs/promises';
import postgres from 'postgres';
import { journeyReportNumbers, type ReportSelection } from '../src/journey-report.js';
import { scanJourneyReportNumbers } from '../src/journey-report-scan.js';
import { migrate } from '../src/migrate.js';
import { openPostgresExecutor } from '../src/postgres-executor.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 1_000_000);
const SENDS = Number(process.env.BENCH_SENDS ?? 5_000_000);
const ADMIN_URL = process.env.BENCH_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DOC = {
  schemaVersion: 1,
  name: 'Bench',
  nodes: [{ id: 't', type: 'trigger' }, { id: 'split', type: 'split' }, ...[1, 2, 3, 4, 5, 6].map((n) => ({ id: `mail${n}`, type: 'send' }))],
  edges: [],
};

async function best(what: string, run: () => Promise<{ entered: number; sendNodes: object; series: unknown[] }>): Promise<void> {
  let fastest = Infinity;
  let value: Awaited<ReturnType<typeof run>> | undefined;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    value = await run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  console.log(`${what}: ${fastest.toFixed(0)} ms (${value!.entered} entered, ${Object.keys(value!.sendNodes).length} send nodes, ${value!.series.length} days)`);
}

async function timed(what: string, sql: string, db: ReturnType<typeof openPostgresExecutor>, params: unknown[] = []): Promise<void> {
  const started = performance.now();
  // Triggers off for the bulk fill (a superuser's session setting); the backfill below counts these rows.
  await db.transaction(async (tx) => {
    await tx.query(`set local session_replication_role = replica`);
    await tx.query(sql, params);
  });
  console.log(`  ${what}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function main(): Promise<void> {
  const name = `trellis_bench_report_${process.pid}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const db = openPostgresExecutor(ADMIN_URL.replace(/\/[^/]*$/, `/${name}`));
  try {
    await migrate(db);
    const fill = performance.now();
    await db.query(`insert into journeys (id, name, status, draft, published_version) values ('bench', 'Bench', 'active', $1, 1)`, [DOC]);
    await db.query(`insert into journey_versions (journey_id, version, document, published_at) values ('bench', 1, $1, '2026-01-01')`, [DOC]);
    // Run i enters at an even pace over 50 days; every 20th is held out (every 40th of those
    // reaches the goal in the window); treated runs split A/B, B converting better.
    await timed(
      'runs',
      `insert into runs (lead_id, id, journey_id, version, status, node_id, state, outcome, entered_at, ended_at)
       select 'lead-' || i, 'run-' || i, 'bench', 1, case when o is null then 'active' else 'done' end, 't',
              case when i % 20 = 0 then jsonb_build_object('heldOut', true) || case when i % 40 = 0 then '{"goalAt": 1}'::jsonb else '{}' end else '{}' end,
              o, e, case when o is null then null else e + ((i::int8 * 7919) % 28800) * interval '1 minute' end
         from generate_series(1, $1::int) as i,
              lateral (select timestamptz '2026-01-01' + (i::int8 * 50 * 86400 / $1::int) * interval '1 second' as e) as entered,
              lateral (select case when i % 20 = 0 then 'holdout' when i % 8 = 1 or (i % 3 = 0 and i % 7 = 0) then 'goal'
                                   when i % 10 < 6 then 'completed' else null end as o) as outcome`,
      db,
      [RUNS],
    );
    await timed(
      'steps at the trigger and the split',
      `insert into steps (lead_id, run_id, seq, node_id, at, handle)
       select lead_id, id, s.seq, s.node, entered_at, case s.seq when 0 then 'out' else case when substr(id, 5)::int % 3 = 0 then 'B' else 'A' end end
         from runs, (values (0, 't'), (1, 'split')) as s(seq, node)
        where state = '{}'`,
      db,
    );
    // Send j goes to treated run k = j mod treated (skipping every 20th run), from node 1 + j / treated.
    const treated = RUNS - Math.floor(RUNS / 20);
    await timed(
      'sends',
      `insert into sends (lead_id, id, run_id, journey_id, node_id, channel, template, status, at, idempotency_key, delivery_state, delivered_at)
       select 'lead-' || i, 'send-' || j, 'run-' || i, 'bench', 'mail' || n, 'email', 'm' || n, st, at, 'send-' || j,
              case st when 'sent' then 'delivered' when 'failed' then 'failed' else 'pending' end, case st when 'sent' then at end
         from generate_series(1, $1::int) as j,
              lateral (select (j - 1) % $2::int as k, 1 + (j - 1) / $2::int as n) as a,
              lateral (select k + k / 19 + 1 as i) as b,
              lateral (select timestamptz '2026-01-01' + (i::int8 * 50 * 86400 / $3::int) * interval '1 second' + (n - 1) * interval '2 days' + interval '5 minutes' as at,
                              case when j % 97 = 0 then 'failed' when j % 50 = 0 then 'suppressed' else 'sent' end as st) as c`,
      db,
      [SENDS, treated, RUNS],
    );
    await timed(
      'steps at the send nodes',
      `insert into steps (lead_id, run_id, seq, node_id, at)
       select lead_id, run_id, 1 + substr(node_id, 5)::int, node_id, at from sends`,
      db,
    );
    // Opens and clicks: tracking's (with the send id, and its counters), and some posted by an
    // outside tool with only the journey (attributed to the lead's latest email).
    await timed(
      'tracked opens and clicks',
      `insert into events (lead_id, id, type, at, props, processed_at)
       select lead_id, t.type || '-' || id, t.type, at + t.after, jsonb_build_object('sendId', id, 'journeyId', journey_id, 'nodeId', node_id), at
         from sends, (values ('email_opened', interval '3 hours', 5), ('email_clicked', interval '4 hours', 20)) as t(type, after, every)
        where status = 'sent' and substr(id, 6)::int % t.every = 0`,
      db,
    );
    await timed(
      'tracking counters',
      `insert into send_engagement (lead_id, send_id, opens, clicks, unsubscribes)
       select lead_id, id, (n % 5 = 0)::int, (n % 20 = 0)::int, (n % 400 = 0)::int
         from sends, lateral (select substr(id, 6)::int as n) as x
        where status = 'sent' and (n % 5 = 0 or n % 400 = 0)`,
      db,
    );
    await timed(
      'opens posted without a send id',
      `insert into events (lead_id, id, type, at, props, processed_at)
       select lead_id, 'posted-' || id, 'email_opened', at + interval '1 day', jsonb_build_object('journeyId', journey_id), at
         from sends where status = 'sent' and substr(id, 6)::int % 23 = 0`,
      db,
    );
    await db.query(`vacuum analyze`);
    const migration = await readFile(new URL('../src/migrations/055_report_rollups.sql', import.meta.url), 'utf8');
    const from = migration.indexOf('-- The rows written before the rollups existed');
    const backfill = migration.slice(from, migration.indexOf('-- Transition tables need one trigger per event.'));
    const rebuilt = performance.now();
    // As in the migration, the backfill runs before its triggers exist (here: with them off).
    await db.transaction(async (tx) => {
      await tx.query(`set local session_replication_role = replica`);
      for (const table of ['send_engagement_days', 'report_runs', 'report_nodes', 'report_handles', 'report_sends', 'report_sent_days', 'report_engaged_days']) await tx.query(`truncate ${table}`);
      for (const statement of backfill.split(/;\s*\n/).filter((s) => s.replace(/--[^\n]*/g, '').trim() !== '')) await tx.query(statement);
    });
    await db.query(`vacuum analyze`);
    console.log(`  rollups built by migration 055's backfill: ${((performance.now() - rebuilt) / 1000).toFixed(1)} s`);
    console.log(`filled ${RUNS.toLocaleString('en-US')} runs and ${SENDS.toLocaleString('en-US')} sends in ${((performance.now() - fill) / 1000).toFixed(1)} s`);

    const report = (selection: Partial<ReportSelection>) => () =>
      journeyReportNumbers(db, { journeyId: 'bench', version: 1, from: null, to: null, holdoutWindow: 'P30D', ...selection });
    await best('report: version 1, all time', report({}));
    await best('report: version 1, 30 days (UTC days, as the Results tab asks)', report({ from: new Date('2026-01-10T00:00:00Z'), to: new Date('2026-02-09T00:00:00Z') }));
    await best('report: every version, 30 days starting and ending mid-day', report({ version: null, from: new Date('2026-01-10T12:00:00Z'), to: new Date('2026-02-09T12:00:00Z') }));
    if (process.env.BENCH_SCAN === '1') {
      const started = performance.now();
      await scanJourneyReportNumbers(db, { journeyId: 'bench', version: 1, from: null, to: null, holdoutWindow: 'P30D' });
      console.log(`the scan the rollups replaced (once), version 1, all time: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    await db.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

await main();
