import type { JourneyNode, JourneySettings } from '@trellis/journey';
import { describe, expect, it } from 'vitest';
import type { LeadAtNode } from '../api/people.js';
import { searchLeads, sortLeads, whyHereText } from './why-here-text.js';

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

describe('the leads at a step, sorted and searched', () => {
  const leads = [
    lead({ leadId: 'lead-10', score: 5, enteredAt: '2026-03-01T00:00:00Z', wakeAt: null, email: 'ten@example.com' }),
    lead({ leadId: 'lead-2', score: 50, enteredAt: '2026-03-03T00:00:00Z', wakeAt: '2026-03-04T00:00:00Z' }),
    lead({ leadId: 'lead-1', score: 20, enteredAt: '2026-03-02T00:00:00Z', wakeAt: '2026-03-05T00:00:00Z' }),
  ];
  const ids = (list: LeadAtNode[]) => list.map((l) => l.leadId);

  it('sorts ids as numbers count, times as times, score highest first', () => {
    expect(ids(sortLeads(leads, 'id'))).toEqual(['lead-1', 'lead-2', 'lead-10']);
    expect(ids(sortLeads(leads, 'entered'))).toEqual(['lead-10', 'lead-1', 'lead-2']);
    expect(ids(sortLeads(leads, 'wakes'))).toEqual(['lead-2', 'lead-1', 'lead-10']);
    expect(ids(sortLeads(leads, 'score'))).toEqual(['lead-2', 'lead-1', 'lead-10']);
  });

  it('finds leads by id or email, ignoring case', () => {
    expect(ids(searchLeads(leads, 'TEN@'))).toEqual(['lead-10']);
    expect(ids(searchLeads(leads, 'lead-1'))).toEqual(['lead-10', 'lead-1']);
    expect(ids(searchLeads(leads, '  '))).toEqual(['lead-10', 'lead-2', 'lead-1']);
  });
});
