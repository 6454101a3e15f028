import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { POSTGRES_HOST, POSTGRES_PORT, requirePostgres } from '@trellis/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './server.js';
import { twoEmailsJourney } from './two-emails-journey.js';

/**
 * Proven, not hoped: a server killed with SIGKILL while leads wait and events stream in loses
 * nothing it acknowledged and doubles no send; two servers on one PostgreSQL handle every event
 * and every due timer exactly once. Real processes, real HTTP, both databases.
 */

const postgresReady = await requirePostgres();
const POSTGRES_ADMIN_URL = `postgres://postgres@${POSTGRES_HOST}:${POSTGRES_PORT}/postgres`;

const journey = twoEmailsJourney({ name: 'Durability', wait: 'PT3S', first: 'welcome', second: 'follow-up' });

async function api<T = unknown>(server: RunningServer, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

async function publishJourney(server: RunningServer): Promise<string> {
  for (const id of ['welcome', 'follow-up']) {
    const template = { id, channel: 'email', name: id, subject: `${id} for {{ lead.email }}`, body: 'Hello from Trellis.' };
    expect((await api(server, 'POST', '/api/templates', template)).status).toBe(201);
  }
  const created = await api<{ id: string }>(server, 'POST', '/api/journeys', journey);
  expect(created.status).toBe(201);
  const published = await api(server, 'POST', `/api/journeys/${created.body.id}/publish`);
  expect(published).toEqual({ status: 200, body: { version: 1 } });
  return created.body.id;
}

/** Sends one batch; resolves with the ids acknowledged (202), or none if the server was not there. */
async function sendBatch(server: RunningServer, leads: string[], batch: number): Promise<string[]> {
  const events = leads.flatMap((leadId) => [
    { id: `profile-${leadId}`, leadId, type: 'lead_updated', props: { email: `${leadId}@example.com` } },
    { id: `signup-${leadId}`, leadId, type: 'signup' },
  ]);
  try {
    const res = await api<{ accepted: number; duplicates: number }>(server, 'POST', '/api/events', { events });
    if (res.status !== 202) throw new Error(`batch ${batch}: ${res.status} ${JSON.stringify(res.body)}`);
    return leads;
  } catch (error) {
    if ((error as Error).message.startsWith('batch')) throw error;
    return []; // connection refused or cut: not acknowledged, so not promised
  }
}

async function waitForOutcomes(server: RunningServer, journeyId: string, done: number, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const stats = await api<{ outcomes: Record<string, number> }>(server, 'GET', `/api/journeys/${journeyId}/stats`);
    last = stats.body;
    if ((stats.body.outcomes?.done ?? 0) >= done) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`not every lead finished: ${JSON.stringify(last)} (expected done: ${done})`);
}

/**
 * Every lead: exactly one run, finished `done`, each of its two emails decided once and
 * delivered once (into the built-in outbox, as no SMTP server is configured).
 */
