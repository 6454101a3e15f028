import { NODE_TYPES, type JourneyNode, validateJourney } from '@trellis/journey';
import { describe, expect, it } from 'vitest';
import { defaultDataFor } from './defaults.js';
import { describeDuration } from './duration.js';
import { handleLabel, summarize } from './summary.js';

function node(type: JourneyNode['type'], data: unknown): JourneyNode {
  return { id: 'n', type, position: { x: 0, y: 0 }, data } as JourneyNode;
}

describe('node summaries', () => {
  it('says what each node does in one line', () => {
    expect(summarize(node('wait', { for: 'P3D' }))).toBe('Wait 3 days');
    expect(summarize(node('wait', { until: { time: '09:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] } }))).toBe('Until 09:00, Mon–Fri');
    expect(summarize(node('wait', { until: { event: 'email_clicked', timeout: 'PT48H' } }))).toBe('Until email_clicked, at most 48 hours');
    expect(summarize(node('send', { channel: 'email', template: 'welcome-1' }))).toBe('Email · welcome-1');
    expect(summarize(node('send', { channel: 'sms', template: 'nudge', sender: 'owner' }))).toBe('SMS · nudge · from owner');
    expect(summarize(node('send', { channel: 'email', template: '' }))).toBe('Email · no template');
    expect(summarize(node('branch', { cases: [{ handle: 'hot', when: { attr: 'score', op: 'gte', value: 50 } }] }))).toBe('Score ≥ 50 → hot');
    expect(
      summarize(
        node('branch', {
          cases: [
            { handle: 'clicked', when: { event: 'email_clicked', within: 'P14D', where: { url: { op: 'contains', value: '/pricing' } } } },
            { handle: 'retail', when: { attr: 'industry', op: 'in', value: ['retail', 'ecommerce'] } },
          ],
        }),
      ),
    ).toBe('email_clicked (url contains /pricing) ≥ 1× in 14 days → clicked (+1 more)');
    expect(summarize(node('split', { variants: [{ handle: 'A', weight: 1 }, { handle: 'B', weight: 3 }] }))).toBe('A 25% · B 75%');
    expect(summarize(node('update', { score: { add: -5 }, set: { stage: 'mql', 'attributes.tier': 'gold' } }))).toBe('Score −5 · stage = mql · tier = gold');
    expect(summarize(node('handoff', { queue: 'inside-sales', assign: 'round_robin', sla: 'PT48H' }))).toBe('inside-sales · round robin · SLA 48 hours');
    expect(summarize(node('exit', { outcome: 'converted' }))).toBe('Outcome: converted');
    expect(summarize(node('trigger', { on: { condition: { all: [{ attr: 'score', op: 'gte', value: 50 }, { not: { attr: 'stage', op: 'eq', value: 'customer' } }] } } }))).toBe(
      'When Score ≥ 50 and not stage = customer',
    );
  });

  it('labels split handles with their share and the SLA handle in words', () => {
    const split = node('split', { variants: [{ handle: 'A', weight: 2 }, { handle: 'B', weight: 1 }, { handle: 'C', weight: 1 }] });
    expect(handleLabel(split, 'A')).toBe('A · 50%');
    expect(handleLabel(split, 'C')).toBe('C · 25%');
    expect(handleLabel(node('handoff', {}), 'sla_expired')).toBe('SLA expired');
  });

  it('reads durations in words', () => {
    expect(describeDuration('PT1H30M')).toBe('1 hour 30 minutes');
    expect(describeDuration('P1M')).toBe('1 month');
    expect(describeDuration('P2W')).toBe('2 weeks');
    expect(describeDuration('soon')).toBe('soon');
  });

  it('gives every node type default data that passes the schema, but a send and a cadence, which start with no template chosen', () => {
    for (const type of NODE_TYPES) {
      const journey = {
        schemaVersion: 1,
        name: 'defaults',
        settings: {},
        nodes: [
          { id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: defaultDataFor('trigger') },
          ...(type === 'trigger' ? [] : [{ id: 'n', type, position: { x: 0, y: 0 }, data: defaultDataFor(type) }]),
        ],
        edges: [],
      };
      const codes = validateJourney(journey)
        .filter((p) => p.code === 'schema')
        .map((p) => [p.path, p.message]);
      const unchosen: Partial<Record<string, [(string | number)[], string][]>> = {
        send: [[['nodes', 1, 'data', 'template'], 'Send "Send email": template is not chosen; pick a stored template of this channel, or create one']],
        cadence: [[['nodes', 1, 'data', 'touches', 0, 'template'], 'Cadence "Cadence": touches[0].template is not chosen; pick a stored template of this channel, or create one']],
      };
      const expected = unchosen[type] ?? [];
      expect({ type, codes }).toStrictEqual({ type, codes: expected });
    }
  });
});
