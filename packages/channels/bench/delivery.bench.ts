import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { Engine } from '@trellis/engine';
import { createJourney, createTemplate, migrate, openPgliteExecutor, openPostgresExecutor, type SqlExecutor } from '@trellis/store';
import { createDelivery, deliveryOptionsFromEnv, startDeliveryThread, startDeliveryWorker, type Delivery, type DeliveryReport, type DeliveryWorker } from '../src/index.js';
import { measureCeiling } from './ceiling.js';
import { cpuPer, cpuSeconds } from './cpu-time.js';
import { startReceivers, type Arrivals } from './receivers.js';

/**
 * `npm run bench` for delivery, what a lead sees: the engine and delivery as the server wires
 * them (defaults from deliveryOptionsFromEnv) against a real SMTP server and a real webhook
 * receiver on 127.0.0.1, on PostgreSQL (127.0.0.1:5432) and on embedded PGlite:
 *   1. event → email accepted by the SMTP server, p50/p99, at a steady 500 events/s;
 *   2. the same for a webhook POST;
 *   3. a wave of leads whose waits end together: lead steps/s, and emails accepted per second
 *      from the wake until the last is accepted, beside the bare ceiling measured just before
 *      it: nodemailer's own pool, as wide as Trellis's, sending straight to the same server;
 *   4. this process's RSS with the wave waiting;
 *   5. what an email costs in CPU, the ceiling's against the wave's (this process, PostgreSQL
 *      and the SMTP server, from /proc): on a machine whose cores the ceiling already fills,
 *      the share of the ceiling a wave can reach is the ratio of the two.
 * Goals on PostgreSQL: the wave's email rate ≥ 80% of the ceiling; event → SMTP p99 < 250 ms.
 * Options: --leads N (default 100,000), --rate (events/s, 500), --seconds (10),
 * --only postgres|pglite.
 */

const { values: args } = parseArgs({
  options: {
    leads: { type: 'string', default: '100000' },
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '10' },
    only: { type: 'string' },
  },
  strict: false,
});
const LEADS = Number(args.leads);
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const EMAIL_DOMAIN = 'bench.test';
// As the server reads them: TRELLIS_DELIVERY_IN_FLIGHT, TRELLIS_SMTP_CONNECTIONS and the rest.
const fromEnv = deliveryOptionsFromEnv(process.env);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number): number | undefined => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

function journey(name: string, trigger: string, middle: { id: string; type: string; data: unknown }[]) {
  const nodes = [{ id: 't', type: 'trigger', data: { on: { event: trigger } } }, ...middle].map((node, i) => ({ ...node, position: { x: 0, y: i * 100 } }));
  const edges = nodes.slice(1).map((node, i) => ({ id: `e${i}`, source: nodes[i]!.id, target: node.id, sourceHandle: 'out' }));
  return { schemaVersion: 1, name, settings: {}, nodes, edges };
}

const EMAIL_TEMPLATE = {
  channel: 'email' as const,
  subject: 'See you soon, {{ lead.first_name | default: "friend" }}',
  body: 'Hello {{ lead.first_name | default: "there" }},\n\nThe webinar starts in an hour: https://example.com/webinar\n\n{{ sender.name }}',
  html: '<html><body><p>Hello {{ lead.first_name | default: "there" }},</p><p>The webinar starts in an hour: <a href="https://example.com/webinar">join here</a>.</p><p>{{ sender.name }}</p></body></html>',
};

