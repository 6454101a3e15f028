import { describe, expect, it } from 'vitest';
import { compileJourney } from './compile.js';
import { landRun } from './live-edit.js';
import type { RunState } from './advance.js';
import { journeySchema } from './schema.js';

/**
 * A lead inside a cadence moved to a changed cadence (docs/live-edits.md, "In a cadence"): it
 * keeps its entry time, touches are matched by their time from entering, and it goes on at the
 * first touch it has not made whose time is after now, or at the touch it was held at.
 */

const HOUR = 3_600_000;
const MINUTE = 60_000;
const ENTERED = Date.parse('2026-03-02T09:00:00Z'); // a Monday, 09:00 UTC

function cadence(times: string[]) {
  return compileJourney(
    journeySchema.parse({
      schemaVersion: 1,
      name: 'Chase',
      settings: { timezone: 'UTC', quietHours: { from: '21:00', to: '08:00' } },
      nodes: [
        { id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: { on: { event: 'form_submitted' } } },
        {
          id: 'c',
          type: 'cadence',
          position: { x: 0, y: 0 },
          data: { touches: times.map((at, i) => ({ at, channel: 'email', template: `chase-${i}` })), stopOn: { event: 'replied' } },
        },
        { id: 'x', type: 'exit', position: { x: 0, y: 0 }, data: { outcome: 'completed' } },
      ],
      edges: [
        { id: 'e1', source: 't', target: 'c' },
        { id: 'e2', source: 'c', sourceHandle: 'done', target: 'x' },
        { id: 'e3', source: 'c', sourceHandle: 'stopped', target: 'x' },
      ],
    }),
  );
}

function restingAt(made: number, wakeAt: number | null): RunState {
  return { status: 'active', nodeId: 'c', startedAt: ENTERED, nodeEnteredAt: ENTERED, wakeAt, outcome: null, endedAt: null, touch: made };
}

function move(fromTimes: string[], toTimes: string[], run: RunState, now: number) {
  const landing = landRun(cadence(fromTimes), cadence(toTimes), run, {}, { timezone: null }, now);
  if (landing.toNode === null) throw new Error('the lead stayed');
  return landing.state;
}

describe('a lead moved inside a changed cadence', () => {
  const OLD = ['PT0M', 'PT1H', 'PT3H', 'P1D'];
  const now = ENTERED + 2 * HOUR; // touches 0 and 1 made, touch 2 due at 12:00

  it('keeps its entry time and goes on at the first touch after now, not sending a touch added in the past', () => {
    const moved = move(OLD, ['PT0M', 'PT1H', 'PT90M', 'PT4H', 'P1D'], restingAt(2, ENTERED + 3 * HOUR), now);
    expect(moved).toMatchObject({ nodeId: 'c', nodeEnteredAt: ENTERED, touch: 3, wakeAt: ENTERED + 4 * HOUR });
  });

  it('goes on at a touch added between now and its next one', () => {
    const moved = move(OLD, ['PT0M', 'PT1H', 'PT2H30M', 'PT3H', 'P1D'], restingAt(2, ENTERED + 3 * HOUR), now);
    expect(moved).toMatchObject({ touch: 2, wakeAt: ENTERED + 2 * HOUR + 30 * MINUTE });
  });

  it('with its next touch removed, goes on at the next one by time', () => {
    const moved = move(OLD, ['PT0M', 'PT1H', 'P1D'], restingAt(2, ENTERED + 3 * HOUR), now);
    expect(moved).toMatchObject({ touch: 2, wakeAt: ENTERED + 24 * HOUR });
  });

  it('with touches made earlier removed, counts by time, not by place in the table', () => {
    const moved = move(OLD, ['PT1H', 'PT3H', 'P1D'], restingAt(2, ENTERED + 3 * HOUR), now);
    expect(moved).toMatchObject({ touch: 1, wakeAt: ENTERED + 3 * HOUR });
  });

  it('with no touch left after now, wakes at once and so leaves by done', () => {
    const moved = move(OLD, ['PT0M', 'PT1H'], restingAt(2, ENTERED + 3 * HOUR), now);
    expect(moved).toMatchObject({ touch: 2, wakeAt: now });
  });

  it('held by quiet hours at a touch whose time had come, goes on at that touch at the next opening', () => {
    // Touch 2 at 14 hours is 23:00, inside quiet hours: held to 08:00. The move comes at 23:30.
    const late = ENTERED + 14 * HOUR + 30 * MINUTE;
    const held = restingAt(2, Date.parse('2026-03-03T08:00:00Z'));
    const moved = move(['PT0M', 'PT1H', 'PT14H', 'P2D'], ['PT0M', 'PT1H', 'PT14H', 'P3D'], held, late);
    expect(moved).toMatchObject({ touch: 2, wakeAt: Date.parse('2026-03-03T08:00:00Z') });
  });

  it('held by a pause, stays held (no wake-up) at the touch it goes on at', () => {
    const moved = move(OLD, ['PT0M', 'PT1H', 'PT4H'], restingAt(2, null), now);
    expect(moved).toMatchObject({ touch: 2, wakeAt: null });
  });

  it('of two touches at one time, counts made only as many as the lead made there', () => {
    // Both at one hour; the lead made the first (the second is held by a pause).
    const moved = move(['PT0M', 'PT1H', 'PT1H', 'P1D'], ['PT0M', 'PT1H', 'PT1H', 'P2D'], restingAt(2, null), ENTERED + 90 * MINUTE);
    expect(moved).toMatchObject({ touch: 2, wakeAt: null });
  });
});
