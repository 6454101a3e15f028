import { describe, expect, it } from 'vitest';
import { salesAnswers } from './sales-answers.js';

const lead = (id: string) => ({
  id,
  outcome: null,
  sends: [],
  path: [
    { nodeId: 'trigger', at: '2026-03-02T09:00:00.000Z', handle: 'out' },
    { nodeId: 'handoff', at: '2026-03-02T09:00:00.000Z' },
  ],
});

describe('sales answers for a simulation', () => {
  it('answers each handoff visit some hours after the lead arrived', () => {
    const answers = salesAnswers([lead('ada')], new Set(['handoff']), { accepted: 100, recycled: 0, disqualified: 0, afterHours: 4 }, 1);
    expect(answers).toStrictEqual([{ leadId: 'ada', nodeId: 'handoff', answer: 'accepted', at: '2026-03-02T13:00:00.000Z' }]);
  });

  it('leaves the rest unanswered and splits roughly by the mix, the same way every time', () => {
    const leads = Array.from({ length: 1000 }, (_, i) => lead(`lead-${i}`));
    const mix = { accepted: 50, recycled: 20, disqualified: 10, afterHours: 1 };
    const answers = salesAnswers(leads, new Set(['handoff']), mix, 7);
    expect(salesAnswers(leads, new Set(['handoff']), mix, 7)).toStrictEqual(answers);
    const count = (answer: string) => answers.filter((a) => a.answer === answer).length;
    expect(count('accepted')).toBeGreaterThan(440);
    expect(count('accepted')).toBeLessThan(560);
    expect(count('recycled')).toBeGreaterThan(150);
    expect(count('recycled')).toBeLessThan(250);
    expect(1000 - answers.length).toBeGreaterThan(150);
  });

  it('asks recycled leads back after the chosen days, and answers their next visit once it opens', () => {
    const twice = {
      id: 'bo',
      outcome: null,
      sends: [],
      path: [
        { nodeId: 'handoff', at: '2026-03-02T09:00:00.000Z', handle: 'recycled' },
        // Back at the handoff a week later, held until the return date (30 days after the answer).
        { nodeId: 'handoff', at: '2026-03-09T10:00:00.000Z' },
      ],
    };
    const mix = { accepted: 0, recycled: 100, disqualified: 0, afterHours: 1, returnAfterDays: 30 };
    expect(salesAnswers([twice], new Set(['handoff']), mix, 1)).toStrictEqual([
      { leadId: 'bo', nodeId: 'handoff', answer: 'recycled', at: '2026-03-02T10:00:00.000Z', returnAt: '2026-04-01T10:00:00.000Z' },
      { leadId: 'bo', nodeId: 'handoff', answer: 'recycled', at: '2026-04-01T11:00:00.000Z', returnAt: '2026-05-01T11:00:00.000Z' },
    ]);
    const journeyDecides = salesAnswers([twice], new Set(['handoff']), { ...mix, returnAfterDays: null }, 1);
    expect(journeyDecides.map((a) => [a.at, a.returnAt])).toEqual([
      ['2026-03-02T10:00:00.000Z', undefined],
      ['2026-03-09T11:00:00.000Z', undefined],
    ]);
  });
});
