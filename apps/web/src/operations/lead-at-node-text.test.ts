import { describe, expect, it } from 'vitest';
import type { LeadAtNode } from '../api/people.js';
import { shortTime } from '../people/timeline-text.js';
import { leadAtNodeText } from './lead-at-node-text.js';

const enteredAt = '2026-03-02T09:00:00.000Z';
const wakeAt = '2026-03-04T09:00:00.000Z';
const lead = (over: Partial<LeadAtNode> = {}): LeadAtNode => ({
  leadId: 'ada',
  runId: 'r',
  version: 1,
  enteredAt,
  wakeAt,
  email: 'ada@example.com',
  score: 55,
  stage: 'mql',
  heldUntil: null,
  ...over,
});

describe('a lead at a step, as an operator reads it', () => {
  it('says who the lead is and what it waits for, in the words of the step', () => {
    const since = `since ${shortTime(enteredAt)}`;
    expect(leadAtNodeText(lead(), 'handoff')).toBe(`ada@example.com · score 55 · mql · ${since} · SLA ends ${shortTime(wakeAt)}`);
    expect(leadAtNodeText(lead(), 'wait')).toBe(`ada@example.com · score 55 · mql · ${since} · wakes ${shortTime(wakeAt)}`);
    expect(leadAtNodeText(lead(), 'send')).toBe(`ada@example.com · score 55 · mql · ${since} · sends ${shortTime(wakeAt)}`);
    expect(leadAtNodeText(lead({ wakeAt: null, email: null, stage: null, score: 0 }), 'send')).toBe(`score 0 · ${since} · held while the journey is paused`);
  });

  it('says when a recycled lead held at a handoff comes back to sales', () => {
    expect(leadAtNodeText(lead({ heldUntil: wakeAt }), 'handoff')).toBe(
      `ada@example.com · score 55 · mql · since ${shortTime(enteredAt)} · back to sales ${shortTime(wakeAt)} (recycled)`,
    );
  });
});
