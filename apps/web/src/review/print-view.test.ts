import type { Journey } from '@trellis/journey';
import { describe, expect, it } from 'vitest';
import { drawJourney } from './journey-svg.js';
import { cutsAlong, PART_SCALE, printParts, printView, PRINT_AREA, smallestPrintedPoints } from './print-view.js';

/** `rows` tracks of `columns` emails from one trigger, laid out as the editor would: 300 px apart, 140 px between rows. */
function grid(rows: number, columns: number): Journey {
  const nodes: Journey['nodes'] = [{ id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { label: 'Signed up', on: { event: 'signed_up' } } }];
  const edges: Journey['edges'] = [];
  for (let row = 0; row < rows; row += 1)
    for (let column = 0; column < columns; column += 1) {
      const id = `r${row}c${column}`;
      nodes.push({ id, type: 'send', position: { x: 300 + column * 300, y: row * 140 }, data: { label: `Row ${row + 1} email ${column + 1}`, channel: 'email', template: 't' } });
      edges.push({ id: `e-${id}`, source: column === 0 ? 'start' : `r${row}c${column - 1}`, target: id });
    }
  return { schemaVersion: 1, name: 'Grid', settings: {}, nodes, edges };
}

const sheetsOf = (html: string) => html.match(/<section class="sheet /g)?.length ?? 0;

describe('cutsAlong', () => {
  it('cuts between steps when a gap lies in the page’s second half', () => {
    // Steps at 0–240, 300–540, 600–840, 900–1140; pages hold 700.
    const spans: Array<[number, number]> = [0, 300, 600, 900].map((x) => [x, x + 240]);
    expect(cutsAlong(-40, 1180, 700, spans)).toEqual([
      [-40, 552],
      [552, 1180],
    ]);
  });

  it('cuts through a step only when there is no gap, and draws that step whole on the next page', () => {
    expect(cutsAlong(0, 1000, 400, [[100, 900]])).toEqual([
      [0, 400],
      [200, 600],
      [400, 800],
      [600, 1000],
    ]);
    expect(cutsAlong(0, 1000, 400, [[350, 500]])).toEqual([
      [0, 400],
      [338, 738],
      [738, 1000],
    ]);
  });
});

describe('printView', () => {
  it('prints a journey that fits one sheet on one sheet', () => {
    const html = printView('Small', drawJourney(grid(2, 2)));
    expect(sheetsOf(html)).toBe(1);
    expect(html).toContain('@page{size:landscape;margin:10mm}');
    expect(html.match(/<g class="node"/g)).toHaveLength(5);
  });

  it('prints a 100-step journey at full size across pages, after an overview, every step whole on one of them', () => {
    const drawing = drawJourney(grid(10, 10), { title: 'Grid' });
    const parts = printParts(drawing);
    expect(parts.length).toBeGreaterThan(4);
    for (const box of drawing.boxes) {
      const whole = parts.some((p) => p.x <= box.x && box.x + box.width <= p.x + p.width && p.y <= box.y && box.y + box.height <= p.y + p.height);
      expect(whole, `${box.id} whole on some page`).toBe(true);
    }
    for (const part of parts) {
      expect(part.width * PART_SCALE).toBeLessThanOrEqual(PRINT_AREA.width);
      expect(part.height * PART_SCALE).toBeLessThanOrEqual(PRINT_AREA.height);
    }
    expect(parts.map((p) => p.name).slice(0, 2)).toEqual(['A1', 'A2']);

    const html = printView('Grid', drawing);
    expect(sheetsOf(html)).toBe(parts.length + 1);
    expect(html).toContain(`Overview · ${parts.length} pages follow at full size`);
    expect(html).toContain('page-break-after:always');
    // Each page's drawing is as many CSS pixels wide as drawing units: the canvas's own size.
    const a1 = parts[0]!;
    expect(html).toContain(`<section class="sheet sheet--part" data-part="A1"><header class="sheet__head"><strong>Grid · A1</strong><span>→ A2`);
    expect(html).toContain(`width="${a1.width}" height="${a1.height}" viewBox="${a1.x} ${a1.y} ${a1.width} ${a1.height}"`);
    expect(smallestPrintedPoints()).toBeGreaterThanOrEqual(8);
  });
});
