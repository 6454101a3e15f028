import type { JourneyNode, JourneySettings } from '@trellis/journey';
import { describe, expect, it } from 'vitest';
import type { LeadAtNode } from '../api/people.js';
import { whyHereText } from './why-here-text.js';

const at = { x: 0, y: 0 };
const lead = (over: Partial<LeadAtNode> = {}): LeadAtNode => ({
  leadId: 'lead-1',
  runId: 'r',
  version: 1,
  enteredAt: '2026-03-02T20:30:00.000Z',
  wakeAt: '2026-03-03T13:00:00.000Z',
  email: null,
  score: 10,
  stage: null,
  heldUntil: null,
  reason: null,
  ...over,
});
const settings: JourneySettings = { quietHours: { from: '20:00', to: '08:00' }, sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' } };
const send: JourneyNode = { id: 's', type: 'send', position: at, data: { channel: 'email', template: 't' } };

describe('why a lead is at its step, in words', () => {
  it('says where a lead stands in a cadence and what comes next, when', () => {
    const cadence: JourneyNode = {
      id: 'c',
      type: 'cadence',
      position: at,
      data: {
        touches: [
          { at: 'PT0M', channel: 'call_task', template: 'call-1', due: 'PT5M' },
          { at: 'PT1H', channel: 'email', template: 'sorry' },
          { at: 'P1D', channel: 'call_task', template: 'call-2' },
        ],
        stopOn: { event: 'call_connected' },
      },
    };
    const text = whyHereText(lead({ touch: 2, reason: { kind: 'other', zone: 'America/New_York' } }), cadence, settings, 'UTC');
    expect(text).toBe('after touch 2 of 3, next: call task at Tue 3 Mar, 13:00 (08:00 its time)');
  });

  it("says a send is held by quiet hours until when, on the lead's clock too", () => {
    const text = whyHereText(lead({ reason: { kind: 'quiet_hours', zone: 'America/New_York' } }), send, settings, 'UTC');
    expect(text).toBe('held by quiet hours (20:00–08:00) until Tue 3 Mar, 13:00 (08:00 its time)');
  });

  it('says a send is held outside the send window', () => {
    expect(whyHereText(lead({ reason: { kind: 'send_window', zone: 'UTC' } }), send, settings, 'UTC')).toBe(
      'held outside the send window (Mon–Fri 09:00–17:00) until Tue 3 Mar, 13:00',
    );
  });

  it('names the event a wait is waiting for, and until when', () => {
    const wait: JourneyNode = { id: 'w', type: 'wait', position: at, data: { until: { event: 'email_clicked', timeout: 'P4D' } } };
    expect(whyHereText(lead({ reason: { kind: 'event', event: 'email_clicked', zone: 'UTC' } }), wait, {}, 'UTC')).toBe(
      'waiting for email_clicked until Tue 3 Mar, 13:00',
    );
  });

  it("says a delay's length, a handoff's SLA and a paused send", () => {
    const wait: JourneyNode = { id: 'w', type: 'wait', position: at, data: { for: 'P3D' } };
    expect(whyHereText(lead({ reason: { kind: 'delay', zone: 'UTC' } }), wait, {}, 'UTC')).toBe('waits 3 days, until Tue 3 Mar, 13:00');
    expect(whyHereText(lead({ reason: { kind: 'sla', zone: 'UTC' } }), send, {}, 'UTC')).toBe('with sales; the SLA ends Tue 3 Mar, 13:00');
    expect(whyHereText(lead({ wakeAt: null, reason: { kind: 'paused', zone: 'UTC' } }), send, {}, 'UTC')).toBe('held while the journey is paused');
  });
});
