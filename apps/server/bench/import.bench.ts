/**
 * How long a CSV import takes: 30,000 rows (a third of them bad, a few repeating an earlier
 * email) through POST /api/imports until GET /api/imports/:id says done, on the embedded
 * database, or on PostgreSQL with BENCH_DATABASE_URL. Run: `npm run bench` in apps/server.
 * The figure is for the import itself; the engine applies the rows' lead_updated events after.
 */
import { migrate, openPgliteExecutor, openPostgresExecutor, type SqlExecutor } from '@trellis/store';
import { bearer, dataTestApp, json } from '../src/testing.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 30_000);

function csv(rows: number): string {
  const lines = ['id,email,phone,timezone,score,consent.email,industry,company_size'];
  for (let i = 0; i < rows; i++) {
    const bad = i % 3 === 2;
    const email = i % 50 === 49 ? `person${i - 1}@example.com` : `person${i}@example.com`;
    lines.push([i % 2 === 0 ? `lead-${i}` : '', bad ? 'not-an-email' : email, bad ? 'abc' : '+44 20 7946 0958', 'Europe/London', String(i % 100), 'opted_in', 'retail', String(i % 500)].join(','));
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL;
  const db: SqlExecutor = url ? openPostgresExecutor(url) : await openPgliteExecutor();
  await migrate(db);
  const t = dataTestApp(db);
  const body = csv(ROWS);
  const started = performance.now();
  const res = await t.app.request('/api/imports', { method: 'POST', headers: { ...bearer('marketer'), 'Content-Type': 'text/csv' }, body });
  const { id } = await json(res);
  await t.runtime.imports.idle();
  const ms = performance.now() - started;
  const report = await json(await t.app.request(`/api/imports/${id}`, { headers: bearer('marketer') }));
  console.log(
    `import of ${ROWS.toLocaleString('en-US')} rows (${(body.length / 1e6).toFixed(1)} MB) on ${url ? 'PostgreSQL' : 'PGlite'}: ${(ms / 1000).toFixed(1)} s; ` +
      `created ${report.created}, updated ${report.updated}, rejected ${report.rejected.length}; rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
  );
  await db.close();
}

await main();
