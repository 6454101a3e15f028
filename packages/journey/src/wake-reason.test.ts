import { describe, expect, it } from 'vitest';
import type { JourneyNode, JourneySettings } from './schema.js';
import { explainWake } from './wake-reason.js';

const at = { x: 0, y: 0 };
const settings: JourneySettings = {
  timezone: 'America/New_York',
  quietHours: { from: '20:00', to: '08:00' },
  sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' },
};
const send: JourneyNode = { id: 's', type: 'send', position: at, data: { channel: 'email', template: 'hello' } };
const ms = (iso: string) => Date.parse(iso);

describe('why a lead resting at a step wakes when it does', () => {
  it('names the wait: a delay, a time of day, or the event awaited until its timeout', () => {
    const delay: JourneyNode = { id: 'w', type: 'wait', position: at, data: { for: 'P3D' } };
    const time: JourneyNode = { id: 'w', type: 'wait', position: at, data: { until: { time: '09:00' } } };
    const event: JourneyNode = { id: 'w', type: 'wait', position: at, data: { until: { event: 'email_clicked', timeout: 'P4D' } } };
    const run = { enteredAt: ms('2026-03-02T15:00:00Z'), wakeAt: ms('2026-03-05T15:00:00Z') };
    expect(explainWake(delay, settings, run)).toEqual({ kind: 'delay', zone: 'America/New_York' });
    expect(explainWake(time, settings, run)).toEqual({ kind: 'time_of_day', zone: 'America/New_York' });
    expect(explainWake(event, settings, run)).toEqual({ kind: 'event', event: 'email_clicked', zone: 'America/New_York' });
  });

  it("holds a send by quiet hours when it came in the lead's night, in the lead's own zone", () => {
    // 03:00 UTC on a Tuesday is 22:00 Monday in New York and 03:00 in London: quiet in both.
    const run = { enteredAt: ms('2026-03-03T03:00:00Z'), wakeAt: ms('2026-03-03T13:00:00Z') };
    expect(explainWake(send, settings, run)).toEqual({ kind: 'quiet_hours', zone: 'America/New_York' });
    expect(explainWake(send, settings, { ...run, leadTimezone: 'Europe/London' })).toEqual({ kind: 'quiet_hours', zone: 'Europe/London' });
    // 12:00 Tuesday in Tokyo: not quiet and inside the window; a held send there waits on the window's
    // days elsewhere in the week, never on quiet hours.
    expect(explainWake(send, settings, { ...run, leadTimezone: 'Asia/Tokyo' }).kind).toBe('send_window');
  });

  it('holds a send by the send window when quiet hours would have let it go', () => {
    // Saturday 11:00 in New York: not quiet, but the window is Monday to Friday.
    const run = { enteredAt: ms('2026-03-07T16:00:00Z'), wakeAt: ms('2026-03-09T13:00:00Z') };
    expect(explainWake(send, settings, run)).toEqual({ kind: 'send_window', zone: 'America/New_York' });
  });

  it('says a send with no wake-up is held while the journey is paused', () => {
    expect(explainWake(send, settings, { enteredAt: 0, wakeAt: null }).kind).toBe('paused');
  });

  it("reads a handoff's wake-up as its SLA, or as a recycle's return date when held for one", () => {
    const handoff: JourneyNode = { id: 'h', type: 'handoff', position: at, data: { queue: 'q', assign: 'owner', sla: 'PT4H' } };
    expect(explainWake(handoff, {}, { enteredAt: 0, wakeAt: 4 * 3600_000 })).toEqual({ kind: 'sla', zone: 'UTC' });
    expect(explainWake(handoff, {}, { enteredAt: 0, wakeAt: 9, heldUntil: 9 }).kind).toBe('returning');
  });
});