async function setUp(db: SqlExecutor, engine: Engine, webhookUrl: string): Promise<void> {
  await migrate(db);
  await createTemplate(db, { id: 'bench-email', name: 'Bench email', ...EMAIL_TEMPLATE });
  await createTemplate(db, { id: 'bench-hook', channel: 'webhook', name: 'Bench hook', body: `${webhookUrl}/hook` });
  const journeys = {
    'bench-welcome': journey('Bench welcome', 'form_submitted', [
      { id: 'hello', type: 'send', data: { channel: 'email', template: 'bench-email' } },
      { id: 'x', type: 'exit', data: { outcome: 'completed' } },
    ]),
    'bench-hook': journey('Bench hook', 'demo_requested', [
      { id: 'post', type: 'send', data: { channel: 'webhook', template: 'bench-hook' } },
      { id: 'x', type: 'exit', data: { outcome: 'completed' } },
    ]),
    'bench-wave': journey('Bench wave', 'webinar_registered', [
      { id: 'w', type: 'wait', data: { for: 'PT1H' } },
      { id: 'reminder', type: 'send', data: { channel: 'email', template: 'bench-email' } },
      { id: 'w2', type: 'wait', data: { for: 'P30D' } },
    ]),
  };
  for (const [id, draft] of Object.entries(journeys)) {
    await createJourney(db, { id, name: draft.name, draft });
    const published = await engine.publish(id);
    if ('problems' in published) throw new Error(`${id}: ${JSON.stringify(published.problems)}`);
  }
}

type Split = { p50: number | undefined; p99: number | undefined };
const split = (values: number[]): Split => {
  const sorted = values.sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
};
// Nothing arrived at all (a receiver or delivery down) still prints a line, not a crash.
const shown = ({ p50, p99 }: Split) => (p50 === undefined ? 'none arrived' : `p50 ${p50.toFixed(0)} ms, p99 ${p99!.toFixed(0)} ms`);

/** Each new lead's profile (its email address) and then the event that starts its journey. */
function signUps(prefix: string, from: number, count: number, type: string) {
  return Array.from({ length: count }, (_, i) => {
    const leadId = `${prefix}-${from + i}`;
    return [
      { id: `${leadId}-1-profile`, leadId, type: 'lead_updated', props: { email: `${leadId}@${EMAIL_DOMAIN}`, attributes: { first_name: 'Ada' } } },
      { id: `${leadId}-2-${type}`, leadId, type },
    ];
  }).flat();
}

/**
 * Events at a steady rate (ten per tick), each lead's start noted; answers p50/p99 from the
 * event to its arrival, and its two halves: to the send the engine committed (`sends.at`, the
 * engine's clock) and from there to the arrival.
 */
async function latency(db: SqlExecutor, engine: Engine, arrivals: Arrivals, prefix: string, type: string, keyOf: (leadId: string) => string, seconds = SECONDS): Promise<string> {
  const perTick = 10;
  const tickMs = (1000 * perTick) / RATE;
  const startedAt = new Map<string, number>();
  const ticks = Math.round((seconds * 1000) / tickMs);
  const began = Date.now();
  const ingests: Promise<unknown>[] = [];
  const ingest = async (events: unknown[]) => {
    const answer = await engine.ingest(events);
    if (answer.rejected.length > 0) throw new Error(`events refused: ${JSON.stringify(answer.rejected[0])}`);
  };
  for (let tick = 0; tick < ticks; tick++) {
    const due = began + tick * tickMs;
    if (due > Date.now()) await sleep(due - Date.now());
    const events = signUps(prefix, tick * perTick, perTick, type);
    const at = Date.now();
    for (const event of events) startedAt.set(event.leadId, at);
    ingests.push(ingest(events));
  }
  await Promise.all(ingests);
  const deadline = Date.now() + 60_000;
  while ((await arrivals.count()) < startedAt.size && Date.now() < deadline) await sleep(50);
  const arrived = (await arrivals.snapshot()).at;
  const written = new Map(
    (await db.query<{ leadId: string; at: Date }>(`select lead_id as "leadId", at from sends where lead_id like $1`, [`${prefix}-%`])).map((row) => [
      row.leadId,
      row.at.getTime(),
    ]),
  );
  const whole: number[] = [];
  const engineHalf: number[] = [];
  const deliveryHalf: number[] = [];
  for (const [leadId, at] of startedAt) {
    const accepted = arrived.get(keyOf(leadId));
    const sent = written.get(leadId);
    if (accepted === undefined || sent === undefined) continue;
    whole.push(accepted - at);
    engineHalf.push(sent - at);
    deliveryHalf.push(accepted - sent);
  }
  return (
    `${shown(split(whole))} (${whole.length}/${startedAt.size} arrived, ${RATE} events/s for ${seconds} s; ` +
    `event → send committed ${shown(split(engineHalf))}, send → arrived ${shown(split(deliveryHalf))})`
  );
}

