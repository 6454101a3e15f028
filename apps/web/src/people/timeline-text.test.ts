import { describe, expect, it } from 'vitest';
import type { LeadJourney, TimelineItem } from '../api/people.js';
import { engagementBySend, leadJourneyText, shortTime, stepName, timelineText } from './timeline-text.js';

describe('timelineText', () => {
  const at = '2026-03-02T09:00:00.000Z';
  it('says a live edit moved the lead, from which version and step to which', () => {
    const moved = {
      kind: 'event',
      at: '2026-03-04T09:00:00.000Z',
      id: 'journey_moved.r1.3',
      type: 'journey_moved',
      props: { journeyId: 'j', fromVersion: 2, fromNode: 'w', fromTitle: 'Wait 3 days', toVersion: 3, toNode: 'w', toTitle: 'Wait 1 day' },
    } as TimelineItem;
    expect(timelineText(moved)).toBe('Moved from v2 · Wait 3 days to v3 · Wait 1 day');
  });

  it('says each kind of item in words', () => {
    expect(timelineText({ kind: 'event', at, id: 'e1', type: 'form_submitted', props: {} })).toBe('Event form_submitted');
    expect(timelineText({ kind: 'step', at, journeyId: 'j', runId: 'r', nodeId: 'hot', handle: 'yes' })).toBe('Reached step hot (left by yes)');
    expect(timelineText({ kind: 'step', at, journeyId: 'j', runId: 'r', nodeId: 'go', handle: 'out' })).toBe('Reached step go');
    expect(timelineText({ kind: 'send', at, id: 's', journeyId: 'j', nodeId: 'n', channel: 'email', template: 'welcome-1', status: 'delivered' })).toBe(
      'Email welcome-1 · delivered',
    );
    expect(
      timelineText({ kind: 'send', at, id: 's', journeyId: 'j', nodeId: 'n', channel: 'email', template: 'welcome-1', status: 'failed', reason: 'no email template "welcome-1"' }),
    ).toBe('Email welcome-1 · failed: no email template "welcome-1"');
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

  it("names steps, templates and journeys as people know them, from the names the server sends", () => {
    const names = { journeyName: 'Speed to lead', nodeLabel: 'Ask permission', nodeType: 'split' };
    expect(timelineText({ kind: 'step', at, journeyId: 'j', runId: 'r', nodeId: 'ask-permission-story', handle: 'B', ...names })).toBe(
      'Reached step Ask permission (left by B)',
    );
    const send = { kind: 'send', at, id: 's', journeyId: 'j', nodeId: 'n', channel: 'email', template: 'welcome-1', templateName: 'Welcome', status: 'sent' } as const;
    expect(timelineText(send)).toBe('Email Welcome · sent');
    expect(timelineText({ ...send, templateName: null })).toBe('Email welcome-1 · sent');
    expect(timelineText({ kind: 'score', at, from: 0, to: 10, journeyId: 'j', nodeId: 'boost', ...names, nodeLabel: 'Warm up', nodeType: 'update' })).toBe(
      'Score 0 → 10 at Warm up',
    );
    expect(
      timelineText({ kind: 'answer', at, handoffId: 'h', journeyId: 'j', nodeId: 'sales', answer: 'recycled', by: null, returnAt: null, ...names, nodeLabel: 'Call them' }),
    ).toBe('Sales recycled the handoff at Call them');
  });

  it("falls back from a step's label to its type's title on the canvas, then to its id", () => {
    expect(stepName({ nodeId: 'sales', nodeLabel: 'Hand to sales', nodeType: 'handoff' })).toBe('Hand to sales');
    expect(stepName({ nodeId: 'sales', nodeLabel: null, nodeType: 'handoff' })).toBe('Sales handoff');
    expect(stepName({ nodeId: 'sales', nodeLabel: '', nodeType: 'handoff' })).toBe('Sales handoff');
    expect(stepName({ nodeId: 'sales', nodeLabel: null, nodeType: null })).toBe('sales');
    expect(stepName({ nodeId: 'sales', nodeType: 'toString' })).toBe('sales');
  });

  it('says where the lead is, or ended, in each journey', () => {
    const entered = '2026-03-02T09:00:00.000Z';
    const ended = '2026-03-03T10:30:00.000Z';
    const run: LeadJourney = {
      journeyId: '72582146-84f7-4ebb-95cd-01f78da3b575',
      version: 1,
      nodeId: 'call',
      status: 'active',
      enteredAt: entered,
      endedAt: null,
      journeyName: 'Speed to lead',
      nodeLabel: 'Call them',
      nodeType: 'send',
    };
    expect(leadJourneyText(run)).toBe(`In Speed to lead at Call them (since ${shortTime(entered)})`);
    expect(leadJourneyText({ ...run, status: 'done', outcome: 'converted', endedAt: ended, nodeId: 'won', nodeLabel: null, nodeType: 'exit' })).toBe(
      `Left Speed to lead at Exit (converted, ${shortTime(ended)})`,
    );
    expect(leadJourneyText({ ...run, journeyName: null, nodeLabel: null, nodeType: null })).toBe(
      `In 72582146-84f7-4ebb-95cd-01f78da3b575 at call (since ${shortTime(entered)})`,
    );
  });

  it('says why the engine stopped a lead, on its journey and on the last step of that run', () => {
    const reason = 'stopped after 1,000 steps at one instant: the path Wait → Update → Wait loops without pausing';
    const ended = '2026-03-02T09:00:00.000Z';
    const run = {
      journeyId: 'j',
      version: 1,
      nodeId: 'w',
      status: 'done',
      outcome: 'error',
      reason,
      enteredAt: ended,
      endedAt: ended,
      journeyName: 'Spinner',
      nodeLabel: 'No time',
      nodeType: 'wait',
    } as const;
    expect(leadJourneyText(run)).toBe(`Left Spinner at No time (error, ${shortTime(ended)}): ${reason}`);
    expect(timelineText({ kind: 'step', at: ended, journeyId: 'j', runId: 'r', nodeId: 'w', handle: 'out', nodeLabel: 'No time', reason })).toBe(
      `Reached step No time · ${reason}`,
    );
  });

  it('writes a time short enough for one line, to the second', () => {
    const text = shortTime('2026-11-23T06:52:02.000Z');
    expect(text).toMatch(/52:02/);
    expect(text.length).toBeLessThanOrEqual(new Date('2026-11-23T06:52:02.000Z').toLocaleString().length);
    expect(text).not.toMatch(/2026/);
  });

  it('shows opens and clicks against the email they belong to, leaving mail scanners out', () => {
    const items = [
      { kind: 'send', at, id: 'run.3', journeyId: 'j', nodeId: 'n', channel: 'email', template: 'welcome-1', templateName: null, status: 'sent' },
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
