import type { JourneyNode } from '@trellis/journey';
import { describe, expect, it } from 'vitest';
import { settingSentences, valueWords } from './setting-sentences.js';

const at = { x: 0, y: 0 };
const node = (type: string, data: unknown) => ({ id: 'n', type, position: at, data }) as JourneyNode;

describe("a step's settings as sentences", () => {
  it('reads a branch as if / else if / otherwise, never JSON', () => {
    const branch = node('branch', {
      cases: [
        { handle: 'hot', when: { attr: 'score', op: 'gte', value: 50 } },
        { handle: 'big', when: { attr: 'company.size', op: 'gte', value: 200 } },
      ],
    });
    expect(settingSentences(branch)).toEqual(['If Score ≥ 50, the lead takes hot.', 'Else if company.size ≥ 200, the lead takes big.', 'Otherwise the lead takes else.']);
  });

  it('reads triggers, waits, splits, sends, updates, handoffs and exits', () => {
    expect(settingSentences(node('trigger', { on: { event: 'form_submitted', where: { form: { op: 'eq', value: 'demo' } } } }))).toEqual([
      'Leads enter when form_submitted happens with form = demo.',
    ]);
    expect(settingSentences(node('wait', { until: { event: 'email_clicked', timeout: 'P4D' } }))).toEqual([
      'Waits for email_clicked, at most 4 days.',
      'If it comes, the lead takes the event path; if not, the timeout path.',
    ]);
    expect(settingSentences(node('wait', { until: { time: '09:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] } }))).toEqual([
      "Waits until 09:00 on the lead's clock, Mon–Fri.",
    ]);
    expect(settingSentences(node('split', { variants: [{ handle: 'A', weight: 1 }, { handle: 'B', weight: 3 }] }))).toEqual(['25% of leads take A.', '75% of leads take B.']);
    expect(settingSentences(node('send', { channel: 'email', template: 'welcome-1', sender: 'owner' }))).toEqual([
      "Sends email with template welcome-1 from the lead's owner.",
    ]);
    expect(settingSentences(node('update', { score: { add: -5 }, set: { stage: 'mql', 'attributes.tier': 'gold' } }))).toEqual([
      'Takes 5 off the score.',
      'Sets stage to mql.',
      'Sets tier to gold.',
    ]);
    expect(settingSentences(node('handoff', { queue: 'inside-sales', assign: 'round_robin', sla: 'PT48H' }))).toEqual([
      'Hands the lead to the inside-sales queue (round robin).',
      'Sales answer within 48 hours: accepted, recycled or disqualified; after that the SLA expired path.',
    ]);
    expect(settingSentences(node('exit', { outcome: 'converted' }))).toEqual(['The journey ends with outcome converted.']);
  });

  it('words nested values as fields', () => {
    expect(valueWords({ size: 200, tags: ['a', 'b'] })).toBe('size 200, tags a, b');
  });
});
