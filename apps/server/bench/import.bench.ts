/**
 * How long a CSV import takes, as a marketer sees it: 100,000 rows (a third of them bad, a few
 * repeating an earlier email, each row its own phone, good or bad, as in a real file) posted to
 * POST /api/imports, until GET /api/imports/:id says done, and until the engine has applied
 * every accepted row's `lead_updated` (the leads are in the list with their fields), on PostgreSQL (a scratch database on 127.0.0.1:5432) and on embedded
 * PGlite. The engine runs while the import does, as in the server. Memory is sampled through the
 * import: flat memory means the peak does not grow with the file (the CSV is streamed in
 * batches), so the bench prints the peak beside the file's size.
 * Options: --rows N (default 100,000), --only postgres|pglite. Goal on PostgreSQL: < 30 s.
 */
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { migrate, openPgliteExecutor, openPostgresExecutor, type SqlExecutor } from '@trellis/store';
import { bearer, dataTestApp, json } from '../src/testing.js';

const { values: args } = parseArgs({ options: { rows: { type: 'string', default: process.env.BENCH_IMPORT_ROWS ?? '100000' }, only: { type: 'string' } }, strict: false });
const ROWS = Number(args.rows);
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

function csv(rows: number): string {
  const lines = ['id,email,phone,timezone,score,consent.email,industry,company_size'];
  for (let i = 0; i < rows; i++) {
    const bad = i % 3 === 2;
    const email = i % 50 === 49 ? `person${i - 1}@example.com` : `person${i}@example.com`;
    lines.push([i % 2 === 0 ? `lead-${i}` : '', bad ? 'not-an-email' : email, bad ? `abc-${i}` : `+44 20 7${String(i).padStart(7, '0')}`, 'Europe/London', String(i % 100), 'opted_in', 'retail', String(i % 500)].join(','));
  }
  return lines.join('\n');
}

/**
 * Samples this process's RSS every 100 ms until stopped, and the heap in use right after each
 * full GC (what is still live, not garbage V8 has yet to collect); answers both peaks in MB.
 */
function sampleMemory(): () => { rss: number; live: number } {
  let rss = process.memoryUsage().rss;
  let live = 0;
  const timer = setInterval(() => (rss = Math.max(rss, process.memoryUsage().rss)), 100);
  const gcs = new PerformanceObserver((list) => {
    if (list.getEntries().some((entry) => (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)) {
      live = Math.max(live, process.memoryUsage().heapUsed);
    }
  });
  gcs.observe({ entryTypes: ['gc'] });
  return () => {
    clearInterval(timer);
    gcs.disconnect();
    return { rss: Math.max(rss, process.memoryUsage().rss) / 1e6, live: live / 1e6 };
  };
}

/**
 * Until no event waits for the engine. A drain alone can end while the engine's own loops still
 * hold the last leads (claimed, not committed), so it is followed by a look at the events table.
 */
async function applied(db: SqlExecutor, worker: { drain(): Promise<number> }): Promise<void> {
  for (;;) {
    await worker.drain();
    const [{ n }] = (await db.query<{ n: number }>(`select count(*)::int as n from events where processed_at is null`)) as [{ n: number }];
    if (n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function bench(label: string, db: SqlExecutor): Promise<void> {
  await migrate(db);
  const t = dataTestApp(db);
  const body = csv(ROWS);
  global.gc?.();
  const before = process.memoryUsage().rss / 1e6;
  const memory = sampleMemory();
  await t.engine.start();
  try {
    const started = performance.now();
    const res = await t.app.request('/api/imports', { method: 'POST', headers: { ...bearer('marketer'), 'Content-Type': 'text/csv' }, body });
    if (res.status !== 202) throw new Error(`POST /api/imports answered ${res.status}: ${await res.text()}`);
    const { id } = await json(res);
    await t.runtime.imports.idle();
    const imported = performance.now() - started;
    await applied(db, t.engine.worker);
    const appliedMs = performance.now() - started;
    const report = await json(await t.app.request(`/api/imports/${id}`, { headers: bearer('marketer') }));
    const [{ n: leads }] = (await db.query<{ n: number }>(`select count(*)::int as n from leads where id like 'lead-%' or email like 'person%'`)) as [{ n: number }];
    const peak = memory();
    console.log(
      `  ${label}: import of ${ROWS.toLocaleString('en-US')} rows (${(body.length / 1e6).toFixed(1)} MB): done in ${(imported / 1000).toFixed(1)} s, ` +
        `every lead applied in ${(appliedMs / 1000).toFixed(1)} s (${Math.round(ROWS / (appliedMs / 1000)).toLocaleString('en-US')} rows/s); ` +
        `created ${report.created}, updated ${report.updated}, rejected ${report.rejected.length}; ${leads} leads in the list; ` +
        `RSS ${before.toFixed(0)} MB before, peak ${peak.rss.toFixed(0)} MB (${peak.live > 0 ? `heap live after a full GC at most ${peak.live.toFixed(0)} MB` : 'no full GC ran'})` +
        (label === 'embedded' ? ' including the embedded database' : ''),
    );
  } finally {
    await t.engine.stop();
  }
}

if (args.only !== 'pglite') {
  const name = `trellis_import_bench_${process.pid}`;
  const admin = openPostgresExecutor(ADMIN_URL);
  try {
    await admin.query(`create database ${name}`);
    const db = openPostgresExecutor(ADMIN_URL.replace(/\/postgres$/, `/${name}`));
    console.log('CSV import on PostgreSQL (goal: 100,000 rows < 30 s):');
    try {
      await bench('postgres', db);
    } finally {
      await db.close();
    }
  } catch (error) {
    console.log(`PostgreSQL import bench skipped: ${(error as Error).message}`);
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin.close();
  }
}
if (args.only !== 'postgres') {
  const db = await openPgliteExecutor();
  console.log('CSV import on embedded PGlite:');
  try {
    await bench('embedded', db);
  } finally {
    await db.close();
  }
}
