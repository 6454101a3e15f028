import { describe, expect, it } from 'vitest';
import { validateJourney, type Problem } from './validate.js';

const at = { x: 0, y: 0 };

/** trigger → `pause` → Update "Bump" → back to `pause` by `back`: a loop that only `pause` can slow. */
function loopThrough(pause: Record<string, unknown>, back = 'out', extraEdges: unknown[] = []) {
  return {
    schemaVersion: 1,
    name: 'Loop',
    nodes: [
      { id: 'start', type: 'trigger', position: at, data: { on: { event: 'signup' } } },
      { id: 'pause', position: at, ...pause },
      { id: 'bump', type: 'update', position: at, data: { label: 'Bump', score: { add: 1 } } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'pause' },
      { id: 'e2', source: 'pause', target: 'bump', ...(back === 'out' ? {} : { sourceHandle: back }) },
      { id: 'e3', source: 'bump', target: 'pause' },
      ...extraEdges,
    ],
  };
}

const loops = (doc: unknown): Problem[] => validateJourney(doc).filter((p) => p.code === 'instant_loop');

describe('instant_loop and zero-length waits', () => {
  it.each(['PT0S', 'P0D', 'PT0M', 'P0Y0M0DT0H0M0S', 'PT0.0001S'])('reports a loop through a Wait of %s: it waits no time', (zero) => {
    const doc = loopThrough({ type: 'wait', data: { label: 'Wait', for: zero } });
    expect(loops(doc)).toEqual([
      {
        severity: 'error',
        code: 'instant_loop',
        message:
          'These steps form a loop that never pauses, so a lead would go round forever: Wait "Wait", Update "Bump"; ' +
          'a wait, timeout or SLA of zero length (PT0S) is no pause (Wait "Wait")',
        nodeId: 'pause',
        path: ['nodes', 1],
      },
    ]);
  });

  it('accepts the same loop through a Wait of any length at all', () => {
    for (const length of ['PT1S', 'PT0.001S', 'P1D', 'P1M']) {
      expect(loops(loopThrough({ type: 'wait', data: { for: length } }))).toEqual([]);
    }
  });

  it('reports a Wait of PT0S that leads straight back to itself', () => {
    const doc = loopThrough({ type: 'wait', data: { label: 'Again', for: 'PT0S' } }, 'out', [{ id: 'e4', source: 'pause', target: 'pause' }]);
    // `pause` has two edges on `out` (a handle problem of its own); both are loops.
    expect(loops(doc).map((p) => p.message)).toEqual([
      'These steps form a loop that never pauses, so a lead would go round forever: Wait "Again", Update "Bump"; ' +
        'a wait, timeout or SLA of zero length (PT0S) is no pause (Wait "Again")',
    ]);
    const alone = {
      ...loopThrough({ type: 'wait', data: { label: 'Again', for: 'PT0S' } }),
      edges: [
        { id: 'e1', source: 'start', target: 'pause' },
        { id: 'e2', source: 'pause', target: 'pause' },
      ],
    };
    expect(loops(alone).map((p) => p.message)).toEqual([
      'Wait "Again" leads straight back to itself and waits no time, so a lead would loop forever; a wait, timeout or SLA of zero length (PT0S) is no pause',
    ]);
  });

  it("reports a loop through an event wait's zero timeout, and accepts one through its event", () => {
    const zeroTimeout = { type: 'wait', data: { label: 'Reply?', until: { event: 'email_replied', timeout: 'PT0S' } } };
    expect(loops(loopThrough(zeroTimeout, 'timeout')).map((p) => p.nodeId)).toEqual(['pause']);
    // Leaving by `event` needs an event from outside: a pause, however short the timeout.
    expect(loops(loopThrough(zeroTimeout, 'event'))).toEqual([]);
    const withTimeout = { type: 'wait', data: { until: { event: 'email_replied', timeout: 'PT1M' } } };
    expect(loops(loopThrough(withTimeout, 'timeout'))).toEqual([]);
  });

  it("reports a loop through a handoff's zero SLA expiry, and accepts one through a sales answer", () => {
    const zeroSla = { type: 'handoff', data: { label: 'Call', queue: 'sales', assign: 'round_robin', sla: 'PT0S' } };
    expect(loops(loopThrough(zeroSla, 'sla_expired')).map((p) => p.message)).toEqual([
      'These steps form a loop that never pauses, so a lead would go round forever: Handoff "Call", Update "Bump"; ' +
        'a wait, timeout or SLA of zero length (PT0S) is no pause (Handoff "Call")',
    ]);
    expect(loops(loopThrough(zeroSla, 'recycled'))).toEqual([]);
  });

  it('accepts a loop through a wait until a time of day: it always waits for the next such moment', () => {
    expect(loops(loopThrough({ type: 'wait', data: { until: { time: '09:00', days: [] } } }))).toEqual([]);
  });

  it('does not add a loop problem for a wait whose duration is not valid (that is bad_duration)', () => {
    const codes = validateJourney(loopThrough({ type: 'wait', data: { for: 'nothing' } })).map((p) => p.code);
    expect(codes).toEqual(['bad_duration']);
  });
});
