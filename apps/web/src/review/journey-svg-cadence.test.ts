import type { Journey } from '@trellis/journey';
import { describe, expect, it } from 'vitest';
import { RESPONSE_CADENCE } from '../model/cadence.js';
import { drawJourney } from './journey-svg.js';
import { printParts } from './print-view.js';

/** The exported drawing lists every touch of a cadence in words, not only the card's one line. */

const journey: Journey = {
  schemaVersion: 1,
  name: 'Speed to lead',
  settings: {},
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: { event: 'form_submitted' } } },
    { id: 'chase', type: 'cadence', position: { x: 320, y: 0 }, data: { label: 'Response cadence', touches: [...RESPONSE_CADENCE], stopOn: { event: 'call_connected' } } },
    { id: 'done', type: 'exit', position: { x: 640, y: 0 }, data: { outcome: 'completed' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'chase' },
    { id: 'e2', source: 'chase', target: 'done', sourceHandle: 'done' },
  ],
};

describe('a cadence in the exported drawing', () => {
  it('lists its touches under the drawing, one line each, inside the frame and kept whole by the print pages', () => {
    const drawing = drawJourney(journey);
    expect(drawing.svg).toContain('>Response cadence: its 26 touches</text>');
    expect(drawing.svg).toContain('>1. Day 0, 0:00 · Call task · speed-call-1 · due in 5 minutes</text>');
    expect(drawing.svg).toContain('>26. Day 14, 0:00 · Email · stl-breakup</text>');
    const table = drawing.boxes.find((b) => b.id === 'touches:chase')!;
    const card = drawing.boxes.find((b) => b.id === 'chase')!;
    expect(table.y).toBeGreaterThan(card.y + card.height);
    expect(table.y + table.height).toBeLessThanOrEqual(drawing.frame.y + drawing.frame.height);
    // 26 lines of 17 px, a title and padding.
    expect(table.height).toBe(16 + 17 + 26 * 17 + 8);
    expect(printParts(drawing).length).toBeGreaterThan(0);
  });

  it('draws no table for a journey without a cadence', () => {
    const plain = { ...journey, nodes: journey.nodes.filter((n) => n.type !== 'cadence'), edges: [] };
    expect(drawJourney(plain).svg).not.toContain('touch-table');
  });
});
