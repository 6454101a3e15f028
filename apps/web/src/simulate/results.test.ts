import { describe, expect, it } from 'vitest';
import type { SimulatedLead } from '../api/client.js';
import { outcomeCounts, pathOf, reachedCounts, sendTallies } from './results.js';

const leads: SimulatedLead[] = [
  {
    id: 'ada',
    outcome: 'converted',
    path: [
      { nodeId: 'trigger', at: '2026-03-02T09:00:00Z', handle: 'out' },
      { nodeId: 'split', at: '2026-03-02T09:00:00Z', handle: 'B' },
      { nodeId: 'won', at: '2026-03-02T09:00:00Z' },
    ],
    sends: [{ nodeId: 'mail', channel: 'email', template: 'w1', at: '2026-03-02T09:00:00Z', status: 'sent' }],
  },
  {
    id: 'bob',
    outcome: null,
    path: [
      { nodeId: 'trigger', at: '2026-03-02T09:00:00Z', handle: 'out' },
      { nodeId: 'wait', at: '2026-03-02T09:00:00Z', handle: 'out' },
      { nodeId: 'wait', at: '2026-03-03T09:00:00Z' },
    ],
    sends: [
      { nodeId: 'mail', channel: 'email', template: 'w1', at: '2026-03-02T09:00:00Z', status: 'suppressed' },
      { nodeId: 'mail', channel: 'email', template: 'w1', at: '2026-03-03T09:00:00Z', status: 'sent' },
    ],
  },
];

describe('simulation results', () => {
  it('counts each lead once per node it reached', () => {
    expect(reachedCounts(leads)).toStrictEqual({ trigger: 2, split: 1, won: 1, wait: 1 });
  });

  it('counts outcomes, most common first, with leads still inside as "in journey"', () => {
    expect(outcomeCounts(leads)).toStrictEqual([
      ['converted', 1],
      ['in journey', 1],
    ]);
  });

  it("finds the edges of a lead's path by the handle it left by", () => {
    const edges = [
      { id: 'e1', source: 'trigger', target: 'split' },
      { id: 'eA', source: 'split', sourceHandle: 'A', target: 'won' },
      { id: 'eB', source: 'split', sourceHandle: 'B', target: 'won' },
    ];
    const path = pathOf(leads[0]!, edges);
    expect([...path.edgeIds]).toStrictEqual(['e1', 'eB']);
    expect([...path.nodeIds]).toStrictEqual(['trigger', 'split', 'won']);
  });

  it('tallies every send per step and status', () => {
    expect(sendTallies(leads)).toStrictEqual([{ nodeId: 'mail', channel: 'email', template: 'w1', byStatus: { sent: 2, suppressed: 1 }, total: 3 }]);
  });
});
