import type { Journey } from '@trellis/journey';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../model/examples.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateLeads, parseProps, scoreRaisingEvents, suggestedEvents } from './generate-leads.js';

const demo = EXAMPLES[0]!.journey;
const mix = { count: 4, start: '2026-03-02T09:00:00.000Z', seed: 7, spreadHours: 2, extraEvents: [] };

describe('test leads for a simulation', () => {
  it('gives every lead an entry event that passes the trigger, spread over the entry window', () => {
    const { leads, events } = generateLeads(demo, mix);
    expect(leads.map((l) => l.id)).toStrictEqual(['lead-1', 'lead-2', 'lead-3', 'lead-4']);
    expect(events).toStrictEqual([
      { leadId: 'lead-1', type: 'form_submitted', at: '2026-03-02T09:00:00.000Z', props: { form: 'demo' } },
      { leadId: 'lead-2', type: 'form_submitted', at: '2026-03-02T09:30:00.000Z', props: { form: 'demo' } },
      { leadId: 'lead-3', type: 'form_submitted', at: '2026-03-02T10:00:00.000Z', props: { form: 'demo' } },
      { leadId: 'lead-4', type: 'form_submitted', at: '2026-03-02T10:30:00.000Z', props: { form: 'demo' } },
    ]);
  });

  it('is repeatable for a seed and varies scores, zones and consents', () => {
    const first = generateLeads(demo, { ...mix, count: 200 });
    expect(generateLeads(demo, { ...mix, count: 200 })).toStrictEqual(first);
    const scores = first.leads.map((l) => l.score!);
    expect(Math.min(...scores)).toBeLessThan(30);
    expect(Math.max(...scores)).toBeGreaterThanOrEqual(70);
    expect(new Set(first.leads.map((l) => l.timezone)).size).toBeGreaterThan(3);
    expect(new Set(first.leads.map((l) => l.consent!.email))).toStrictEqual(new Set(['opted_in', 'opted_out', 'unknown']));
  });

  it('adds later events to the given share of leads, in time order', () => {
    const { events } = generateLeads(demo, { ...mix, count: 100, extraEvents: [{ type: 'email_clicked', afterHours: 5, percent: 100, props: 'url=/pricing' }] });
    const clicks = events.filter((e) => e.type === 'email_clicked');
    expect(clicks).toHaveLength(100);
    expect(clicks[0]).toStrictEqual({ leadId: 'lead-001', type: 'email_clicked', at: '2026-03-02T14:00:00.000Z', props: { url: '/pricing' } });
    expect(events.map((e) => e.at)).toStrictEqual([...events.map((e) => e.at)].sort());
  });

  it('reads event props typed as key=value pairs', () => {
    expect(parseProps('url=/pricing?a=b, n=3, empty=')).toStrictEqual({ url: '/pricing?a=b', n: 3, empty: '' });
  });
});

describe('later events suggested from the journey', () => {
  it('answers event waits before their timeout and repeats engagements as often as a condition counts', () => {
    const journey: Journey = {
      schemaVersion: 1,
      name: 'x',
      settings: {},
      nodes: [
        { id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: { on: { event: 'form_submitted' } } },
        { id: 'w', type: 'wait', position: { x: 0, y: 0 }, data: { until: { event: 'email_clicked', timeout: 'P3D' } } },
        {
          id: 'b',
          type: 'branch',
          position: { x: 0, y: 0 },
          data: { cases: [{ handle: 'pricing', when: { event: 'page_visited', where: { url: { op: 'contains', value: '/pricing' } }, within: 'P14D', count: { op: 'gte', value: 2 } } }] },
        },
      ],
      edges: [],
    };
    expect(suggestedEvents(journey)).toStrictEqual([
      { type: 'email_clicked', afterHours: 24, percent: 50, props: '' },
      { type: 'page_visited', afterHours: 2, percent: 40, props: 'url=/pricing', times: 2 },
    ]);
    const { events } = generateLeads(journey, { ...mix, count: 1, extraEvents: [{ type: 'page_visited', afterHours: 2, percent: 100, props: 'url=/pricing', times: 2 }] });
    expect(events.filter((e) => e.type === 'page_visited').map((e) => e.at)).toStrictEqual(['2026-03-02T11:00:00.000Z', '2026-03-02T12:00:00.000Z']);
  });
});

describe('events that move the score, for a trigger on it', () => {
  const example = (name: string) => JSON.parse(readFileSync(join(process.cwd(), `../../examples/${name}`), 'utf8'));
  const model = example('scoring/model.json');

  it("adds the model's point-giving events (props passing their where, repeated up to their cap) when the trigger reads the score", () => {
    const raising = scoreRaisingEvents(example('nurture-accelerator.json'), model);
    expect(raising.map((e) => [e.type, e.props, e.times])).toEqual([
      ['page_visited', 'url=/pricing', 2],
      ['form_submitted', 'form=demo-request', 1],
      ['webinar_attended', '', 1],
      ['content_downloaded', '', 3],
      ['email_clicked', '', 3],
    ]);
    expect(scoreRaisingEvents(example('speed-to-lead.json'), model).length).toBe(5);
  });

  it('adds nothing for a trigger on an event, or without a model', () => {
    expect(scoreRaisingEvents(example('incoming-lead-processing.json'), model)).toEqual([]);
    expect(scoreRaisingEvents(example('nurture-accelerator.json'), undefined)).toEqual([]);
  });
});
