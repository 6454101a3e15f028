import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { openPgliteExecutor, openPostgresExecutor, type SqlExecutor } from '@trellis/store';
import { POSTGRES_HOST, POSTGRES_PORT, requirePostgres } from '@trellis/testkit';
import { startServer, type RunningServer } from './server.js';
import { startMailCounter, type MailCounter } from './soak-mail.js';
import { twoEmailsJourney } from './two-emails-journey.js';

/**
 * `npm run soak`: real servers killed with SIGKILL again and again while events stream in,
 * then drained, then counted from the database itself. What it prints is the durability
 * promise in numbers: every acknowledged event stored (lost 0) and processed (stuck 0). An
 * email the SMTP server accepted twice (same Message-ID, the send's idempotency key) is counted
 * as redelivered: a kill between the SMTP server's accept and the sends' marks may repeat the
 * sends that delivery had in flight (at most TRELLIS_DELIVERY_IN_FLIGHT a kill, as
 * packages/channels/README.md says); it is printed, not a failure.
 *
 *   npm run soak -- --cycles 20 --only postgres-4
 *
 * Setups: `postgres-1` and `postgres-4` (one or four servers on one PostgreSQL) and
 * `pglite-1` (the embedded database is one process's: a second server on its data directory
 * refuses to start, so PGlite is soaked with one). Exit code 1 when an event was lost or stuck.
 */

const { values: args } = parseArgs({
  options: {
    cycles: { type: 'string', default: '20' },
    only: { type: 'string' },
    streams: { type: 'string', default: '4' },
  },
});
const CYCLES = Number(args.cycles);
const STREAMS = Number(args.streams);
const POSTGRES_ADMIN_URL = `postgres://postgres@${POSTGRES_HOST}:${POSTGRES_PORT}/postgres`;
const EVENTS_PER_BATCH = 40;

interface Setup {
  name: string;
  servers: number;
  database: 'postgres' | 'pglite';
}

const SETUPS: Setup[] = [
  { name: 'postgres-1', servers: 1, database: 'postgres' },
  { name: 'postgres-4', servers: 4, database: 'postgres' },
  { name: 'pglite-1', servers: 1, database: 'pglite' },
];

const journey = twoEmailsJourney({ name: 'Soak', wait: 'PT2S', first: 'soak-welcome', second: 'soak-follow-up' });

