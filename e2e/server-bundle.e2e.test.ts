import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { startSmtpReceiver } from '@trellis/channels/test-receivers';
import { POSTGRES_HOST, POSTGRES_PORT, requirePostgres } from '@trellis/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, waitForReady } from './server.js';

/**
 * What the Docker image runs, where Docker cannot run: the compiled server bundle, laid out as
 * the Dockerfile lays it out (apps/server/dist, apps/web/dist, examples, and PGlite the only
 * package beside the bundle), started with plain `node` on a fresh PostgreSQL database.
 */

const POSTGRES_ADMIN_URL = `postgres://postgres@${POSTGRES_HOST}:${POSTGRES_PORT}/postgres`;
const postgresAvailable = await requirePostgres();

/** The image's /app: copies of the builds, and PGlite linked where `pnpm deploy` puts it. */
function imageLayout(): string {
  const app = mkdtempSync(join(tmpdir(), 'trellis-image-'));
  cpSync(join(ROOT, 'apps/server/dist'), join(app, 'apps/server/dist'), { recursive: true });
  cpSync(join(ROOT, 'apps/web/dist'), join(app, 'apps/web/dist'), { recursive: true });
  cpSync(join(ROOT, 'examples'), join(app, 'examples'), { recursive: true });
  const pglite = realpathSync(join(ROOT, 'packages/store/node_modules/@electric-sql/pglite'));
  mkdirSync(join(app, 'apps/server/node_modules/@electric-sql'), { recursive: true });
  symlinkSync(pglite, join(app, 'apps/server/node_modules/@electric-sql/pglite'));
  return app;
}

describe.skipIf(!postgresAvailable)('the server bundle (the Docker image) on PostgreSQL', () => {
  const database = `trellis_bundle_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => {} });
  let app: string;

  beforeAll(async () => {
    execFileSync(process.execPath, ['apps/server/scripts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
    app = imageLayout();
    await admin.unsafe(`create database ${database}`);
  });

  afterAll(async () => {
    await admin.unsafe(`drop database if exists ${database} with (force)`);
    await admin.end();
  });

  it('starts with node, migrates, serves the API, the editor and metrics, delivers email from its delivery thread, logs JSON, and stops on SIGTERM', async () => {
    const smtp = await startSmtpReceiver();
    const token = `e2e-${randomBytes(16).toString('hex')}`;
    const child = spawn(process.execPath, ['apps/server/dist/main.js'], {
      cwd: app,
      env: {
        PATH: process.env.PATH,
        PORT: '0',
        DATABASE_URL: `postgres://postgres@${POSTGRES_HOST}:${POSTGRES_PORT}/${database}`,
        TRELLIS_DATA_DIR: join(app, 'data'),
        TRELLIS_ADMIN_TOKEN: token,
        TRELLIS_METRICS: '1',
        SMTP_URL: smtp.url,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = await waitForReady(() => output, child);
      expect(await (await fetch(`${url}/api/health`)).json()).toEqual({ ok: true, db: 'postgres' });
      expect(await (await fetch(`${url}/api/ready`)).json()).toEqual({ ready: true, db: 'postgres' });
      expect(await (await fetch(`${url}/`)).text()).toContain('<title>Trellis');
      const journeys = (await (await fetch(`${url}/api/journeys`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
        journeys: { id: string; status: string }[];
      };
      expect(journeys.journeys.map((j) => [j.id, j.status])).toContainEqual(['speed-to-lead', 'draft']);
      const ingest = await fetch(`${url}/api/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events: [{ id: 'bundle-1', leadId: 'bundle-lead', type: 'page_visited' }] }),
      });
      expect(ingest.status).toBe(202);
      // Mail leaves from the bundle's own delivery thread (dist/delivery-thread-main.js).
      const call = (path: string, body: unknown) =>
        fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect((await call('/api/templates', { id: 'bundle-hello', channel: 'email', name: 'Hello', subject: 'Hello {{ lead.first_name }}', body: 'Hi.' })).status).toBe(201);
      const at = (y: number) => ({ x: 0, y });
      const draft = {
        schemaVersion: 1,
        name: 'Bundle hello',
        settings: {},
        nodes: [
          { id: 't', type: 'trigger', position: at(0), data: { on: { event: 'form_submitted' } } },
          { id: 's', type: 'send', position: at(100), data: { channel: 'email', template: 'bundle-hello' } },
          { id: 'x', type: 'exit', position: at(200), data: { outcome: 'completed' } },
        ],
        edges: [
          { id: 'e1', source: 't', target: 's', sourceHandle: 'out' },
          { id: 'e2', source: 's', target: 'x', sourceHandle: 'out' },
        ],
      };
      const created = (await (await call('/api/journeys', draft)).json()) as { id: string };
      expect((await call(`/api/journeys/${created.id}/publish`, {})).status).toBe(200);
      const form = await call('/api/events', {
        events: [
          { id: 'bundle-2', leadId: 'bundle-ada', type: 'lead_updated', props: { email: 'ada@example.com', attributes: { first_name: 'Ada' } } },
          { id: 'bundle-3', leadId: 'bundle-ada', type: 'form_submitted' },
        ],
      });
      expect(form.status).toBe(202);
      const waited = Date.now();
      while (smtp.messages.length === 0 && Date.now() - waited < 20_000) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(smtp.messages.map((message) => message.subject)).toEqual(['Hello Ada']);
      let metrics = '';
      while (!/trellis_sends_total\{channel="email",status="sent"\} 1\n/.test(metrics) && Date.now() - waited < 20_000) {
        metrics = await (await fetch(`${url}/metrics`)).text();
      }
      expect(metrics).toMatch(/trellis_sends_total\{channel="email",status="sent"\} 1\n/);
      expect(metrics).toContain('\ntrellis_events_ingested_total 3\n');
      expect(metrics).toMatch(/\ntrellis_delivery_pending \d+\n/);

      const requestLines = output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.msg === 'request');
      expect(requestLines.find((line) => line.path === '/api/events')).toMatchObject({
        level: 'info',
        service: 'trellis',
        method: 'POST',
        status: 202,
        ms: expect.any(Number),
      });

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      // Log lines of the work in hand may come between the two.
      expect(output).toContain('\nSIGTERM: stopping (finishing requests and work in hand)…\n');
      expect(output.endsWith('\nStopped.\n')).toBe(true);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await smtp.close();
    }
  });
});
