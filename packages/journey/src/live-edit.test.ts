import { describe, expect, it } from 'vitest';
import { compileJourney } from './compile.js';
import { inFlightMapProblems, inFlightTarget, movedRunState, restingNodeTitle } from './live-edit.js';
import { journeySchema, type Journey } from './schema.js';

const at = { x: 0, y: 0 };
const DAY = 86_400_000;

function version(wait: string, extra: Journey['nodes'] = []): Journey {
  return journeySchema.parse({
    schemaVersion: 1,
    name: 'Drip',
    settings: {},
    nodes: [
      { id: 't', type: 'trigger', position: at, data: { on: { event: 'form_submitted' } } },
      { id: 'w', type: 'wait', position: at, data: { for: wait } },
      { id: 'h', type: 'handoff', position: at, data: { queue: 'inside-sales', assign: 'round_robin', sla: 'P1D' } },
      { id: 'x', type: 'exit', position: at, data: { outcome: 'done' } },
      ...extra,
    ],
    edges: [
      { id: 'e1', source: 't', target: 'w' },
      { id: 'e2', source: 'w', target: 'h' },
      { id: 'e3', source: 'h', sourceHandle: 'accepted', target: 'x' },
    ],
  });
}

const nodesOf = (journey: Journey) => new Map(journey.nodes.map((n) => [n.id, n]));

describe('inFlightTarget', () => {
  const v2 = version('P1D', [{ id: 'w2', type: 'wait', position: at, data: { for: 'PT1H' } }]);
  it('lands a lead on the node of the same id and type, or the one the map names', () => {
    expect(inFlightTarget({ id: 'w', type: 'wait' }, nodesOf(v2))).toBe('w');
    expect(inFlightTarget({ id: 'w', type: 'wait' }, nodesOf(v2), { w: 'w2' })).toBe('w2');
  });
  it('keeps a lead on its version when the node is gone or became another type', () => {
    expect(inFlightTarget({ id: 'gone', type: 'wait' }, nodesOf(v2))).toBeNull();
    expect(inFlightTarget({ id: 'h', type: 'wait' }, nodesOf(v2))).toBeNull();
    expect(inFlightTarget({ id: 'w', type: 'wait' }, nodesOf(v2), { w: 'h' })).toBeNull();
    expect(inFlightTarget({ id: 'w', type: 'wait' }, nodesOf(v2), { w: null })).toBeNull();
  });
});

describe('inFlightMapProblems', () => {
  it('names the map entry whose target is missing or of another type', () => {
    const v2 = version('P1D');
    expect(inFlightMapProblems({ w: 'nowhere', h: 'w', old: 'w' }, nodesOf(v2), [{ id: 'w', type: 'wait' }, { id: 'h', type: 'handoff' }])).toEqual([
      { path: ['map', 'w'], message: 'the new version has no node "nowhere" to move the leads at "w" to' },
      { path: ['map', 'h'], message: 'leads at handoff "h" can only move to a handoff; "w" is a wait' },
    ]);
  });
});

describe('movedRunState', () => {
  const entered = Date.parse('2026-03-02T09:00:00Z');
  const run = { status: 'active' as const, nodeId: 'w', startedAt: entered, nodeEnteredAt: entered, wakeAt: entered + 3 * DAY, outcome: null, endedAt: null };

  it("recomputes a wait's wake-up from when the lead entered it, with the new wait's settings", () => {
    const moved = movedRunState(compileJourney(version('P1D')), run, 'w', { timezone: null }, entered + 2 * DAY);
    expect(moved).toEqual({ ...run, wakeAt: entered + DAY });
  });

  it('keeps an open handoff and its SLA as they are', () => {
    const atHandoff = { ...run, nodeId: 'h', wakeAt: entered + DAY };
    expect(movedRunState(compileJourney(version('P1D')), atHandoff, 'h', { timezone: null }, entered)).toEqual(atHandoff);
  });
});

describe('restingNodeTitle', () => {
  it('reads a node by its label, or by what it does', () => {
    const v = version('P3D');
    expect(restingNodeTitle(nodesOf(v).get('w'), 'w')).toBe('Wait 3 days');
    expect(restingNodeTitle(nodesOf(v).get('h'), 'h')).toBe('Handoff to inside-sales');
    expect(restingNodeTitle(undefined, 'gone')).toBe('gone');
  });
});
