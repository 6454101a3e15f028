import fc from 'fast-check';
import { DateTime, Duration } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addDuration, subtractDuration } from './time.js';

/**
 * time.ts moves instants on civil dates with cached zone offsets instead of luxon's DateTime
 * (luxon costs ~20 µs a call on the simulator's hot path). Luxon stays the reference: for any
 * instant, calendar duration and zone, both agree to the millisecond — except where the date
 * part of the duration lands on a wall-clock time that happens twice (the autumn change):
 * Trellis takes the first occurrence by rule (so a daily wait fires once a day) and then moves
 * by the clock part, where luxon may take the second.
 */

function agreesWithLuxon(ours: number, start: DateTime, iso: string, sign: 1 | -1): boolean {
  const duration = Duration.fromISO(iso);
  const luxons = (sign === 1 ? start.plus(duration) : start.minus(duration)).toMillis();
  if (ours === luxons) return true;
  const zone = start.zoneName!;
  const wall = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm:ss.SSS');
  const { years, months, weeks, days, hours, minutes, seconds, milliseconds } = duration.toObject();
  const datePart = Duration.fromObject({ years, months, weeks, days });
  const clockMs = Duration.fromObject({ hours, minutes, seconds, milliseconds }).as('milliseconds');
  const landed = (sign === 1 ? start.plus(datePart) : start.minus(datePart)).toMillis();
  // The same wall-clock time earlier (a repeated hour, or Lord Howe's half hour), else itself.
  const first = [3_600_000, 1_800_000].map((gap) => landed - gap).find((earlier) => wall(earlier) === wall(landed)) ?? landed;
  return ours === first + sign * clockMs;
}

const zones = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Sao_Paulo', 'Pacific/Chatham', 'UTC'];
const CHANGES = ['2025-10-26T01:00:00Z', '2025-03-30T01:00:00Z', '2027-11-07T06:00:00Z', '2026-03-08T07:00:00Z', '2026-04-05T15:00:00Z'].map(Date.parse);
const durations = ['P1D', 'P3D', 'P2W', 'P1M', 'P3M', 'P1Y', 'P1M2D', 'P1DT2H', 'P1MT30M', 'P13M', 'P1Y2M3DT4H5M'];

describe('calendar arithmetic agrees with luxon', () => {
  it('for adding and subtracting in every kind of zone, across DST changes and month ends', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') }),
          // Near the changes themselves, where mistakes live.
          fc.constantFrom(...CHANGES).chain((at) => fc.integer({ min: at - 2 * 86_400_000, max: at + 2 * 86_400_000 })),
        ),
        fc.constantFrom(...zones),
        fc.constantFrom(...durations),
        (atMs, zone, iso) => {
          const start = DateTime.fromMillis(atMs, { zone });
          expect(agreesWithLuxon(addDuration(atMs, iso, zone), start, iso, 1), `${iso} after ${start.toISO()}`).toBe(true);
          expect(agreesWithLuxon(subtractDuration(atMs, iso, zone), start, iso, -1), `${iso} before ${start.toISO()}`).toBe(true);
        },
      ),
      // Found by CI: a day back from 01:00 EST lands on the repeated 01:00, then two hours back.
      { numRuns: 1500, examples: [[Date.parse('2027-11-08T06:00:00Z'), 'America/New_York', 'P1DT2H']] },
    );
  }, 60_000);
});
