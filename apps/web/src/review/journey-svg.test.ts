import type { Journey } from '@trellis/journey';
import { describe, expect, it } from 'vitest';
import { escapeXml, journeySvg } from './journey-svg.js';

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

  it('notes counts beside a node', () => {
    const svg = journeySvg(journey, { notes: { hot: '💬 2' } });
    expect(svg).toContain('class="note">💬 2</text>');
  });

  it('escapes the five XML characters', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;');
  });
});
