import type { ReactFlowState } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { mapPlace } from './OverviewMap.js';

/** A canvas of `width` × `height` px at zoom 1, no pan, with 200 × 80 px steps at these points. */
function canvas(width: number, height: number, steps: Array<[number, number]>): ReactFlowState {
  const nodeLookup = new Map(
    steps.map(([x, y], i) => [String(i), { internals: { positionAbsolute: { x, y } }, measured: { width: 200, height: 80 } }]),
  );
  return { width, height, transform: [0, 0, 1], nodeLookup } as unknown as ReactFlowState;
}

describe('where the minimap sits over the canvas', () => {
  it('is hidden while every step is in view', () => {
    expect(mapPlace(canvas(1000, 600, [[100, 100], [400, 300]]))).toBe('none');
  });

  it('takes the bottom-right corner when no step lies under it', () => {
    expect(mapPlace(canvas(1000, 600, [[100, 100], [400, 700]]))).toBe('bottom-right');
  });

  it('moves to a free top corner when a step lies under the bottom-right one, and folds when no corner is free', () => {
    const underBottomRight: [number, number] = [800, 480];
    expect(mapPlace(canvas(1000, 600, [underBottomRight, [400, 700]]))).toBe('top-right');
    expect(mapPlace(canvas(1000, 600, [underBottomRight, [800, 50], [400, 700]]))).toBe('top-left');
    expect(mapPlace(canvas(1000, 600, [underBottomRight, [800, 50], [10, 50], [400, 700]]))).toBe('folded');
  });

  it('folds on a canvas too small to spare a corner', () => {
    expect(mapPlace(canvas(400, 600, [[100, 700]]))).toBe('folded');
  });
});