interface Counts {
  acknowledged: number;
  processed: number;
  lost: number;
  stuck: number;
  redelivered: number;
  emails: number;
  leads: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function api(server: RunningServer, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function publish(server: RunningServer): Promise<string> {
  for (const id of ['soak-welcome', 'soak-follow-up']) {
    const created = await api(server, 'POST', '/api/templates', { id, channel: 'email', name: id, subject: `${id} {{ lead.email }}`, body: 'Hello.' });
    if (created.status !== 201) throw new Error(`template ${id}: ${created.status} ${JSON.stringify(created.body)}`);
  }
  const created = await api(server, 'POST', '/api/journeys', journey);
  const published = await api(server, 'POST', `/api/journeys/${created.body.id}/publish`);
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
  return created.body.id;
}

/**
 * Streams batches at the servers until stopped. A batch mixes sign-ups of new leads with page
 * visits of leads signed up a moment ago, so events keep arriving for leads that a worker is
 * holding: the case that once left acknowledged events unprocessed.
 */
class Load {
  readonly acknowledged = new Set<string>();
  readonly signedUp: string[] = [];
  private stopped = false;
  private nextLead = 0;
  private nextEvent = 0;

  constructor(private readonly servers: () => (RunningServer | null)[]) {}

  start(): Promise<void[]> {
    return Promise.all(Array.from({ length: STREAMS }, (_, stream) => this.stream(stream)));
  }

  stop(): void {
    this.stopped = true;
  }

  private batch(): { id: string; leadId: string; type: string; props?: Record<string, unknown> }[] {
    const events = [];
    for (let i = 0; i < EVENTS_PER_BATCH; i++) {
      const recent = this.signedUp.slice(-50);
      if (i % 4 === 0 || recent.length === 0) {
        const leadId = `soak-${this.nextLead++}`;
        events.push({ id: `profile-${leadId}`, leadId, type: 'lead_updated', props: { email: `${leadId}@example.com` } });
        events.push({ id: `signup-${leadId}`, leadId, type: 'signup' });
      } else {
        const leadId = recent[Math.floor(Math.random() * recent.length)]!;
        events.push({ id: `visit-${this.nextEvent++}`, leadId, type: 'page_visited', props: { url: '/pricing' } });
      }
    }
    return events;
  }

  private async stream(stream: number): Promise<void> {
    let attempt = stream;
    while (!this.stopped) {
      const servers = this.servers();
      const server = servers[attempt++ % servers.length];
      if (!server) {
        await sleep(50);
        continue;
      }
      const events = this.batch();
      try {
        const res = await api(server, 'POST', '/api/events', { events });
        if (res.status !== 202) throw new Error(`ingest answered ${res.status}: ${JSON.stringify(res.body)}`);
        if (res.body.rejected.length > 0) throw new Error(`ingest rejected ${JSON.stringify(res.body.rejected)}`);
        for (const event of events) {
          this.acknowledged.add(`${event.leadId}/${event.id}`);
          if (event.type === 'signup') this.signedUp.push(event.leadId);
        }
      } catch (error) {
        // A server killed mid-request acknowledged nothing: those events are not promised.
        if ((error as Error).message.startsWith('ingest')) throw error;
        await sleep(20);
      }
    }
  }
}

async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `trellis_soak_${randomBytes(4).toString('hex')}`;
  const admin = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  return {
    url: POSTGRES_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`),
    drop: async () => {
      const sql = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => {} });
      await sql.unsafe(`drop database if exists ${name} with (force)`);
      await sql.end();
    },
  };
}

/** The acknowledged events as the database has them: stored, processed, and every event still unprocessed. */
async function countFromDatabase(db: SqlExecutor, acknowledged: Set<string>): Promise<{ stored: number; processed: number; stuck: number }> {
  const rows = await db.query<{ key: string; processed: boolean }>(
    `select lead_id || '/' || id as key, processed_at is not null as processed from events where lead_id like 'soak-%'`,
  );
  let stored = 0;
  let processed = 0;
  let stuck = 0;
  for (const row of rows) {
    if (!row.processed) stuck++;
    if (!acknowledged.has(row.key)) continue;
    stored++;
    if (row.processed) processed++;
  }
  return { stored, processed, stuck };
}

async function withDatabase<T>(setup: Setup, url: string | undefined, dataDir: string, use: (db: SqlExecutor) => Promise<T>): Promise<T> {
  if (setup.database === 'postgres') {
    const db = openPostgresExecutor(url!, { maxConnections: 1 });
    try {
      return await use(db);
    } finally {
      await db.close();
    }
  }
  const db = await openPgliteExecutor({ dataDir });
  try {
    return await use(db);
  } finally {
    await db.close();
  }
}

async function soak(setup: Setup, mail: MailCounter): Promise<Counts> {
  const database = setup.database === 'postgres' ? await freshPostgres() : undefined;
  const token = `soak-${randomBytes(24).toString('hex')}`;
  const env: Record<string, string> = {
    SMTP_URL: mail.url,
    TRELLIS_DELIVERY_LEASE_MS: '5000',
    ...(database ? { DATABASE_URL: database.url } : {}),
  };
  const servers: (RunningServer | null)[] = [];
  try {
    servers.push(await startServer({ env, token, timeoutMs: 60_000 }));
    const dataDir = servers[0]!.dataDir;
    for (let i = 1; i < setup.servers; i++) servers.push(await startServer({ env, token, timeoutMs: 60_000 }));
    const journeyId = await publish(servers[0]!);
    mail.reset();

    const load = new Load(() => servers);
    const streaming = load.start();
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      await sleep(1_000 + Math.random() * 2_000);
      // One server of several at a time, and now and then all of them at once.
      const victims = setup.servers === 1 || cycle % 5 === 0 ? servers.map((_, i) => i) : [Math.floor(Math.random() * servers.length)];
      const restarts = victims.map(async (i) => {
        const victim = servers[i]!;
        servers[i] = null;
        await victim.kill();
        servers[i] = await startServer({ env, token, dataDir: setup.database === 'pglite' ? dataDir : victim.dataDir, timeoutMs: 60_000 });
      });
      await Promise.all(restarts);
      console.log(`  ${setup.name}: cycle ${cycle}/${CYCLES}, ${load.acknowledged.size} events acknowledged`);
    }
    load.stop();
    await streaming;

    const leads = load.signedUp.length;
    await drain(servers[0]!, journeyId, leads, mail);
    await Promise.all(servers.map((server) => server?.stop()));
    let counted = await withDatabase(setup, database?.url, dataDir, (db) => countFromDatabase(db, load.acknowledged));
    if (counted.stuck > 0) {
      // Stuck at a stop may only be slow: a restart must pick it up, or it is truly stuck.
      console.log(`  ${counted.stuck} events unprocessed at the stop; restarting once to see whether they are picked up`);
      const again = await startServer({ env, token, dataDir, timeoutMs: 60_000 });
      await sleep(15_000);
      await again.stop();
      counted = await withDatabase(setup, database?.url, dataDir, (db) => countFromDatabase(db, load.acknowledged));
    }
    return {
      acknowledged: load.acknowledged.size,
      processed: counted.processed,
      lost: load.acknowledged.size - counted.stored,
      stuck: counted.stuck,
      redelivered: mail.redelivered(),
      emails: mail.count(),
      leads,
    };
  } finally {
    await Promise.all(servers.map((server) => server?.kill().catch(() => {})));
    await database?.drop();
  }
}

/** Waits until every lead has had both emails delivered and the outcome counts stop moving. */
async function drain(server: RunningServer, journeyId: string, leads: number, mail: MailCounter): Promise<void> {
  const deadline = Date.now() + 180_000;
  let last = -1;
  while (Date.now() < deadline) {
    const stats = await api(server, 'GET', `/api/journeys/${journeyId}/stats`);
    const done = stats.body.outcomes?.done ?? 0;
    if (done >= leads && mail.distinct() >= 2 * leads && done === last) return;
    last = done;
    await sleep(1_000);
  }
  console.log(`  drain timed out: ${last} of ${leads} leads done, ${mail.distinct()} of ${2 * leads} emails`);
}

const chosen = SETUPS.filter((setup) => !args.only || args.only.split(',').includes(setup.name));
if (chosen.some((setup) => setup.database === 'postgres') && !(await requirePostgres())) {
  console.error(`soak: PostgreSQL is not reachable on ${POSTGRES_HOST}:${POSTGRES_PORT}`);
  process.exit(1);
}
const mail = await startMailCounter();
const results: [string, Counts][] = [];
try {
  for (const setup of chosen) {
    console.log(`soak ${setup.name}: ${CYCLES} kill -9 cycles, ${STREAMS} event streams`);
    results.push([setup.name, await soak(setup, mail)]);
  }
} finally {
  await mail.close();
}
console.log('\nsetup        cycles  leads  acknowledged  processed  lost  stuck  emails  redelivered');
for (const [name, c] of results) {
  console.log(
    `${name.padEnd(12)} ${String(CYCLES).padStart(6)} ${String(c.leads).padStart(6)} ${String(c.acknowledged).padStart(13)} ${String(c.processed).padStart(10)} ${String(c.lost).padStart(5)} ${String(c.stuck).padStart(6)} ${String(c.emails).padStart(7)} ${String(c.redelivered).padStart(12)}`,
  );
}
const bad = results.some(([, c]) => c.lost > 0 || c.stuck > 0 || c.processed !== c.acknowledged);
process.exit(bad ? 1 : 0);