async function expectEachLeadOnce(server: RunningServer, journeyId: string, leads: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (const leadId of leads) {
    const lead = await api<{ journeys: { journeyId: string; status: string; outcome?: string }[] }>(server, 'GET', `/api/leads/${leadId}`);
    expect(lead.body.journeys.filter((j) => j.journeyId === journeyId), leadId).toEqual([
      expect.objectContaining({ journeyId, status: 'done', outcome: 'done' }),
    ]);
    // Only this journey's: in their send hours the example journeys (published on PGlite) mail these leads too.
    const timeline = await api<{ items: { kind: string; id?: string; journeyId?: string; template?: string }[] }>(server, 'GET', `/api/leads/${leadId}/timeline`);
    const ours = timeline.body.items.filter((i) => i.kind === 'send' && i.journeyId === journeyId);
    expect(ours.map((i) => i.template), leadId).toEqual(['welcome', 'follow-up']);
    const ourSendIds = new Set(ours.map((i) => i.id));
    let messages: { sendId: string; subject: string }[] = [];
    for (;;) {
      const outbox = (await api<{ messages: { sendId: string; subject: string }[] }>(server, 'GET', `/api/outbox?leadId=${leadId}`)).body.messages;
      messages = outbox.filter((m) => ourSendIds.has(m.sendId));
      if (messages.length >= 2 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(messages.map((m) => m.subject).sort(), leadId).toEqual([`follow-up for ${leadId}@example.com`, `welcome for ${leadId}@example.com`]);
    expect(new Set(messages.map((m) => m.sendId)).size, leadId).toBe(2);
  }
}

const databases: { name: string; fresh: () => Promise<{ env: Record<string, string>; drop: () => Promise<void> }> }[] = [
  { name: 'embedded PGlite', fresh: async () => ({ env: {}, drop: async () => {} }) },
  {
    name: 'PostgreSQL',
    fresh: async () => {
      const name = `trellis_e2e_${randomBytes(4).toString('hex')}`;
      const admin = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      await admin.end();
      return {
        env: { DATABASE_URL: POSTGRES_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`) },
        drop: async () => {
          const sql = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => {} });
          await sql.unsafe(`drop database if exists ${name} with (force)`);
          await sql.end();
        },
      };
    },
  },
];

for (const database of databases) {
  const skip = database.name === 'PostgreSQL' && !postgresReady;
  describe.skipIf(skip)(`crash safety on ${database.name}`, () => {
    const cleanup: (() => Promise<unknown>)[] = [];
    afterAll(async () => {
      for (const step of cleanup.reverse()) await step().catch(() => {});
    });

    it('a server killed with SIGKILL mid-stream loses no acknowledged event and doubles no send', async () => {
      const { env, drop } = await database.fresh();
      cleanup.push(drop);
      // A send claimed by the killed server is retried once its lease runs out: keep it short here.
      env.TRELLIS_DELIVERY_LEASE_MS = '5000';
      let server = await startServer({ env });
      cleanup.push(() => server.stop());
      const journeyId = await publishJourney(server);

      const acknowledged: string[] = [];
      const batches = 24;
      for (let batch = 0; batch < batches; batch++) {
        const leads = Array.from({ length: 10 }, (_, i) => `crash-${batch}-${i}`);
        if (batch === 10) {
          // Leads from earlier batches sit in their three-second wait; batch 10 is in flight.
          const inFlight = sendBatch(server, leads, batch);
          await new Promise((resolve) => setTimeout(resolve, 5));
          await server.kill();
          acknowledged.push(...(await inFlight));
          server = await startServer({ env, dataDir: server.dataDir, token: server.token });
          continue;
        }
        acknowledged.push(...(await sendBatch(server, leads, batch)));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(acknowledged.length).toBeGreaterThanOrEqual((batches - 1) * 10);

      await waitForOutcomes(server, journeyId, acknowledged.length);
      await expectEachLeadOnce(server, journeyId, acknowledged);
      const stats = await api<{ outcomes: Record<string, number> }>(server, 'GET', `/api/journeys/${journeyId}/stats`);
      // A batch cut off before its answer may still have committed: those leads finish too, once.
      expect(stats.body.outcomes.done).toBeGreaterThanOrEqual(acknowledged.length);
      expect(stats.body.outcomes.done).toBeLessThanOrEqual(batches * 10);
    }, 240_000);
  });
}

describe.skipIf(!postgresReady)('two servers on one PostgreSQL', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
  });

  it('handle every event and every due timer exactly once between them', async () => {
    const { env, drop } = await databases[1]!.fresh();
    cleanup.push(drop);
    const first = await startServer({ env });
    cleanup.push(() => first.stop());
    const second = await startServer({ env, token: first.token });
    cleanup.push(() => second.stop());
    const journeyId = await publishJourney(first);

    const leads: string[] = [];
    for (let batch = 0; batch < 20; batch++) {
      const batchLeads = Array.from({ length: 10 }, (_, i) => `pair-${batch}-${i}`);
      const server = batch % 2 === 0 ? first : second;
      expect(await sendBatch(server, batchLeads, batch)).toEqual(batchLeads);
      leads.push(...batchLeads);
    }
    await waitForOutcomes(first, journeyId, leads.length);
    await expectEachLeadOnce(second, journeyId, leads);
    const stats = await api<{ nodes: Record<string, { entered: number }>; outcomes: Record<string, number> }>(
      second,
      'GET',
      `/api/journeys/${journeyId}/stats`,
    );
    expect(stats.body.outcomes).toEqual({ done: leads.length });
    expect(stats.body.nodes.follow).toMatchObject({ current: 0, entered: leads.length });
  }, 240_000);
});
