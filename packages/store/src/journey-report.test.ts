import { expect, it } from 'vitest';
import { experimentDecisions, leadEventsOfType, recordExperimentDecision, splitPasses } from './experiments.js';
import { journeyReportNumbers } from './journey-report.js';
import type { SqlQueryable } from './sql.js';
import { describeEachDatabase } from './test-databases.js';

const DOC = {
  schemaVersion: 1,
  name: 'Report',
  nodes: [
    { id: 't', type: 'trigger' },
    { id: 'split', type: 'split' },
    { id: 'mail', type: 'send' },
  ],
  edges: [],
};

async function journey(db: SqlQueryable, id: string): Promise<void> {
  await db.query(`insert into journeys (id, name, status, draft, published_version) values ($1, 'Report', 'active', $2, 1)`, [id, DOC]);
  await db.query(`insert into journey_versions (journey_id, version, document, published_at) values ($1, 1, $2, '2026-03-01T00:00:00Z')`, [id, DOC]);
}

interface RunSpec {
  lead: string;
  entered: string;
  variant?: string;
  outcome?: string;
  ended?: string;
  heldOut?: { goal: boolean };
  send?: { status: string; delivered?: boolean; opened?: string };
  version?: number;
}

async function run(db: SqlQueryable, journeyId: string, spec: RunSpec): Promise<void> {
  const runId = `run-${spec.lead}`;
  const state = spec.heldOut ? { heldOut: true, ...(spec.heldOut.goal ? { goalAt: 1 } : {}) } : {};
  await db.query(
    `insert into runs (lead_id, id, journey_id, version, status, node_id, state, outcome, entered_at, ended_at)
     values ($1, $2, $3, $4, $5, 't', $6, $7, $8, $9)`,
    [spec.lead, runId, journeyId, spec.version ?? 1, spec.outcome ? 'done' : 'active', state, spec.outcome ?? null, spec.entered, spec.ended ?? null],
  );
  if (spec.heldOut) return;
  await db.query(`insert into steps (lead_id, run_id, seq, node_id, at, handle) values ($1, $2, 0, 't', $3, 'out')`, [spec.lead, runId, spec.entered]);
  if (!spec.variant) return;
  await db.query(`insert into steps (lead_id, run_id, seq, node_id, at, handle) values ($1, $2, 1, 'split', $3, $4)`, [spec.lead, runId, spec.entered, spec.variant]);
  await db.query(`insert into steps (lead_id, run_id, seq, node_id, at) values ($1, $2, 2, 'mail', $3)`, [spec.lead, runId, spec.entered]);
  if (!spec.send) return;
  const sendId = `${runId}.2`;
  await db.query(
    `insert into sends (lead_id, id, run_id, journey_id, node_id, channel, template, status, at, idempotency_key, delivery_state)
     values ($1, $2, $3, $4, 'mail', 'email', 'welcome', $5, $6, $2, $7)`,
    [spec.lead, sendId, runId, journeyId, spec.send.status, spec.entered, spec.send.delivered ? 'delivered' : spec.send.status === 'failed' ? 'failed' : 'pending'],
  );
  if (spec.send.opened) {
    await db.query(`insert into send_engagement (lead_id, send_id, opens) values ($1, $2, 1)`, [spec.lead, sendId]);
    await db.query(`insert into events (lead_id, id, type, at, props) values ($1, $2, 'email_opened', $3, $4)`, [spec.lead, `open-${sendId}`, spec.send.opened, { sendId, journeyId, nodeId: 'mail' }]);
  }
}

