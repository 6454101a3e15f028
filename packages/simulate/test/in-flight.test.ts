import { compileJourney, journeySchema, newLead, type LiveJourney, type RunState } from '@trellis/journey';
import { describe, expect, it } from 'vitest';
import { simulateInFlight, type InFlightLead } from '../src/index.js';

/**
 * The "what if" of a publish that moves the leads inside (issue 17, point 6): leads resting at a
 * 3-day wait of v1, moved to v2 whose wait is 1 day, wake as the real move wakes them (from when
 * they entered the wait): a lead two days in at once, a lead half a day in half a day later.
 */

const at = { x: 0, y: 0 };
const HOUR = 3_600_000;
const start = Date.parse('2026-03-02T09:00:00Z');

function drip(wait: string) {
  return compileJourney(
    journeySchema.parse({
      schemaVersion: 1,
      name: 'Drip',
      settings: {},
      nodes: [
        { id: 'start', type: 'trigger', position: at, data: { on: { event: 'signed_up' } } },
        { id: 'w', type: 'wait', position: at, data: { for: wait } },
        { id: 'hello', type: 'send', position: at, data: { channel: 'webhook', template: 'ping' } },
        { id: 'done', type: 'exit', position: at, data: { outcome: 'completed' } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'w' },
        { id: 'e2', source: 'w', target: 'hello' },
        { id: 'e3', source: 'hello', target: 'done' },
      ],
    }),
  );
}

const v1: LiveJourney = { journeyId: 'drip', version: 1, status: 'active', compiled: drip('P3D') };
const v2 = { version: 2, compiled: drip('P1D'), status: 'active' as const };

/** A lead resting at v1's 3-day wait since `hoursIn` hours before the start. */
function waiting(id: string, hoursIn: number): InFlightLead {
  const entered = start - hoursIn * HOUR;
  const state: RunState = { status: 'active', nodeId: 'w', startedAt: entered, nodeEnteredAt: entered, wakeAt: entered + 72 * HOUR, outcome: null, endedAt: null };
  return {
    lead: newLead(id),
    history: [],
    recentSends: [],
    lastEndedAt: new Map(),
    run: { id: `run-${id}`, journeyId: 'drip', version: 1, stepCount: 2, state },
  };
}

const leads = () => [waiting('two-days-in', 48), waiting('half-a-day-in', 12)];

function run(until: number, map = {}) {
  const outcome = simulateInFlight({ journeyId: 'drip', running: (v) => (v === 1 ? v1 : undefined), next: v2, map, leads: leads(), start, until });
  if (!outcome.ok) throw new Error(outcome.exceeded.message);
  return outcome.result;
}

describe('simulateInFlight: the leads inside, moved as the publish would move them', () => {
  it('wakes a lead past the new wait at once, and the other at its new wake-up (from when it entered the wait)', () => {
    const soon = run(start + HOUR);
    expect(soon.landings).toEqual([{ fromVersion: 1, fromNode: 'w', toNode: 'w', leads: 2 }]);
    expect(soon.outcomes).toEqual({ completed: 1 });
    expect(soon.inside).toBe(1);
    expect(soon.nodes).toEqual([
      { version: 2, nodeId: 'done', reached: 1, current: 0 },
      { version: 2, nodeId: 'hello', reached: 1, current: 0 },
      { version: 2, nodeId: 'w', reached: 2, current: 1 },
    ]);
    expect(soon.sends).toEqual([{ version: 2, nodeId: 'hello', status: 'sent', count: 1 }]);

    // Half a day in at the start, one day in 12 hours later: not a minute before.
    expect(run(start + 12 * HOUR - 60_000).outcomes).toEqual({ completed: 1 });
    const later = run(start + 12 * HOUR);
    expect(later.outcomes).toEqual({ completed: 2 });
    expect(later.inside).toBe(0);
  });

  it('keeps leads the map keeps on their version, where the 3-day wait still holds them', () => {
    const kept = run(start + 30 * 24 * HOUR - 1, { w: null });
    expect(kept.landings).toEqual([{ fromVersion: 1, fromNode: 'w', toNode: null, leads: 2 }]);
    expect(kept.nodes.map((n) => [n.version, n.nodeId, n.reached])).toEqual([
      [1, 'done', 2],
      [1, 'hello', 2],
      [1, 'w', 2],
    ]);
    // On v1 the lead half a day in waits the whole three days: 60 hours from the start.
    expect(run(start + 60 * HOUR - 60_000, { w: null }).outcomes).toEqual({ completed: 1 });
    expect(run(start + 60 * HOUR, { w: null }).outcomes).toEqual({ completed: 2 });
  });
});
