import { compileJourney, journeyMachine, journeySchema, newLead, restoreSnapshot, stepMachine, type RunState } from '@trellis/journey';
import { createJourney } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { storeTemplatesOf } from '@trellis/store/test-templates';
import { expect, it } from 'vitest';
import { Engine } from '../src/index.js';

/**
 * A running lead's XState snapshot is stored beside its journey version (`runs.state`: the
 * run, and `machine`, the state it is in), and it survives a restart: restored with XState's
 * `machine.resolveState` from what a new engine finds in the database, it continues with
 * `transition()` to the same steps, sends and outcome that the new engine gives the lead.
 */

const at = { x: 0, y: 0 };
const HOUR = 3_600_000;
const document = {
  schemaVersion: 1,
  name: 'Snapshot across a restart',
  settings: {},
  nodes: [
    { id: 't', type: 'trigger', position: at, data: { on: { event: 'form_submitted' } } },
    { id: 'hello', type: 'send', position: at, data: { channel: 'email', template: 'snapshot-hello' } },
    { id: 'w', type: 'wait', position: at, data: { for: 'P1D' } },
    { id: 'bye', type: 'send', position: at, data: { channel: 'email', template: 'snapshot-bye' } },
    { id: 'x', type: 'exit', position: at, data: { outcome: 'converted' } },
  ],
  edges: [
    { id: 'e1', source: 't', target: 'hello' },
    { id: 'e2', source: 'hello', target: 'w' },
    { id: 'e3', source: 'w', target: 'bye' },
    { id: 'e4', source: 'bye', target: 'x' },
  ],
};

describeEachDatabase("a lead's XState snapshot", (database) => {
  it('is stored beside its version and, restored after a restart, continues to the outcome the new engine reaches', async () => {
    const db = database.db;
    const suffix = Math.random().toString(36).slice(2, 8);
    const journeyId = `snapshot-${suffix}`;
    const leadId = `snapshot-lead-${suffix}`;
    let now = Date.parse('2026-03-02T09:00:00Z');
    const clock = () => now;

    const before = new Engine(db, { now: clock });
    await storeTemplatesOf(db, document);
    await createJourney(db, { id: journeyId, name: document.name, draft: document });
    expect(await before.publish(journeyId)).toEqual({ version: 1 });
    await before.ingest([{ id: `ev-${suffix}`, leadId, type: 'form_submitted', at: new Date(now).toISOString() }]);
    await before.worker.drain();

    const [stored] = await db.query<{ version: number; state: RunState & { stepCount: number; machine: unknown } }>(
      `select version, state from runs where lead_id = $1`,
      [leadId],
    );
    expect(stored!.version).toBe(1);
    const { stepCount, machine: storedState, ...run } = stored!.state;
    expect(storedState).toBe('w');
    expect(stepCount).toBe(3);
    expect(run).toEqual({ status: 'active', nodeId: 'w', startedAt: now, nodeEnteredAt: now, wakeAt: now + 24 * HOUR, outcome: null, endedAt: null });

    // The restart: a day later, a new engine on the same database. What XState does with the stored snapshot…
    now += 24 * HOUR + HOUR;
    const machine = journeyMachine(compileJourney(journeySchema.parse(document)));
    const snapshot = restoreSnapshot(machine, run, storedState as string);
    expect(snapshot.value).toBe('w');
    expect(snapshot.status).toBe('active');
    const continued = stepMachine(machine, snapshot, { kind: 'wake' }, { now, lead: newLead(leadId), history: [], journeyKey: journeyId, sentCount: () => 0 });

    // …is what the new engine does with the lead.
    const after = new Engine(db, { now: clock });
    await after.worker.drain();
    const [ended] = await db.query<{ status: string; outcome: string; state: RunState & { machine: unknown } }>(
      `select status, outcome, state from runs where lead_id = $1`,
      [leadId],
    );
    expect(ended).toMatchObject({ status: 'done', outcome: 'converted' });
    expect(ended!.state.machine).toBe('(ended)');
    expect(continued.snapshot.status).toBe('done');
    expect(continued.snapshot.output).toEqual({ outcome: 'converted' });
    const { stepCount: _count, machine: _state, ...endedRun } = ended!.state as RunState & { stepCount: number; machine: unknown };
    expect(continued.run).toEqual(endedRun);

    const steps = await db.query<{ nodeId: string; handle: string | null }>(
      `select node_id as "nodeId", handle from steps where lead_id = $1 order by seq`,
      [leadId],
    );
    expect(steps.map((s) => s.nodeId)).toEqual(['t', 'hello', 'w', ...continued.effects.flatMap((e) => (e.type === 'step' ? [e.nodeId] : []))]);
    expect(steps.map((s) => s.nodeId)).toEqual(['t', 'hello', 'w', 'bye', 'x']);
    const sends = await db.query<{ template: string; status: string; at: Date }>(
      `select template, status, at from sends where lead_id = $1 order by at`,
      [leadId],
    );
    expect(sends.slice(1).map((s) => ({ template: s.template, status: s.status, at: s.at.getTime() }))).toEqual(
      continued.effects.flatMap((e) => (e.type === 'send' ? [{ template: e.template, status: e.status, at: e.at }] : [])),
    );
    expect(sends.map((s) => s.template)).toEqual(['snapshot-hello', 'snapshot-bye']);
  });
});
