import { describe, expect, it } from 'vitest';
import { compareJourneys, fieldChanges } from './compare.js';
import type { Journey } from './schema.js';

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
        { id: 'wait', type: 'wait', position: { x: 300, y: 0 }, data: { label: 'Long pause', for: 'P5D' } },
        { id: 'new', type: 'exit', position: { x: 600, y: 0 }, data: { label: 'Done', outcome: 'converted' } },
      ],
      edges: [
        { id: 'x', source: 'start', target: 'wait' },
        { id: 'y', source: 'wait', target: 'new' },
      ],
    };
    const diff = compareJourneys(v1, v2);
    expect(diff.before).toEqual({ wait: 'changed', old: 'removed', 'edge:b': 'removed' });
    expect(diff.after).toEqual({ wait: 'changed', new: 'added', 'edge:y': 'added' });
    expect(diff.changes.map((c) => [c.mark, c.nodeId, c.text])).toEqual([
      ['changed', 'wait', 'Changed wait Long pause (wait)'],
      ['removed', 'old', 'Removed exit old'],
      ['added', 'new', 'Added exit Done (new)'],
      ['removed', 'wait', 'Removed path Pause → old'],
      ['added', 'wait', 'Added path Long pause → Done'],
    ]);
    // A changed node says which settings changed and from what to what.
    expect(diff.changes[0]!.fields).toEqual([
      { field: 'label', before: 'Pause', after: 'Long pause' },
      { field: 'for', before: '3 days', after: '5 days' },
    ]);
    // A path is found on both sides by where it runs, whatever its id.
    expect(diff.changes[3]!.path).toEqual({ key: 'wait:out→old', source: 'wait', target: 'old' });
  });

  it('names a path by the handle it leaves from, and a type change first among the fields', () => {
    const v2: Journey = {
      ...v1,
      nodes: [
        v1.nodes[0]!,
        { id: 'wait', type: 'branch', position: { x: 300, y: 0 }, data: { label: 'Pause', cases: [{ handle: 'hot', when: { attr: 'score', op: 'gte', value: 50 } }] } },
        v1.nodes[2]!,
      ],
      edges: [v1.edges[0]!, { id: 'b', source: 'wait', sourceHandle: 'hot', target: 'old' }],
    };
    const diff = compareJourneys(v1, v2);
    expect(diff.changes[0]!.fields).toEqual([
      { field: 'type', before: 'wait', after: 'branch' },
      { field: 'for', before: '3 days', after: null },
      { field: 'cases[0].handle', before: null, after: 'hot' },
      { field: 'cases[0].when.attr', before: null, after: 'score' },
      { field: 'cases[0].when.op', before: null, after: 'gte' },
      { field: 'cases[0].when.value', before: null, after: '50' },
    ]);
    expect(diff.changes.slice(1).map((c) => c.text)).toEqual(['Removed path Pause → old', 'Added path Pause [hot] → old']);
  });

  it('reads nested settings by path and a list of plain values whole', () => {
    expect(fieldChanges({ on: { event: 'a' }, days: ['mon', 'tue'] }, { on: { event: 'b' }, days: ['mon'] })).toEqual([
      { field: 'on.event', before: 'a', after: 'b' },
      { field: 'days', before: 'mon, tue', after: 'mon' },
    ]);
  });

  it('reads durations as people do, wherever the field holds one, and leaves other values as they are', () => {
    expect(
      fieldChanges(
        { sla: 'PT48H', on: { within: 'P1D' }, timeout: 'PT30M', reentry: { after: 'P1M' }, caps: [{ per: 'P1W' }], subject: 'P3D' },
        { sla: 'PT24H', on: { within: 'P2D' }, timeout: 'PT1H', reentry: { after: 'P2M' }, caps: [{ per: 'P1D' }], subject: 'P5D' },
      ),
    ).toEqual([
      { field: 'sla', before: '48 hours', after: '24 hours' },
      { field: 'on.within', before: '1 day', after: '2 days' },
      { field: 'timeout', before: '30 minutes', after: '1 hour' },
      { field: 'reentry.after', before: '1 month', after: '2 months' },
      { field: 'caps[0].per', before: '1 week', after: '1 day' },
      { field: 'subject', before: 'P3D', after: 'P5D' },
    ]);
  });

  it('notes a renamed journey and changed settings as a change of the whole journey', () => {
    const diff = compareJourneys(v1, { ...v1, name: 'Hello', settings: { quietHours: { from: '21:00', to: '08:00' } } } as Journey);
    expect(diff.changes).toEqual([
      {
        mark: 'changed',
        nodeId: null,
        text: 'Changed the journey',
        fields: [
          { field: 'name', before: 'Welcome', after: 'Hello' },
          { field: 'settings.quietHours.from', before: null, after: '21:00' },
          { field: 'settings.quietHours.to', before: null, after: '08:00' },
        ],
      },
    ]);
  });

  it('finds nothing between a version and itself', () => {
    expect(compareJourneys(v1, structuredClone(v1))).toEqual({ before: {}, after: {}, changes: [] });
  });
});
