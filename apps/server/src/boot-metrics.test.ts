import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describePostgres } from '@trellis/store/test-databases';
import { describe, expect, it } from 'vitest';
import { bootTrellis, type Trellis } from './boot.js';
import { readConfig } from './config.js';
import { json, welcomeJourney } from './testing.js';

/**
 * GET /metrics as a started server serves it (TRELLIS_METRICS=1): counters fed by the real
 * ingest, worker and delivery (the built-in outbox), gauges read from the database.
 */

const admin = { authorization: 'Bearer metrics-admin-token-0123456789', 'content-type': 'application/json' };

function boot(env: Record<string, string>): Promise<Trellis> {
  return bootTrellis({
    config: readConfig({ TRELLIS_DATA_DIR: mkdtempSync(join(tmpdir(), 'trellis-metrics-')), ...env }),
    admin: { token: 'metrics-admin-token-0123456789', source: 'env' },
    env: {},
    log: () => undefined,
  });
}

async function trellisLines(trellis: Trellis): Promise<string[]> {
  const res = await trellis.app.request('/metrics');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return (await res.text()).split('\n').filter((line) => line.startsWith('trellis_'));
}

async function scrapeAfterTwoLeads(env: Record<string, string>): Promise<void> {
  const trellis = await boot({ ...env, TRELLIS_METRICS: '1' });
  try {
    expect(await trellisLines(trellis)).toEqual([
      'trellis_events_ingested_total 0',
      'trellis_steps_total 0',
      'trellis_due_leads 0',
      'trellis_wake_lag_seconds 0',
      'trellis_delivery_pending 0',
    ]);
    const request = (path: string, body?: unknown) =>
      trellis.app.request(path, { method: 'POST', headers: admin, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    expect((await request('/api/templates', { id: 'welcome', channel: 'email', name: 'Welcome', subject: 'Hi', body: 'Hello' })).status).toBe(201);
    const { id } = await json(await request('/api/journeys', welcomeJourney));
    expect(await json(await request(`/api/journeys/${id}/publish`))).toEqual({ version: 1 });
    const events = [
      { id: 'm-1', leadId: 'metrics-a', type: 'lead_updated', props: { email: 'a@example.com' } },
      { id: 'm-2', leadId: 'metrics-b', type: 'lead_updated', props: { email: 'b@example.com' } },
      { id: 'm-3', leadId: 'metrics-a', type: 'form_submitted' },
      { id: 'm-4', leadId: 'metrics-b', type: 'form_submitted' },
    ];
    expect(await json(await request('/api/events', { events }))).toMatchObject({ accepted: 4, duplicates: 0 });
    expect(await json(await request('/api/events', { events: events.slice(0, 1) }))).toMatchObject({ accepted: 0, duplicates: 1 });

    await expect
      .poll(() => trellisLines(trellis), { timeout: 20_000, interval: 100 })
      .toEqual([
        'trellis_events_ingested_total 4',
        // trigger, send and exit, for each lead
        'trellis_steps_total 6',
        'trellis_sends_total{channel="email",status="sent"} 2',
        'trellis_due_leads 0',
        'trellis_wake_lag_seconds 0',
        'trellis_delivery_pending 0',
      ]);
  } finally {
    await trellis.stop();
  }
}

describe('GET /metrics on the embedded database', () => {
  it('counts ingested events, steps and delivered sends, and reads the backlog', () => scrapeAfterTwoLeads({}), 120_000);

  it('is 404 without TRELLIS_METRICS=1, saying how to turn it on', async () => {
    const trellis = await boot({});
    try {
      const res = await trellis.app.request('/metrics');
      expect(res.status).toBe(404);
      expect(await json(res)).toEqual({
        error: { code: 'not_found', message: 'Metrics are off; start the server with TRELLIS_METRICS=1 to serve them.' },
      });
    } finally {
      await trellis.stop();
    }
  }, 120_000);
});

describePostgres('GET /metrics on PostgreSQL', (database) => {
  it('counts ingested events, steps and delivered sends, and reads the backlog', () =>
    scrapeAfterTwoLeads({ DATABASE_URL: database.databaseUrl! }), 120_000);
});
