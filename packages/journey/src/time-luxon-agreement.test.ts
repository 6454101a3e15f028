import fc from 'fast-check';
import { DateTime, Duration } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addDuration, subtractDuration } from './time.js';

/**
 * time.ts moves instants on civil dates with cached zone offsets instead of luxon's DateTime
 * (luxon costs ~20 µs a call on the simulator's hot path). Luxon stays the reference: for any
 * instant, calendar duration and zone, both agree to the millisecond — except where the
 * wall-clock result happens twice (the autumn change), where Trellis takes the first occurrence
 * by rule (so a daily wait fires once a day) and luxon may take the second.
 */

function agreesWithLuxon(ours: number, luxons: number, zone: string): boolean {
  if (ours === luxons) return true;
  const wall = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm:ss.SSS');
  return wall(ours) === wall(luxons) && ours < luxons;
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
          const duration = Duration.fromISO(iso);
          const added = addDuration(atMs, iso, zone);
          const subtracted = subtractDuration(atMs, iso, zone);
          expect(agreesWithLuxon(added, start.plus(duration).toMillis(), zone), `${iso} after ${start.toISO()}`).toBe(true);
          expect(agreesWithLuxon(subtracted, start.minus(duration).toMillis(), zone), `${iso} before ${start.toISO()}`).toBe(true);
        },
      ),
      { numRuns: 1500 },
    );
  }, 60_000);
});
