import type { Journey } from '@trellis/journey';
import { describe, expect, it } from 'vitest';
import { drawJourney, escapeXml, journeySvg, roundedPath, stepPoints, textWidth, wrapText } from './journey-svg.js';

const journey: Journey = {
  schemaVersion: 1,
  name: 'Demo <follow-up>',
  settings: {},
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { label: 'Demo request', on: { event: 'demo_requested' } } },
    { id: 'hot', type: 'branch', position: { x: 320, y: 0 }, data: { label: 'Hot?', cases: [{ handle: 'hot', when: { attr: 'score', op: 'gte', value: 50 } }] } },
    { id: 'done', type: 'exit', position: { x: 640, y: 0 }, data: { outcome: 'converted' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'hot' },
    { id: 'e2', source: 'hot', target: 'done', sourceHandle: 'hot' },
  ],
};

function journeySvgHeightOf(id: string): number {
  return drawJourney(journey).boxes.find((b) => b.id === id)!.height;
}

describe('journeySvg', () => {
  it('draws every node with its type, label and summary, and every edge, sized to fit them all', () => {
    const svg = journeySvg(journey, { title: journey.name });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="960"')).toBe(true);
    expect(svg.match(/<g class="node"/g)).toHaveLength(3);
    expect(svg.match(/<path class="edge"/g)).toHaveLength(2);
    expect(svg).toContain('>Demo request</text>');
    expect(svg).toContain('>On demo_requested</text>');
    expect(svg).toContain('>Outcome: converted</text>');
    // A branch's paths are labelled on the node.
    expect(svg).toContain('class="port">hot</text>');
    expect(svg).toContain('class="port">else</text>');
    expect(svg).toContain('>Demo &lt;follow-up&gt;</text>');
  });

  it('draws a step of a type it does not know as a grey box named by its type and label, its edges attached', () => {
    const draft = {
      ...journey,
      nodes: [
        journey.nodes[0]!,
        { id: 'beam', type: 'teleport', position: { x: 320, y: 0 }, data: { label: 'Beam them up' } },
        { id: 'odd', type: 'constructor', position: { x: 640, y: 0 } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'beam' },
        { id: 'e2', source: 'beam', target: 'odd', sourceHandle: 'warp' },
      ],
    } as unknown as Journey;
    const svg = journeySvg(draft);
    expect(svg.match(/<g class="node"/g)).toHaveLength(3);
    expect(svg.match(/<path class="edge"/g)).toHaveLength(2);
    expect(svg).toContain('<text x="10" y="20" class="type" fill="#94a3b8">? teleport</text>');
    expect(svg).toContain('>Beam them up</text>');
    expect(svg).toContain('<text x="10" y="20" class="type" fill="#94a3b8">? constructor</text>');
    expect(svg.match(/>Unknown step type<\/text>/g)).toHaveLength(2);
  });

  it('notes counts beside a node', () => {
    const svg = journeySvg(journey, { notes: { hot: '💬 2' } });
    expect(svg).toContain('class="note">💬 2</text>');
  });

  it('wraps a long label onto more lines in a taller node, losing no word', () => {
    const label = 'Send step number 1 with a friendly reminder about the demo they booked last Tuesday';
    const long = { ...journey, nodes: journey.nodes.map((n) => (n.id === 'hot' ? { ...n, data: { ...n.data, label } } : n)) } as Journey;
    const drawing = drawJourney(long);
    const group = /<g class="node" data-node="hot"[^]*?<\/g>/.exec(drawing.svg)![0];
    const lines = [...group.matchAll(/class="label">([^<]*)<\/text>/g)].map((m) => m[1]!);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.join(' ')).toBe(label);
    expect(drawing.svg).not.toContain('…');
    const short = drawing.boxes.find((b) => b.id === 'start')!;
    const tall = drawing.boxes.find((b) => b.id === 'hot')!;
    // 'Hot?' took one line; each line more makes the node one line taller.
    expect(tall.height).toBe(journeySvgHeightOf('hot') + (lines.length - 1) * 17);
    expect(short.height).toBe(74);
  });

  it('breaks a word longer than a line inside it, and every line fits the width', () => {
    const measure = (t: string) => textWidth(t, 13, true);
    const lines = wrapText('Supercalifragilisticexpialidocious-and-then-some-more-words-without-spaces ok', 120, measure);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.join(' ').replace(/ /g, '')).toBe('Supercalifragilisticexpialidocious-and-then-some-more-words-without-spacesok');
    for (const line of lines) expect(measure(line)).toBeLessThanOrEqual(120);
    expect(wrapText('', 100, measure)).toEqual(['']);
  });

  it('draws edges at right angles like the canvas: across halfway, and round both nodes when going back', () => {
    const from = { x: 0, y: 0, width: 240, height: 80 };
    const far = { x: 900, y: 400, width: 240, height: 80 };
    const forward = stepPoints({ x: 240, y: 40 }, { x: 900, y: 440 }, from, far, 'LR');
    expect(forward).toEqual([{ x: 240, y: 40 }, { x: 570, y: 40 }, { x: 570, y: 440 }, { x: 900, y: 440 }]);
    const behind = { x: -600, y: 0, width: 240, height: 80 };
    const back = stepPoints({ x: 240, y: 40 }, { x: -600, y: 40 }, from, behind, 'LR');
    // Same row: it runs below both nodes rather than through them.
    expect(back.map((p) => p.y)).toEqual([40, 40, 100, 100, 40, 40]);
    const down = stepPoints({ x: 120, y: 80 }, { x: 520, y: 300 }, from, { x: 400, y: 300, width: 240, height: 80 }, 'TB');
    expect(down).toEqual([{ x: 120, y: 80 }, { x: 120, y: 190 }, { x: 520, y: 190 }, { x: 520, y: 300 }]);
    for (const points of [forward, back, down])
      for (let i = 1; i < points.length; i += 1) expect(points[i]!.x === points[i - 1]!.x || points[i]!.y === points[i - 1]!.y).toBe(true);
    expect(roundedPath(forward, 6)).toBe('M240,40 L564,40 Q570,40 570,46 L570,434 Q570,440 576,440 L900,440');
    // A straight run has no corners.
    expect(roundedPath([{ x: 0, y: 0 }, { x: 50, y: 0 }, { x: 100, y: 0 }])).toBe('M0,0 L100,0');
    expect(journeySvg(journey)).not.toMatch(/ C/);
  });

  it('escapes the five XML characters', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;');
  });
});
