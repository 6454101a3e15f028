import { describe, expect, it } from 'vitest';
import type { Handoff } from '../api/people.js';
import { answerText } from './answer-text.js';

const answered = (status: string, returnAt: string | null = null): Handoff => ({
  id: 'h1',
  leadId: 'ada',
  journeyId: 'j1',
  nodeId: 'sales',
  queue: 'inside',
  assignee: 'sam',
  dueAt: null,
  status,
  note: null,
  createdAt: '2026-11-23T09:00:00.000Z',
  answeredAt: '2026-11-23T10:00:00.000Z',
  answeredBy: 'Sam',
  returnAt,
  lead: { email: 'ada@example.com', name: null, company: null },
});

describe('answerText', () => {
  it('confirms each answer by the lead, and a recycle by the day it comes back', () => {
    expect(answerText(answered('accepted'))).toBe('Accepted ada@example.com');
    expect(answerText(answered('disqualified'))).toBe('Disqualified ada@example.com');
    expect(answerText(answered('recycled', new Date(2027, 1, 23, 9).toISOString()))).toBe('Recycled ada@example.com — back on Tue 23 Feb 2027');
    expect(answerText(answered('recycled'))).toBe("Recycled ada@example.com — back at the journey's next handoff");
  });
});
