import { describe, expect, it } from 'vitest';
import { timelineText } from './timeline-text.js';

describe('timelineText', () => {
  const at = '2026-03-02T09:00:00.000Z';
  it('says each kind of item in words', () => {
    expect(timelineText({ kind: 'event', at, id: 'e1', type: 'form_submitted', props: {} })).toBe('Event form_submitted');
    expect(timelineText({ kind: 'step', at, journeyId: 'j', runId: 'r', nodeId: 'hot', handle: 'yes' })).toBe('Reached step hot (left by yes)');
    expect(timelineText({ kind: 'send', at, id: 's', journeyId: 'j', nodeId: 'n', channel: 'email', template: 'welcome-1', status: 'delivered' })).toBe(
      'Email welcome-1 · delivered',
    );
    expect(timelineText({ kind: 'score', at, from: 10, to: 35, journeyId: null, nodeId: null })).toBe('Score 10 → 35');
    expect(timelineText({ kind: 'note', at, id: 'n', author: 'sales user', body: 'Booked a demo', handoffId: 'h' })).toBe('Note from sales user: Booked a demo');
  });
});
