import { describe, expect, it } from 'vitest';
import { exitDataAfter, outcomeWords, withOutcomeLabel } from './exit-outcome.js';

describe("an exit's label and its outcome", () => {
  it('words outcomes as a card label', () => {
    expect(['converted', 'sla_expired', 'nurtured', 'closed-lost'].map(outcomeWords)).toEqual(['Converted', 'SLA expired', 'Nurtured', 'Closed lost']);
  });

  it('moves the label along when it named the old outcome, or was empty', () => {
    expect(withOutcomeLabel({ label: 'Converted', outcome: 'converted' }, { label: 'Converted', outcome: 'disqualified' })).toEqual({
      label: 'Disqualified',
      outcome: 'disqualified',
    });
    expect(withOutcomeLabel({ outcome: 'converted' }, { outcome: 'completed' })).toEqual({ label: 'Completed', outcome: 'completed' });
  });

  it("keeps a label the marketer wrote, and a change of label alone", () => {
    expect(withOutcomeLabel({ label: 'Booked a demo', outcome: 'converted' }, { label: 'Booked a demo', outcome: 'completed' })).toEqual({
      label: 'Booked a demo',
      outcome: 'completed',
    });
    expect(withOutcomeLabel({ label: 'Converted', outcome: 'converted' }, { label: 'Won', outcome: 'converted' })).toEqual({ label: 'Won', outcome: 'converted' });
  });

  it("starts an exit drawn on a handoff's lost answers with that outcome", () => {
    expect(exitDataAfter('disqualified')).toEqual({ label: 'Disqualified', outcome: 'disqualified' });
    expect(exitDataAfter('sla_expired')).toEqual({ label: 'SLA expired', outcome: 'sla_expired' });
    expect(exitDataAfter('accepted')).toBeNull();
    expect(exitDataAfter(null)).toBeNull();
  });
});
