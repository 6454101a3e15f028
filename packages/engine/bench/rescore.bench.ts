/**
 * Re-scoring every lead after the scoring model changes, over 1,000,000 leads on PostgreSQL
 * (issue 15: "re-score 1,000,000 leads"). Makes a scratch database on the local server (or
 * BENCH_POSTGRES_ADMIN_URL's), fills it with generate_series (fit attributes on every lead, a
 * processed pricing visit on every third and a demo request on every tenth, so re-scoring reads
 * real histories), saves the example model (examples/scoring/model.json) and times the worker
 * taking the re-score to done, page by page, as an idle server would. Drops the database after.
 * Run: `pnpm --filter @trellis/engine exec tsx bench/rescore.bench.ts` (BENCH_LEADS=… for fewer).
 */
import { readFileSync } from 'node:fs';
import { scoringModelSchema } from '@trellis/journey';
import { latestRescore, migrate, openPostgresExecutor } from '@trellis/store';
import postgres from 'postgres';
import { saveScoringModel } from '../src/scoring.js';
import { Worker } from '../src/worker.js';

const LEADS = Number(process.env.BENCH_LEADS ?? 1_000_000);
const ADMIN_URL = process.env.BENCH_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NOW = Date.parse('2026-03-10T12:00:00Z');
const model = scoringModelSchema.parse(JSON.parse(readFileSync(new URL('../../../examples/scoring/model.json', import.meta.url), 'utf8')));

async function main(): Promise<void> {
  const name = `trellis_rescore_bench_${process.pid}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const db = openPostgresExecutor(ADMIN_URL.replace(/\/[^/]*$/, `/${name}`));
  try {
    await migrate(db);
    const fill = performance.now();
    await db.query(
      `insert into leads (id, email, score, attributes)
       select 'lead-' || lpad(i::text, 8, '0'), 'person' || i || '@example.com', 0,
              jsonb_build_object('industry', (array['retail', 'software', 'education', 'fintech', 'finance'])[1 + i % 5],
                                 'company', jsonb_build_object('size', (i::int8 * 31) % 5000),
                                 'seniority', (array['director', 'manager', 'vp', 'engineer'])[1 + i % 4])
         from generate_series(1, $1::int) as i`,
      [LEADS],
    );
    await db.query(
      `insert into events (lead_id, id, type, at, props, processed_at)
       select 'lead-' || lpad(i::text, 8, '0'), 'visit-' || i, 'page_visited', timestamptz '2026-03-01' + (i % 1000) * interval '1 minute',
              '{"url": "https://acme.test/pricing"}'::jsonb, now()
         from generate_series(3, $1::int, 3) as i
       union all
       select 'lead-' || lpad(i::text, 8, '0'), 'demo-' || i, 'form_submitted', timestamptz '2026-03-05' + (i % 1000) * interval '1 minute',
              '{"form": "demo-request"}'::jsonb, now()
         from generate_series(10, $1::int, 10) as i`,
      [LEADS],
    );
    await db.query(`vacuum analyze leads`);
    await db.query(`vacuum analyze events`);
    console.log(`filled ${LEADS.toLocaleString('en-US')} leads and their events in ${((performance.now() - fill) / 1000).toFixed(1)} s`);

    const worker = new Worker(db, { now: () => NOW });
    const started = performance.now();
    await saveScoringModel(db, model, 'bench', NOW);
    let last = started;
    for (;;) {
      const n = await worker.processDueBatch();
      if (performance.now() - last > 10_000) {
        last = performance.now();
        const job = await latestRescore(db);
        console.log(`  ${job!.done.toLocaleString('en-US')} re-scored after ${((last - started) / 1000).toFixed(0)} s`);
      }
      if (n === 0) break;
    }
    const seconds = (performance.now() - started) / 1000;
    const job = await latestRescore(db);
    const [sum] = await db.query<{ scored: number; changes: number }>(
      `select (select count(*) from leads where score <> 0)::int8 as scored, (select count(*) from score_changes)::int8 as changes`,
    );
    console.log(
      `re-scored ${job!.done.toLocaleString('en-US')} leads (${job!.status}) in ${seconds.toFixed(1)} s: ` +
        `${Math.round(job!.done / seconds).toLocaleString('en-US')} leads/s; ${sum!.scored.toLocaleString('en-US')} leads with a score, ` +
        `${sum!.changes.toLocaleString('en-US')} score changes written`,
    );
  } finally {
    await db.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

await main();
