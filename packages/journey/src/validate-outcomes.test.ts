import { describe, expect, it } from 'vitest';
import { validateJourney } from './validate.js';

const at = { x: 0, y: 0 };

/** Trigger → handoff; each answer goes to `ends[answer]` (a chain of node ids ending at an exit). */
function journey(lostOutcome: string, between: { id: string; type: string; data: unknown }[] = []) {
  const handoff = { queue: 'inside-sales', assign: 'round_robin', sla: 'PT4H' };
  return {
    schemaVersion: 1,
    name: 'Handoff outcomes',
    settings: {},
    nodes: [
      { id: 't', type: 'trigger', position: at, data: { on: { event: 'demo_requested' } } },
      { id: 'h', type: 'handoff', position: at, data: handoff },
      { id: 'won', type: 'exit', position: at, data: { label: 'Won', outcome: 'converted' } },
      ...between.map((n) => ({ ...n, position: at })),
      { id: 'lost', type: 'exit', position: at, data: { label: 'Lost', outcome: lostOutcome } },
      { id: 'late', type: 'exit', position: at, data: { outcome: 'sla_expired' } },
      { id: 'again', type: 'exit', position: at, data: { outcome: 'recycled' } },
    ],
    edges: [
      { id: 'e1', source: 't', target: 'h' },
      { id: 'e2', source: 'h', sourceHandle: 'accepted', target: 'won' },
      { id: 'e3', source: 'h', sourceHandle: 'disqualified', target: between[0]?.id ?? 'lost' },
      ...between.map((n, i) => ({ id: `b${i}`, source: n.id, target: between[i + 1]?.id ?? 'lost' })),
      { id: 'e4', source: 'h', sourceHandle: 'sla_expired', target: 'late' },
      { id: 'e5', source: 'h', sourceHandle: 'recycled', target: 'again' },
    ],
  };
}

describe('a lost lead counted as converted', () => {
  it('warns on the exit when the disqualified path ends "converted"', () => {
    expect(validateJourney(journey('converted'))).toEqual([
      {
        severity: 'warning',
        code: 'lost_path_converts',
        message: 'Exit "Lost": the disqualified path of Handoff node "h" ends "converted"; choose an outcome such as "disqualified"',
        nodeId: 'lost',
        path: ['nodes', 3, 'data', 'outcome'],
      },
    ]);
  });

  it('follows the path through waits and updates to its exit', () => {
    const steps = [
      { id: 'w', type: 'wait', data: { for: 'P1D' } },
      { id: 'u', type: 'update', data: { score: { add: -10 } } },
    ];
    const problems = validateJourney(journey('converted', steps));
    expect(problems.map((p) => [p.code, p.nodeId])).toEqual([['lost_path_converts', 'lost']]);
  });

  it('does not warn when the lost path ends with another outcome', () => {
    expect(validateJourney(journey('disqualified'))).toEqual([]);
  });

  it('does not warn past a second handoff: sales decides again there', () => {
    const second = [{ id: 'h2', type: 'handoff', data: { queue: 'inside-sales', assign: 'round_robin', sla: 'PT4H' } }];
    const doc = journey('converted', second);
    // The second handoff's other answers end elsewhere.
    doc.edges.push(
      { id: 'f1', source: 'h2', sourceHandle: 'disqualified', target: 'again' },
      { id: 'f2', source: 'h2', sourceHandle: 'recycled', target: 'again' },
      { id: 'f3', source: 'h2', sourceHandle: 'sla_expired', target: 'late' },
    );
    doc.edges = doc.edges.map((e) => (e.id === 'b0' ? { ...e, sourceHandle: 'accepted' } : e));
    expect(validateJourney(doc).filter((p) => p.code === 'lost_path_converts')).toEqual([]);
  });

  it('warns on an SLA-expired path that ends "converted"', () => {
    const doc = journey('disqualified');
    doc.edges = doc.edges.map((e) => (e.id === 'e4' ? { ...e, target: 'won' } : e));
    expect(validateJourney(doc).filter((p) => p.code !== 'unreachable').map((p) => [p.code, p.nodeId, p.message])).toEqual([
      ['lost_path_converts', 'won', 'Exit "Won": the SLA-expired path of Handoff node "h" ends "converted"; choose an outcome such as "sla_expired"'],
    ]);
  });
});
