/**
 * Segment counts and the leads list over 1,000,000 leads on PostgreSQL (the goal: a
 * segment counted in under a second). Makes a scratch database on the local server (or
 * BENCH_POSTGRES_ADMIN_URL's), fills it with generate_series, times each query as the API
 * runs it (best of three), and drops the database. Run: `npm run bench` in packages/store.
 */
import postgres from 'postgres';
import { countLeads, listLeads } from '../src/lead-list.js';
import { migrate } from '../src/migrate.js';
import { openPostgresExecutor } from '../src/postgres-executor.js';

const LEADS = Number(process.env.BENCH_LEADS ?? 1_000_000);
const ADMIN_URL = process.env.BENCH_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NOW = new Date('2026-03-10T12:00:00Z');

async function best<T>(what: string, run: () => Promise<T>, show: (value: T) => string): Promise<void> {
  let fastest = Infinity;
  let value: T | undefined;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    value = await run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  console.log(`${what}: ${fastest.toFixed(0)} ms (${show(value!)})`);
}

async function main(): Promise<void> {
  const name = `trellis_bench_${process.pid}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const db = openPostgresExecutor(ADMIN_URL.replace(/\/[^/]*$/, `/${name}`));
  try {
    await migrate(db);
    const fill = performance.now();
    await db.query(
      `insert into leads (id, email, score, stage, owner, attributes, last_activity_at)
       select 'lead-' || i, 'person' || i || '@example.com', (i::int8 * 7919) % 101,
              (array['lead', 'mql', 'sql', 'customer'])[1 + i % 4], 'owner' || (i % 20) || '@acme.test',
              jsonb_build_object('industry', (array['retail', 'saas', 'education', 'health', 'finance'])[1 + i % 5],
                                 'company_size', (i::int8 * 31) % 5000, 'name', 'Person ' || i),
              case when i % 3 = 0 then null else timestamptz '2026-01-01' + (i % 60000) * interval '1 minute' end
         from generate_series(1, $1::int) as i`,
      [LEADS],
    );
    await db.query(`vacuum analyze leads`);
    console.log(`filled ${LEADS.toLocaleString('en-US')} leads in ${((performance.now() - fill) / 1000).toFixed(1)} s`);
    const count = (condition: unknown) => () => countLeads(db, [condition], NOW);
    await best('segment count: stage = mql', count({ attr: 'stage', op: 'eq', value: 'mql' }), String);
    await best('segment count: score >= 80', count({ attr: 'score', op: 'gte', value: 80 }), String);
    await best(
      'segment count: industry = retail and company_size > 1000 and consent.email != opted_out',
      count({ all: [{ attr: 'industry', op: 'eq', value: 'retail' }, { attr: 'company_size', op: 'gt', value: 1000 }, { attr: 'consent.email', op: 'neq', value: 'opted_out' }] }),
      String,
    );
    await best('segment count: industry in (saas, health) or score > 90', count({ any: [{ attr: 'industry', op: 'in', value: ['saas', 'health'] }, { attr: 'score', op: 'gt', value: 90 }] }), String);
    const ids = (page: { leads: { id: string }[] }) => `${page.leads.length} leads, first ${page.leads[0]?.id ?? 'none'}`;
    await best('list: search q=person12345 (trigram index)', () => listLeads(db, { q: 'person12345', limit: 50, now: NOW }), ids);
    await best('list: sort by score, first page', () => listLeads(db, { sort: 'score', limit: 50, now: NOW }), ids);
    let cursor: string | undefined;
    for (let i = 0; i < 200; i++) cursor = (await listLeads(db, { sort: 'score', limit: 500, now: NOW, ...(cursor ? { cursor } : {}) })).nextCursor ?? undefined;
    await best('list: sort by score, the page after 100,000 leads', () => listLeads(db, { sort: 'score', limit: 50, now: NOW, cursor: cursor! }), ids);
    await best('list: sort by activity, stage = sql', () => listLeads(db, { sort: 'activity', stage: 'sql', limit: 50, now: NOW }), ids);
  } finally {
    await db.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

await main();
