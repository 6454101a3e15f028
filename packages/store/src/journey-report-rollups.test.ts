import { expect, it } from 'vitest';
import { journeyReportNumbers, splitPeriod, type ReportSelection } from './journey-report.js';
import { scanJourneyReportNumbers } from './journey-report-scan.js';
import type { SqlQueryable } from './sql.js';
import { describeEachDatabase } from './test-databases.js';

/**
 * The rollups (migration 055's triggers) answer what a scan of the rows answers: generated runs
 * written the ways the engine, delivery, tracking and live edits write them (inserts, upserts
 * that set a split's handle, delivery marks, runs reaching the goal, moved to another version,
 * steps removed), then the report read both ways for several versions and periods.
 */

/** A small seeded generator (mulberry32), so a failing seed can be replayed. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const DOC = {
  schemaVersion: 1,
  name: 'Generated',
  nodes: [
    { id: 't', type: 'trigger' },
    { id: 'split', type: 'split' },
    { id: 'mail1', type: 'send' },
    { id: 'mail2', type: 'send' },
  ],
  edges: [],
};
const BASE = Date.parse('2026-03-02T00:00:00Z');
const HOUR = 3_600_000;

async function fill(db: SqlQueryable, journeyId: string, seed: number): Promise<void> {
  const random = generator(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const at = (ms: number) => new Date(ms).toISOString();
  await db.query(`insert into journeys (id, name, status, draft, published_version) values ($1, 'Generated', 'active', $2, 2)`, [journeyId, DOC]);
  for (const version of [1, 2]) {
    await db.query(`insert into journey_versions (journey_id, version, document, published_at) values ($1, $2, $3, '2026-03-01T00:00:00Z')`, [journeyId, version, DOC]);
  }

  type Run = { lead: string; id: string; version: number; entered: number; heldOut: boolean };
  const runs: Run[] = [];
  for (let i = 0; i < 70; i++) {
    runs.push({ lead: `${journeyId}-lead-${i % 45}`, id: `${journeyId}-run-${i}`, version: random() < 0.6 ? 1 : 2, entered: BASE + Math.floor(random() * 6 * 24) * HOUR + Math.floor(random() * 60) * 60_000, heldOut: random() < 0.12 });
  }
  // Entered in two batches, as two worker transactions would.
  for (const batch of [runs.slice(0, 35), runs.slice(35)]) {
    await db.query(
      `insert into runs (lead_id, id, journey_id, version, status, node_id, state, entered_at)
       select r.lead, r.id, $1, r.version, 'active', 't', case when r."heldOut" then '{"heldOut": true}'::jsonb else '{}' end, r.entered
         from jsonb_to_recordset($2::jsonb) as r(lead text, id text, version int, entered timestamptz, "heldOut" boolean)`,
      [journeyId, batch.map((r) => ({ ...r, entered: at(r.entered) }))],
    );
  }
  const treated = runs.filter((r) => !r.heldOut);
  const steps: { lead: string; run: string; seq: number; node: string; at: string; handle: string | null }[] = [];
  for (const r of treated) {
    const nodes = ['t', 'split', 'mail1', ...(random() < 0.3 ? ['mail1'] : []), ...(random() < 0.7 ? ['mail2'] : [])];
    nodes.forEach((node, seq) => steps.push({ lead: r.lead, run: r.id, seq, node, at: at(r.entered + seq * HOUR), handle: node === 't' ? 'out' : null }));
  }
  const stepRows = `select s.lead, s.run, s.seq, s.node, s.at, s.handle from jsonb_to_recordset($1::jsonb) as s(lead text, run text, seq int, node text, at timestamptz, handle text)`;
  await db.query(`insert into steps (lead_id, run_id, seq, node_id, at, handle) ${stepRows}`, [steps]);
  // The split's handle arrives when the lead leaves it: the engine's upsert.
  const leaving = steps.filter((s) => s.node === 'split').map((s) => ({ ...s, handle: pick(['A', 'B']) }));
  await db.query(`insert into steps (lead_id, run_id, seq, node_id, at, handle) ${stepRows} on conflict (lead_id, run_id, seq) do update set handle = excluded.handle`, [leaving]);

  const sends = steps
    .filter((s) => s.node.startsWith('mail'))
    .map((s) => ({ lead: s.lead, id: `${s.run}.${s.seq}`, run: s.run, node: s.node, at: s.at, status: pick(['sent', 'sent', 'sent', 'sent', 'suppressed', 'capped', 'failed']), channel: random() < 0.9 ? 'email' : 'sms' }));
  await db.query(
    `insert into sends (lead_id, id, run_id, journey_id, node_id, channel, template, status, at, idempotency_key, delivery_state)
     select s.lead, s.id, s.run, $1, s.node, s.channel, 'm', s.status, s.at, s.id, case s.status when 'failed' then 'failed' else 'pending' end
       from jsonb_to_recordset($2::jsonb) as s(lead text, id text, run text, node text, channel text, status text, at timestamptz)`,
    [journeyId, sends],
  );
  const sent = sends.filter((s) => s.status === 'sent');
  // Delivery marks, one send at a time: most delivered, some failing delivery.
  for (const s of sent) {
    const outcome = random();
    if (outcome < 0.8) await db.query(`update sends set delivery_state = 'delivered', delivered_at = at where lead_id = $1 and id = $2`, [s.lead, s.id]);
    else if (outcome < 0.9) await db.query(`update sends set delivery_state = 'failed', status = 'failed' where lead_id = $1 and id = $2`, [s.lead, s.id]);
  }
  // Tracking: the event with the send id and its counter; an outside tool's events without it.
  let n = 0;
  for (const s of sends) {
    for (const [type, counter, chance] of [['email_opened', 'opens', 0.5], ['email_clicked', 'clicks', 0.25]] as const) {
      if (random() >= chance) continue;
      const when = at(Date.parse(s.at) + Math.floor(random() * 72) * HOUR);
      await db.query(`insert into events (lead_id, id, type, at, props) values ($1, $2, $3, $4, $5)`, [s.lead, `e${n++}`, type, when, { sendId: s.id, journeyId, nodeId: s.node }]);
      await db.query(
        `insert into send_engagement (lead_id, send_id, ${counter}) values ($1, $2, 1) on conflict (lead_id, send_id) do update set ${counter} = send_engagement.${counter} + 1`,
        [s.lead, s.id],
      );
    }
    if (random() < 0.1) {
      await db.query(`insert into send_engagement (lead_id, send_id, unsubscribes) values ($1, $2, 1) on conflict (lead_id, send_id) do update set unsubscribes = send_engagement.unsubscribes + 1`, [s.lead, s.id]);
    }
  }
  const posted = sends.filter(() => random() < 0.3).map((s) => ({
    lead: s.lead,
    id: `posted${n++}`,
    type: pick(['email_opened', 'email_clicked']),
    at: at(Date.parse(s.at) + Math.floor(random() * 48 - 6) * HOUR),
    props: pick([{ journeyId }, {}, { journeyId: 'another' }, { sendId: 'unknown', journeyId }]),
  }));
  await db.query(
    `insert into events (lead_id, id, type, at, props) select e.lead, e.id, e.type, e.at, e.props from jsonb_to_recordset($1::jsonb) as e(lead text, id text, type text, at timestamptz, props jsonb)`,
    [posted],
  );

  // Runs end: treated ones at the goal or completed, held-out ones as `holdout` (some having met the goal).
  for (const r of runs) {
    const end = random();
    if (end < 0.2) continue;
    const ended = at(r.entered + Math.floor(random() * 96) * HOUR);
    const outcome = r.heldOut ? 'holdout' : end < 0.55 ? 'goal' : 'completed';
    const state = r.heldOut ? { heldOut: true, ...(random() < 0.4 ? { goalAt: 1 } : {}) } : {};
    await db.query(`update runs set status = 'done', outcome = $3, ended_at = $4, state = $5 where lead_id = $1 and id = $2`, [r.lead, r.id, outcome, ended, state]);
  }
  // A live edit moves running leads of version 1 to version 2; a step is removed.
  await db.query(`update runs set version = 2 where journey_id = $1 and version = 1 and status = 'active' and lead_id like '%-1_'`, [journeyId]);
  await db.query(`delete from steps where (lead_id, run_id, seq) in (select lead_id, run_id, seq from steps where node_id = 'mail1' and seq = 3 and run_id like $1 limit 3)`, [`${journeyId}-%`]);
  // A run that reached the goal by mistake is set back (an update away from the goal).
  await db.query(`update runs set outcome = 'completed' where (lead_id, id) in (select lead_id, id from runs where journey_id = $1 and outcome = 'goal' limit 2)`, [journeyId]);
}

function selections(journeyId: string): ReportSelection[] {
  const day = (d: number, h = 0) => new Date(BASE + d * 24 * HOUR + h * HOUR);
  return [
    { journeyId, version: null, from: null, to: null, holdoutWindow: 'P30D' },
    { journeyId, version: 1, from: null, to: null, holdoutWindow: 'P1D' },
    { journeyId, version: 2, from: day(1), to: day(4), holdoutWindow: 'PT36H' },
    { journeyId, version: null, from: day(1, 7), to: day(4, 15), holdoutWindow: 'P2D' },
    { journeyId, version: 2, from: day(2, 3), to: day(2, 20), holdoutWindow: 'P1D' },
    { journeyId, version: null, from: day(3, 12), to: null, holdoutWindow: 'PT12H' },
  ];
}

describeEachDatabase('journey report rollups', (database) => {
  for (const seed of [1, 2, 3]) {
    it(`answer the same numbers as a scan of the rows (generated journey, seed ${seed})`, async () => {
      const journeyId = `gen-${seed}`;
      await fill(database.db, journeyId, seed);
      for (const selection of selections(journeyId)) {
        const scanned = await scanJourneyReportNumbers(database.db, selection);
        expect(await journeyReportNumbers(database.db, selection), JSON.stringify(selection)).toEqual(scanned);
      }
      // The generated data reaches every part of the report.
      const all = await scanJourneyReportNumbers(database.db, selections(journeyId)[0]!);
      expect(all.entered).toBe(70);
      expect(Object.keys(all.splits.split ?? {}).sort()).toEqual(['A', 'B']);
      expect(all.sendNodes.mail1!.opened).toBeGreaterThan(0);
      expect(all.sendNodes.mail1!.unsubscribed).toBeGreaterThan(0);
      expect(all.holdout.heldOut).toBeGreaterThan(0);
      expect(all.series.some((d) => d.clicked > 0)).toBe(true);
    });
  }

  it('rebuilds the rollups of rows written before them (migration 055 backfills)', async () => {
    const db = database.db;
    await fill(db, 'gen-backfill', 7);
    const selection = selections('gen-backfill')[0]!;
    const before = await journeyReportNumbers(db, selection);
    // Emptied and refilled by the migration's own backfill statements.
    for (const table of ['report_runs', 'report_nodes', 'report_handles', 'report_sends', 'report_sent_days', 'report_engaged_days']) await db.query(`delete from ${table}`);
    expect((await journeyReportNumbers(db, selection)).entered).toBe(0);
    const migration = await import('node:fs/promises').then((fs) => fs.readFile(new URL('./migrations/055_report_rollups.sql', import.meta.url), 'utf8'));
    const backfilled = migration.indexOf('-- The rows written before the rollups existed');
    const backfill = migration.slice(migration.indexOf('insert into report_runs', backfilled), migration.indexOf('-- Transition tables need one trigger per event.'));
    for (const statement of backfill.split(/;\s*\n/).filter((s) => s.trim() !== '')) await db.query(statement);
    expect(await journeyReportNumbers(db, selection)).toEqual(before);
  });
});

it('splits a period into whole UTC days and the parts of a day at its ends', () => {
  const d = (s: string) => new Date(s);
  expect(splitPeriod(null, null)).toEqual({ days: { from: null, to: null }, edges: [] });
  expect(splitPeriod(d('2026-03-02T00:00:00Z'), d('2026-03-05T00:00:00Z'))).toEqual({ days: { from: '2026-03-02', to: '2026-03-05' }, edges: [] });
  expect(splitPeriod(d('2026-03-02T07:00:00Z'), d('2026-03-05T15:00:00Z'))).toEqual({
    days: { from: '2026-03-03', to: '2026-03-05' },
    edges: [
      { from: d('2026-03-02T07:00:00Z'), to: d('2026-03-03T00:00:00Z') },
      { from: d('2026-03-05T00:00:00Z'), to: d('2026-03-05T15:00:00Z') },
    ],
  });
  expect(splitPeriod(d('2026-03-02T03:00:00Z'), d('2026-03-02T20:00:00Z'))).toEqual({ days: null, edges: [{ from: d('2026-03-02T03:00:00Z'), to: d('2026-03-02T20:00:00Z') }] });
  expect(splitPeriod(d('2026-03-02T12:00:00Z'), null)).toEqual({ days: { from: '2026-03-03', to: null }, edges: [{ from: d('2026-03-02T12:00:00Z'), to: d('2026-03-03T00:00:00Z') }] });
});
