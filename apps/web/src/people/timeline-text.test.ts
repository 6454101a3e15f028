import { describe, expect, it } from 'vitest';
import { engagementBySend, timelineText } from './timeline-text.js';

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
    const returnAt = '2026-06-01T08:00:00.000Z';
    expect(timelineText({ kind: 'answer', at, handoffId: 'h', journeyId: 'j', nodeId: 'sales', answer: 'recycled', by: 'ana', returnAt })).toBe(
      `Sales recycled the handoff at sales (ana) · back to sales no earlier than ${new Date(returnAt).toLocaleString()}`,
    );
    expect(timelineText({ kind: 'answer', at, handoffId: 'h', journeyId: 'j', nodeId: 'sales', answer: 'accepted', by: null, returnAt: null })).toBe(
      'Sales accepted the handoff at sales',
    );
  });

  it('shows opens and clicks against the email they belong to, leaving mail scanners out', () => {
    const items = [
      { kind: 'send', at, id: 'run.3', journeyId: 'j', nodeId: 'n', channel: 'email', template: 'welcome-1', status: 'sent' },
      { kind: 'event', at, id: 'o1', type: 'email_opened', props: { sendId: 'run.3', machine: true } },
      { kind: 'event', at, id: 'o2', type: 'email_opened', props: { sendId: 'run.3' } },
      { kind: 'event', at, id: 'c1', type: 'email_clicked', props: { sendId: 'run.3', url: 'https://acme.test/pricing' } },
    ] as const;
    const sends = engagementBySend(items);
    expect(sends.get('run.3')).toEqual({ template: 'welcome-1', opens: 1, clicks: 1 });
    expect(items.map((item) => timelineText(item, sends))).toEqual([
      'Email welcome-1 · sent · 1 open, 1 click',
      'Opened email welcome-1 (a mail scanner, not counted)',
      'Opened email welcome-1',
      'Clicked https://acme.test/pricing in email welcome-1',
    ]);
  });
});
