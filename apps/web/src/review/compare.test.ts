import type { Journey } from '@trellis/journey';
import { describe, expect, it } from 'vitest';
import { compareJourneys } from './compare.js';

const v1: Journey = {
  schemaVersion: 1,
  name: 'Welcome',
  settings: {},
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: { event: 'form_submitted' } } },
    { id: 'wait', type: 'wait', position: { x: 300, y: 0 }, data: { label: 'Pause', for: 'P3D' } },
    { id: 'old', type: 'exit', position: { x: 600, y: 0 }, data: { outcome: 'completed' } },
  ],
  edges: [
    { id: 'a', source: 'start', target: 'wait' },
    { id: 'b', source: 'wait', target: 'old' },
  ],
};

describe('compareJourneys', () => {
  it('marks added, removed and changed nodes and paths on each side; a move alone is no change', () => {
    const v2: Journey = {
      ...v1,
      nodes: [
        { ...v1.nodes[0]!, position: { x: 10, y: 40 } },
        { id: 'wait', type: 'wait', position: { x: 300, y: 0 }, data: { label: 'Pause', for: 'P1D' } },
        { id: 'new', type: 'exit', position: { x: 600, y: 0 }, data: { outcome: 'converted' } },
      ],
      edges: [
        { id: 'x', source: 'start', target: 'wait' },
        { id: 'y', source: 'wait', target: 'new' },
      ],
    };
    const diff = compareJourneys(v1, v2);
    expect(diff.before).toEqual({ wait: 'changed', old: 'removed', 'edge:b': 'removed' });
    expect(diff.after).toEqual({ wait: 'changed', new: 'added', 'edge:y': 'added' });
    expect(diff.lines).toEqual(['Changed wait Pause (wait)', 'Removed exit old', 'Added exit new', 'Removed path wait:out→old', 'Added path wait:out→new']);
  });

  it('finds nothing between a version and itself', () => {
    expect(compareJourneys(v1, structuredClone(v1))).toEqual({ before: {}, after: {}, lines: [] });
  });
});