async function bench(label: string, db: SqlExecutor, smtp: Arrivals, hooks: Arrivals, receiversPid: number | undefined, databaseUrl?: string): Promise<void> {
  const say = (line: string) => console.log(`  ${label}: ${line}`);
  // The wave moves the engine's clock; shared with a delivery thread so that it sees the move.
  const clock = new Float64Array(new SharedArrayBuffer(8));
  const now = () => Date.now() + clock[0]!;
  const engine = new Engine(db, { now, onError: (error) => console.error(error) });
  await setUp(db, engine, hooks.url);
  const onReport = (report: DeliveryReport) => {
    if (report.outcome !== 'delivered') console.error(`  ${label}: ${report.channel} send ${report.outcome}: ${report.error}`);
  };
  // As the server runs it: on PostgreSQL in a thread of its own, on PGlite in this one.
  const benchEnv = { ...process.env, SMTP_URL: smtp.url, TRELLIS_WEBHOOK_SECRET: 'bench-secret', TRELLIS_WEBHOOK_ALLOW: '127.0.0.1/32' };
  let delivery: Delivery | undefined;
  const worker: DeliveryWorker = databaseUrl
    ? await startDeliveryThread({ databaseUrl, env: benchEnv, clockOffsetMs: clock, onReport, onError: (error) => console.error(error) })
    : await startDeliveryWorker(db, (delivery = createDelivery({ ...deliveryOptionsFromEnv(benchEnv), db, now: () => new Date(now()) })), {
        onError: (error) => console.error(error),
        onReport,
      });
  try {
    await engine.start();
    // A server that has been running: its code compiled and its pools open. Two seconds at the
    // rate, not counted (a fresh thread's first second interprets nodemailer and Liquid).
    await latency(db, engine, smtp, 'warm', 'form_submitted', (id) => `${id}@${EMAIL_DOMAIN}`, 2);
    await smtp.reset();
    say(`event → email accepted by the SMTP server: ${await latency(db, engine, smtp, 'mail', 'form_submitted', (id) => `${id}@${EMAIL_DOMAIN}`)} (goal p99 < 250 ms)`);
    say(`event → webhook received: ${await latency(db, engine, hooks, 'hook', 'demo_requested', (id) => id)}`);
    await engine.stop();

    // The wave: every lead enters its one-hour wait, then the clock jumps past them all.
    const entering = performance.now();
    for (let from = 0; from < LEADS; from += 500) await engine.ingest(signUps('wave', from, Math.min(500, LEADS - from), 'webinar_registered'));
    const workers = db.kind === 'embedded' ? 1 : 2;
    await Promise.all(Array.from({ length: workers }, () => engine.worker.drain()));
    const enterSeconds = (performance.now() - entering) / 1000;
    global.gc?.();
    const memory = process.memoryUsage();
    const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;
    say(
      `${LEADS} leads waiting (entered in ${enterSeconds.toFixed(1)} s): RSS ${mb(memory.rss)}` +
        (db.kind === 'embedded' ? ' including the embedded database' : '') +
        ` (JS heap ${mb(memory.heapUsed)} used of ${mb(memory.heapTotal)}; off the heap ${mb(memory.external)}, the embedded database's WebAssembly memory among it)` +
        (global.gc ? '' : ' (run with --expose-gc for a settled figure)'),
    );

    const ceilingCount = Math.min(LEADS, 20_000);
    const ceilingCpu = cpuSeconds(receiversPid);
    const ceiling = await measureCeiling(smtp, ceilingCount, fromEnv.smtpConnections);
    const ceilingCost = cpuPer(ceilingCpu, cpuSeconds(receiversPid), ceilingCount);
    await smtp.reset();
    const [{ n: stepsBefore }] = (await db.query<{ n: number }>(`select count(*)::int as n from steps`)) as [{ n: number }];
    const waveCpu = cpuSeconds(receiversPid);
    clock[0] = clock[0]! + 2 * 3_600_000;
    const woke = Date.now();
    await Promise.all(Array.from({ length: workers }, () => engine.worker.drain()));
    const stepSeconds = (Date.now() - woke) / 1000;
    const [{ n: stepsAfter }] = (await db.query<{ n: number }>(`select count(*)::int as n from steps`)) as [{ n: number }];
    const deadline = Date.now() + Math.max(120_000, LEADS * 10);
    while ((await smtp.count()) < LEADS && Date.now() < deadline) await sleep(20);
    const { count: accepted, lastAt } = await smtp.snapshot();
    const waveCost = cpuPer(waveCpu, cpuSeconds(receiversPid), accepted);
    const mailSeconds = (lastAt - woke) / 1000;
    const perSecond = accepted / mailSeconds;
    say(
      `wave of ${LEADS}: ${Math.round((stepsAfter - stepsBefore) / stepSeconds)} lead steps/s (${stepSeconds.toFixed(1)} s); ` +
        `${accepted} emails accepted in ${mailSeconds.toFixed(1)} s from the wake: ${Math.round(perSecond)}/s, ` +
        `${Math.round((100 * perSecond) / ceiling.perSecond)}% of the bare ceiling ${Math.round(ceiling.perSecond)}/s ` +
        `(nodemailer's pool of ${ceiling.connections} straight to the same server; goal ≥ 80%)`,
    );
    // Where the cores went: the ceiling's sender and receiver against everything a wave's email takes.
    const ms = (value: number | null) => (value === null ? 'n/a' : `${value.toFixed(2)} ms`);
    const total = (cost: typeof waveCost) => cost.self + (cost.receivers ?? 0) + (db.kind === 'embedded' ? 0 : (cost.postgres ?? 0));
    say(
      `CPU per email on ${availableParallelism()} cores: the ceiling ${ms(ceilingCost.self + (ceilingCost.receivers ?? 0))} ` +
        `(sender ${ms(ceilingCost.self)}, SMTP server ${ms(ceilingCost.receivers)}); the wave ${ms(total(waveCost))} ` +
        (db.kind === 'embedded'
          ? `(engine, delivery and the embedded database ${ms(waveCost.self)}, SMTP server ${ms(waveCost.receivers)})`
          : `(engine and delivery ${ms(waveCost.self)}, PostgreSQL ${ms(waveCost.postgres)}, SMTP server ${ms(waveCost.receivers)})`),
    );
  } finally {
    await engine.stop();
    await worker.stop();
    delivery?.close();
  }
}

const receivers = await startReceivers();
const { smtp, webhook: hooks } = receivers;
try {
  if (args.only !== 'pglite') {
    const name = `trellis_delivery_bench_${process.pid}`;
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`create database ${name}`);
      const databaseUrl = ADMIN_URL.replace(/\/postgres$/, `/${name}`);
      const db = openPostgresExecutor(databaseUrl);
      console.log('Delivery on PostgreSQL:');
      try {
        await bench('postgres', db, smtp, hooks, receivers.pid, databaseUrl);
      } finally {
        await db.close();
      }
    } catch (error) {
      console.log(`PostgreSQL delivery bench skipped: ${(error as Error).message}`);
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
      await admin.end();
    }
  }
  if (args.only !== 'postgres') {
    await smtp.reset();
    await hooks.reset();
    // On disk in a data folder, as `npm start` runs it (TRELLIS_DATA_DIR), not in memory.
    const dataDir = mkdtempSync(join(tmpdir(), 'trellis-delivery-bench-'));
    const db = await openPgliteExecutor({ dataDir });
    console.log('Delivery on embedded PGlite:');
    try {
      await bench('embedded', db, smtp, hooks, receivers.pid);
    } finally {
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
} finally {
  await receivers.close();
}
