import { describe, expect, it } from 'vitest';
import { flowDirectionOf } from './direction.js';
import { EXAMPLES } from './examples.js';
import { fromJourney } from './serialize.js';

describe('the direction a drawing flows', () => {
  it('is left to right for the editor examples', () => {
    const doc = fromJourney(EXAMPLES[0]!.journey);
    expect(flowDirectionOf(doc.nodes, doc.edges)).toBe('LR');
  });

  it('is top to bottom when more edges run down than right, however wide the branches fan', () => {
    const at = (id: string, x: number, y: number) => ({ id, type: 'wait' as const, position: { x, y }, data: {} });
    const nodes = [at('a', 0, 0), at('b', -900, 120), at('c', 900, 120), at('d', 0, 240)];
    const edges = [
      { id: 'e1', source: 'a', target: 'b' },
      { id: 'e2', source: 'a', target: 'c' },
      { id: 'e3', source: 'b', target: 'd' },
      { id: 'e4', source: 'c', target: 'd' },
    ];
    expect(flowDirectionOf(nodes, edges)).toBe('TB');
  });

  it('is left to right for an empty drawing', () => {
    expect(flowDirectionOf([], [])).toBe('LR');
  });
});