describeEachDatabase('journey report numbers', (database) => {
  it('counts entries, outcomes, nodes, split variants, sends, days, time to goal and the holdout of the selected runs', async () => {
    const db = database.db;
    await journey(db, 'rep-1');
    const sent = (opened?: string) => ({ status: 'sent', delivered: true, ...(opened ? { opened } : {}) });
    await run(db, 'rep-1', { lead: 'rep-a1', entered: '2026-03-02T10:00:00Z', variant: 'A', send: sent('2026-03-03T08:00:00Z'), outcome: 'goal', ended: '2026-03-04T10:00:00Z' });
    await run(db, 'rep-1', { lead: 'rep-a2', entered: '2026-03-02T11:00:00Z', variant: 'A', send: { status: 'failed' } });
    await run(db, 'rep-1', { lead: 'rep-b1', entered: '2026-03-04T09:00:00Z', variant: 'B', send: sent(), outcome: 'goal', ended: '2026-03-04T09:00:00Z' });
    await run(db, 'rep-1', { lead: 'rep-b2', entered: '2026-03-04T12:00:00Z', variant: 'B', send: { status: 'suppressed' }, outcome: 'completed', ended: '2026-03-05T00:00:00Z' });
    await run(db, 'rep-1', { lead: 'rep-h1', entered: '2026-03-02T10:00:00Z', heldOut: { goal: true }, outcome: 'holdout', ended: '2026-03-03T00:00:00Z' });
    await run(db, 'rep-1', { lead: 'rep-h2', entered: '2026-03-02T10:00:00Z', heldOut: { goal: false } });
    // Another version and a run outside the period are left out.
    await run(db, 'rep-1', { lead: 'rep-v2', entered: '2026-03-02T10:00:00Z', variant: 'A', version: 2 });
    await run(db, 'rep-1', { lead: 'rep-late', entered: '2026-04-01T10:00:00Z', variant: 'B' });

    const numbers = await journeyReportNumbers(db, {
      journeyId: 'rep-1',
      version: 1,
      from: new Date('2026-03-01T00:00:00Z'),
      to: new Date('2026-03-10T00:00:00Z'),
      holdoutWindow: 'P1D',
    });
    expect(numbers.entered).toBe(6);
    expect(numbers.outcomes).toEqual({ completed: 1, goal: 2, holdout: 1 });
    expect(numbers.nodes).toEqual({
      t: { entered: 4, reachedGoal: 2 },
      split: { entered: 4, reachedGoal: 2 },
      mail: { entered: 4, reachedGoal: 2 },
    });
    expect(numbers.splits).toEqual({ split: { A: { entered: 2, goal: 1 }, B: { entered: 2, goal: 1 } } });
    expect(numbers.sendNodes).toEqual({ mail: { sent: 2, delivered: 2, opened: 1, clicked: 0, unsubscribed: 0, failed: 1, suppressed: 1, capped: 0 } });
    expect(numbers.series).toEqual([
      { day: '2026-03-02', entered: 4, sent: 1, opened: 0, clicked: 0, goal: 0 },
      { day: '2026-03-03', entered: 0, sent: 0, opened: 1, clicked: 0, goal: 0 },
      { day: '2026-03-04', entered: 2, sent: 1, opened: 0, clicked: 0, goal: 2 },
    ]);
    // 48 h and 0 h: the median is the lower (nearest rank), the 90th the higher.
    expect(numbers.timeToGoal).toEqual({ median: 0, p90: 48 * 3_600_000 });
    // rep-a1 reached the goal after 2 days, outside the 1-day window; rep-b1 within it.
    expect(numbers.holdout).toEqual({ heldOut: 2, heldOutGoal: 1, treated: 4, treatedGoal: 1 });

    const all = await journeyReportNumbers(db, { journeyId: 'rep-1', version: null, from: null, to: null, holdoutWindow: 'P30D' });
    expect(all.entered).toBe(8);
    expect(all.splits.split).toEqual({ A: { entered: 3, goal: 1 }, B: { entered: 3, goal: 1 } });
  });

  it('answers zeros for a journey with no runs', async () => {
    await journey(database.db, 'rep-empty');
    const numbers = await journeyReportNumbers(database.db, { journeyId: 'rep-empty', version: null, from: null, to: null, holdoutWindow: 'P30D' });
    expect(numbers).toEqual({
      entered: 0,
      outcomes: {},
      nodes: {},
      splits: {},
      sendNodes: {},
      series: [],
      timeToGoal: null,
      holdout: { heldOut: 0, heldOutGoal: 0, treated: 0, treatedGoal: 0 },
    });
  });

  it('lists a split’s passes before an instant, and events of one type, for an experiment’s decision', async () => {
    const db = database.db;
    await journey(db, 'rep-exp');
    await run(db, 'rep-exp', { lead: 'exp-a', entered: '2026-03-02T10:00:00Z', variant: 'A', outcome: 'goal', ended: '2026-03-03T10:00:00Z' });
    await run(db, 'rep-exp', { lead: 'exp-b', entered: '2026-03-09T10:00:00Z', variant: 'B' });
    const passes = await splitPasses(db, 'rep-exp', 1, 'split', new Date('2026-03-05T00:00:00Z'));
    expect(passes).toEqual([{ leadId: 'exp-a', runId: 'run-exp-a', handle: 'A', enteredAt: new Date('2026-03-02T10:00:00Z'), goalAt: new Date('2026-03-03T10:00:00Z') }]);
    await db.query(`insert into events (lead_id, id, type, at, props) values ('exp-a', 'c1', 'email_clicked', '2026-03-02T12:00:00Z', '{"url":"/pricing"}')`);
    expect(await leadEventsOfType(db, ['exp-a', 'exp-b'], 'email_clicked', new Date('2026-03-01T00:00:00Z'), new Date('2026-03-05T00:00:00Z'))).toEqual([
      { leadId: 'exp-a', at: new Date('2026-03-02T12:00:00Z'), props: { url: '/pricing' } },
    ]);
  });

  it('records a decision once, with its numbers', async () => {
    const db = database.db;
    const decision = {
      journeyId: 'rep-dec',
      version: 1,
      nodeId: 'split',
      decidedAt: new Date('2026-03-15T00:00:00Z'),
      winner: 'B',
      pValue: 0.0004,
      variants: { A: { entered: 100, goal: 10, rate: 0.1, ci95: [0.05, 0.17] as [number, number] }, B: { entered: 100, goal: 30, rate: 0.3, ci95: [0.22, 0.4] as [number, number] } },
    };
    expect(await recordExperimentDecision(db, decision)).toBe(true);
    expect(await recordExperimentDecision(db, { ...decision, winner: 'A' })).toBe(false);
    expect(await experimentDecisions(db, 'rep-dec')).toEqual([decision]);
  });
});
