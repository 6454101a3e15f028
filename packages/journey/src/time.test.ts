import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addDuration,
  isValidDuration,
  isValidTimeOfDay,
  isValidTimeZone,
  leadZone,
  nextDeliveryMoment,
  nextTimeOfDay,
  parseDuration,
  parseTimeOfDay,
  subtractDuration,
} from './time.js';

const NEW_YORK = 'America/New_York';
const LONDON = 'Europe/London';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** An instant from an ISO string with its offset, e.g. `2026-03-07T09:00-05:00`. */
function at(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad test instant ${iso}`);
  return ms;
}

/** How `ms` reads on the wall clock of `zone`, to assert exact local times. */
function wall(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat("ccc yyyy-MM-dd'T'HH:mmZZ");
}

describe('parseDuration', () => {
  it('reads ISO 8601 durations into their units', () => {
    expect(parseDuration('PT5M')?.toObject()).toEqual({ minutes: 5 });
    expect(parseDuration('P2W')?.toObject()).toEqual({ weeks: 2 });
    expect(parseDuration('P1M')?.toObject()).toEqual({ months: 1 });
    expect(parseDuration('P1DT12H')?.toObject()).toEqual({ days: 1, hours: 12 });
    expect(parseDuration('PT0S')?.toObject()).toEqual({ seconds: 0 });
  });

  it.each(['', 'P', 'PT', 'P1DT', '5 minutes', 'pt5m', '-P1D', 'P-1D', 'PT-5M', 'P1000Y', 'PT1,5H'])(
    'rejects %j',
    (text) => {
      expect(parseDuration(text)).toBeNull();
      expect(isValidDuration(text)).toBe(false);
    },
  );

  it('gives the same answer from its cache', () => {
    expect(isValidDuration('P3D')).toBe(true);
    expect(isValidDuration('P3D')).toBe(true);
    expect(isValidDuration('P3X')).toBe(false);
    expect(isValidDuration('P3X')).toBe(false);
  });

  it('treats a non-string as invalid rather than throwing', () => {
    expect(isValidDuration(42 as unknown as string)).toBe(false);
  });
});

describe('addDuration', () => {
  it('adds hours and minutes as fixed lengths in every zone', () => {
    const start = at('2026-03-08T01:30:00-05:00');
    expect(addDuration(start, 'PT5M', NEW_YORK)).toBe(start + 300_000);
    expect(addDuration(start, 'PT5M', 'UTC')).toBe(start + 300_000);
    expect(wall(addDuration(start, 'PT1H', NEW_YORK), NEW_YORK)).toBe('Sun 2026-03-08T03:30-04:00');
  });

  it('keeps 09:00 local across the New York spring change with P1D, but not with PT24H', () => {
    const saturday = at('2026-03-07T09:00:00-05:00');
    expect(wall(addDuration(saturday, 'P1D', NEW_YORK), NEW_YORK)).toBe('Sun 2026-03-08T09:00-04:00');
    expect(addDuration(saturday, 'P1D', NEW_YORK) - saturday).toBe(23 * HOUR);
    expect(wall(addDuration(saturday, 'PT24H', NEW_YORK), NEW_YORK)).toBe('Sun 2026-03-08T10:00-04:00');
  });

  it('keeps 09:00 local across the New York autumn change with P1D, but not with PT24H', () => {
    const saturday = at('2026-10-31T09:00:00-04:00');
    expect(wall(addDuration(saturday, 'P1D', NEW_YORK), NEW_YORK)).toBe('Sun 2026-11-01T09:00-05:00');
    expect(addDuration(saturday, 'P1D', NEW_YORK) - saturday).toBe(25 * HOUR);
    expect(wall(addDuration(saturday, 'PT24H', NEW_YORK), NEW_YORK)).toBe('Sun 2026-11-01T08:00-05:00');
  });

  it('keeps 09:00 local across both London changes with P1D', () => {
    expect(wall(addDuration(at('2026-03-28T09:00:00Z'), 'P1D', LONDON), LONDON)).toBe('Sun 2026-03-29T09:00+01:00');
    expect(wall(addDuration(at('2026-03-28T09:00:00Z'), 'PT24H', LONDON), LONDON)).toBe('Sun 2026-03-29T10:00+01:00');
    expect(wall(addDuration(at('2026-10-24T09:00:00+01:00'), 'P1D', LONDON), LONDON)).toBe('Sun 2026-10-25T09:00+00:00');
    expect(wall(addDuration(at('2026-10-24T09:00:00+01:00'), 'PT24H', LONDON), LONDON)).toBe('Sun 2026-10-25T08:00+00:00');
  });

  it('keeps seconds and milliseconds when adding days', () => {
    expect(wall(addDuration(at('2026-03-07T09:00:30.250-05:00'), 'P1D', NEW_YORK), NEW_YORK)).toBe(
      'Sun 2026-03-08T09:00-04:00',
    );
    expect(addDuration(at('2026-03-07T09:00:30.250-05:00'), 'P1D', NEW_YORK)).toBe(at('2026-03-08T09:00:30.250-04:00'));
  });

  it('lands a day later in the gap forward by the gap, and on the first of a repeated time', () => {
    expect(wall(addDuration(at('2026-03-07T02:30:00-05:00'), 'P1D', NEW_YORK), NEW_YORK)).toBe(
      'Sun 2026-03-08T03:30-04:00',
    );
    expect(wall(addDuration(at('2026-10-31T01:30:00-04:00'), 'P1D', NEW_YORK), NEW_YORK)).toBe(
      'Sun 2026-11-01T01:30-04:00',
    );
    expect(wall(subtractDuration(at('2026-11-02T01:30:00-05:00'), 'P1D', NEW_YORK), NEW_YORK)).toBe(
      'Sun 2026-11-01T01:30-04:00',
    );
  });

  it('mixes calendar days and clock hours: the day first, then the hours', () => {
    const saturday = at('2026-03-07T09:00:00-05:00');
    expect(wall(addDuration(saturday, 'P1DT2H', NEW_YORK), NEW_YORK)).toBe('Sun 2026-03-08T11:00-04:00');
  });

  it('adds calendar months, landing on the last day of a shorter month', () => {
    expect(addDuration(at('2026-01-31T10:00:00Z'), 'P1M', 'UTC')).toBe(at('2026-02-28T10:00:00Z'));
    expect(addDuration(at('2028-01-31T10:00:00Z'), 'P1M', 'UTC')).toBe(at('2028-02-29T10:00:00Z'));
    expect(addDuration(at('2026-03-31T10:00:00Z'), 'P1M', 'UTC')).toBe(at('2026-04-30T10:00:00Z'));
    expect(addDuration(at('2026-12-15T10:00:00Z'), 'P1M', 'UTC')).toBe(at('2027-01-15T10:00:00Z'));
    expect(wall(addDuration(at('2026-01-31T23:30:00-05:00'), 'P1M', NEW_YORK), NEW_YORK)).toBe(
      'Sat 2026-02-28T23:30-05:00',
    );
    expect(addDuration(at('2028-02-29T10:00:00Z'), 'P1Y', 'UTC')).toBe(at('2029-02-28T10:00:00Z'));
  });

  it('adds weeks as 7 calendar days each', () => {
    const start = at('2026-11-02T09:00:00Z');
    expect(addDuration(start, 'P2W', 'UTC')).toBe(start + 14 * DAY);
    expect(addDuration(start, 'P2W', 'UTC')).toBe(addDuration(start, 'P14D', 'UTC'));
    expect(wall(addDuration(at('2026-03-01T09:00:00-05:00'), 'P2W', NEW_YORK), NEW_YORK)).toBe(
      'Sun 2026-03-15T09:00-04:00',
    );
  });

  it('adds a fractional day as that part of a day', () => {
    expect(addDuration(0, 'P1.5D', 'UTC')).toBe(1.5 * DAY);
  });

  it('reads an invalid zone as UTC', () => {
    expect(addDuration(at('2026-01-31T10:00:00Z'), 'P1M', 'Mars/Olympus')).toBe(at('2026-02-28T10:00:00Z'));
  });

  it('throws a plain error for an invalid duration', () => {
    expect(() => addDuration(0, 'P3X', 'UTC')).toThrow('"P3X" is not an ISO 8601 duration such as PT5M or P3D');
    expect(() => subtractDuration(0, '', 'UTC')).toThrow('"" is not an ISO 8601 duration');
  });
});

describe('subtractDuration', () => {
  it('goes back by calendar days and months in the zone', () => {
    expect(wall(subtractDuration(at('2026-03-08T09:00:00-04:00'), 'P1D', NEW_YORK), NEW_YORK)).toBe(
      'Sat 2026-03-07T09:00-05:00',
    );
    expect(subtractDuration(at('2026-03-31T10:00:00Z'), 'P1M', 'UTC')).toBe(at('2026-02-28T10:00:00Z'));
    expect(subtractDuration(at('2026-11-16T09:00:00Z'), 'P2W', 'UTC')).toBe(at('2026-11-02T09:00:00Z'));
    expect(subtractDuration(at('2026-11-16T09:00:00Z'), 'PT5M', NEW_YORK)).toBe(at('2026-11-16T08:55:00Z'));
  });
});

describe('parseTimeOfDay', () => {
  it('reads strict HH:MM', () => {
    expect(parseTimeOfDay('09:00')).toEqual({ hour: 9, minute: 0 });
    expect(parseTimeOfDay('00:00')).toEqual({ hour: 0, minute: 0 });
    expect(parseTimeOfDay('23:59')).toEqual({ hour: 23, minute: 59 });
    expect(isValidTimeOfDay('17:30')).toBe(true);
  });

  it.each(['24:00', '9:00', '09:60', '09:00:00', ' 09:00', '', 'ab:cd', '0900', '09-00'])('rejects %j', (text) => {
    expect(parseTimeOfDay(text)).toBeNull();
    expect(isValidTimeOfDay(text)).toBe(false);
  });

  it('treats a non-string as invalid rather than throwing', () => {
    expect(isValidTimeOfDay(undefined as unknown as string)).toBe(false);
  });
});

describe('isValidTimeZone and leadZone', () => {
  it('accepts IANA names and rejects everything else', () => {
    expect(isValidTimeZone(NEW_YORK)).toBe(true);
    expect(isValidTimeZone(LONDON)).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Fantasia/Castle')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone('+05:00')).toBe(false);
    expect(isValidTimeZone('UTC+5')).toBe(false);
    expect(isValidTimeZone(null as unknown as string)).toBe(false);
  });

  it("picks the lead's zone, then the journey's, then UTC", () => {
    expect(leadZone(LONDON, NEW_YORK)).toBe(LONDON);
    expect(leadZone('Mars/Olympus', NEW_YORK)).toBe(NEW_YORK);
    expect(leadZone(null, NEW_YORK)).toBe(NEW_YORK);
    expect(leadZone('', NEW_YORK)).toBe(NEW_YORK);
    expect(leadZone(undefined, 'Mars/Olympus')).toBe('UTC');
    expect(leadZone(null, undefined)).toBe('UTC');
  });
});

describe('nextTimeOfDay', () => {
  it('finds the time later today, or tomorrow once it has passed (strictly after)', () => {
    const monday8am = at('2026-11-23T08:00:00Z');
    expect(nextTimeOfDay(monday8am, '09:00', undefined, 'UTC')).toBe(at('2026-11-23T09:00:00Z'));
    expect(nextTimeOfDay(at('2026-11-23T09:00:00Z'), '09:00', undefined, 'UTC')).toBe(at('2026-11-24T09:00:00Z'));
    expect(nextTimeOfDay(at('2026-11-23T23:59:59.999Z'), '00:00', undefined, 'UTC')).toBe(at('2026-11-24T00:00:00Z'));
  });

  it('keeps to the given weekdays', () => {
    const monday9am = at('2026-11-23T09:00:00Z');
    expect(wall(nextTimeOfDay(monday9am, '09:00', ['mon'], 'UTC'), 'UTC')).toBe('Mon 2026-11-30T09:00+00:00');
    expect(wall(nextTimeOfDay(monday9am, '09:00', ['sun'], 'UTC'), 'UTC')).toBe('Sun 2026-11-29T09:00+00:00');
    expect(wall(nextTimeOfDay(monday9am, '10:00', ['mon', 'thu'], 'UTC'), 'UTC')).toBe('Mon 2026-11-23T10:00+00:00');
    const fridayEvening = at('2026-11-27T18:00:00-05:00');
    expect(wall(nextTimeOfDay(fridayEvening, '09:00', ['mon', 'wed'], NEW_YORK), NEW_YORK)).toBe(
      'Mon 2026-11-30T09:00-05:00',
    );
    expect(wall(nextTimeOfDay(fridayEvening, '09:00', ['sun'], NEW_YORK), NEW_YORK)).toBe('Sun 2026-11-29T09:00-05:00');
  });

  it('reads the time in the zone, whatever the UTC date', () => {
    // 23:00 in New York on Monday is already Tuesday in UTC.
    const mondayNight = at('2026-11-23T23:00:00-05:00');
    expect(wall(nextTimeOfDay(mondayNight, '23:30', ['mon'], NEW_YORK), NEW_YORK)).toBe('Mon 2026-11-23T23:30-05:00');
  });

  it('waits until 09:00 local across the spring and autumn changes', () => {
    expect(wall(nextTimeOfDay(at('2026-03-07T10:00:00-05:00'), '09:00', undefined, NEW_YORK), NEW_YORK)).toBe(
      'Sun 2026-03-08T09:00-04:00',
    );
    expect(wall(nextTimeOfDay(at('2026-10-31T10:00:00-04:00'), '09:00', undefined, NEW_YORK), NEW_YORK)).toBe(
      'Sun 2026-11-01T09:00-05:00',
    );
    expect(wall(nextTimeOfDay(at('2026-03-28T10:00:00Z'), '09:00', undefined, LONDON), LONDON)).toBe(
      'Sun 2026-03-29T09:00+01:00',
    );
    expect(wall(nextTimeOfDay(at('2026-10-24T10:00:00+01:00'), '09:00', undefined, LONDON), LONDON)).toBe(
      'Sun 2026-10-25T09:00+00:00',
    );
  });

  it('moves a time in the spring-forward gap forward by the gap', () => {
    const nyMidnight = at('2026-03-08T00:00:00-05:00');
    expect(wall(nextTimeOfDay(nyMidnight, '02:30', undefined, NEW_YORK), NEW_YORK)).toBe('Sun 2026-03-08T03:30-04:00');
    expect(wall(nextTimeOfDay(nyMidnight, '02:00', undefined, NEW_YORK), NEW_YORK)).toBe('Sun 2026-03-08T03:00-04:00');
    const londonMidnight = at('2026-03-29T00:00:00Z');
    expect(wall(nextTimeOfDay(londonMidnight, '01:30', undefined, LONDON), LONDON)).toBe('Sun 2026-03-29T02:30+01:00');
  });

  it('takes the first occurrence of a time that happens twice, and only that one', () => {
    const nyMidnight = at('2026-11-01T00:00:00-04:00');
    expect(wall(nextTimeOfDay(nyMidnight, '01:30', undefined, NEW_YORK), NEW_YORK)).toBe('Sun 2026-11-01T01:30-04:00');
    const afterFirst = at('2026-11-01T01:45:00-04:00');
    expect(wall(nextTimeOfDay(afterFirst, '01:30', undefined, NEW_YORK), NEW_YORK)).toBe('Mon 2026-11-02T01:30-05:00');
    const londonMidnight = at('2026-10-25T00:00:00+01:00');
    expect(wall(nextTimeOfDay(londonMidnight, '01:30', undefined, LONDON), LONDON)).toBe('Sun 2026-10-25T01:30+01:00');
  });

  it('throws a plain error for an invalid time and reads an invalid zone as UTC', () => {
    expect(() => nextTimeOfDay(0, '9am', undefined, 'UTC')).toThrow('"9am" is not a time of day as HH:MM');
    expect(nextTimeOfDay(at('2026-11-23T08:00:00Z'), '09:00', undefined, 'Mars/Olympus')).toBe(
      at('2026-11-23T09:00:00Z'),
    );
  });
});

const WEEKDAYS_ONLY = ['mon', 'tue', 'wed', 'thu', 'fri'] as ('mon' | 'tue' | 'wed' | 'thu' | 'fri')[];
const OFFICE_HOURS = { days: WEEKDAYS_ONLY, from: '09:00', to: '17:00' };
const NIGHT = { from: '20:00', to: '08:00' };

describe('nextDeliveryMoment', () => {
  it('returns the moment itself when there are no rules', () => {
    expect(nextDeliveryMoment(123_456, NEW_YORK)).toBe(123_456);
    expect(nextDeliveryMoment(123_456, NEW_YORK, { from: '10:00', to: '10:00' })).toBe(123_456);
  });

  it('waits out quiet hours that wrap midnight', () => {
    expect(nextDeliveryMoment(at('2026-11-23T21:00:00Z'), 'UTC', NIGHT)).toBe(at('2026-11-24T08:00:00Z'));
    expect(nextDeliveryMoment(at('2026-11-24T03:00:00Z'), 'UTC', NIGHT)).toBe(at('2026-11-24T08:00:00Z'));
    expect(nextDeliveryMoment(at('2026-11-24T07:59:59Z'), 'UTC', NIGHT)).toBe(at('2026-11-24T08:00:00Z'));
    expect(nextDeliveryMoment(at('2026-11-23T20:00:00Z'), 'UTC', NIGHT)).toBe(at('2026-11-24T08:00:00Z'));
    expect(nextDeliveryMoment(at('2026-11-24T08:00:00Z'), 'UTC', NIGHT)).toBe(at('2026-11-24T08:00:00Z'));
    expect(nextDeliveryMoment(at('2026-11-23T19:59:00Z'), 'UTC', NIGHT)).toBe(at('2026-11-23T19:59:00Z'));
  });

  it('waits out quiet hours within one day', () => {
    const lunch = { from: '12:00', to: '13:30' };
    expect(nextDeliveryMoment(at('2026-11-23T12:10:00Z'), 'UTC', lunch)).toBe(at('2026-11-23T13:30:00Z'));
    expect(nextDeliveryMoment(at('2026-11-23T14:00:00Z'), 'UTC', lunch)).toBe(at('2026-11-23T14:00:00Z'));
  });

  it("reads quiet hours on the lead's clock", () => {
    const nyEvening = at('2026-11-23T22:00:00-05:00');
    expect(wall(nextDeliveryMoment(nyEvening, NEW_YORK, NIGHT), NEW_YORK)).toBe('Tue 2026-11-24T08:00-05:00');
    // 22:00 in New York is 03:00 in London, also quiet there, until 08:00 London.
    expect(wall(nextDeliveryMoment(nyEvening, LONDON, NIGHT), LONDON)).toBe('Tue 2026-11-24T08:00+00:00');
  });

  it('defers a Friday 17:00 send to Monday 09:00 in the lead zone', () => {
    const fridayClose = at('2026-11-27T17:00:00-05:00');
    expect(wall(nextDeliveryMoment(fridayClose, NEW_YORK, undefined, OFFICE_HOURS), NEW_YORK)).toBe(
      'Mon 2026-11-30T09:00-05:00',
    );
    const londonFriday = at('2026-11-27T17:30:00Z');
    expect(wall(nextDeliveryMoment(londonFriday, LONDON, undefined, OFFICE_HOURS), LONDON)).toBe(
      'Mon 2026-11-30T09:00+00:00',
    );
  });

  it('opens the window later the same day, or sends at once inside it', () => {
    expect(nextDeliveryMoment(at('2026-11-24T07:00:00Z'), 'UTC', undefined, OFFICE_HOURS)).toBe(
      at('2026-11-24T09:00:00Z'),
    );
    expect(nextDeliveryMoment(at('2026-11-24T16:59:00Z'), 'UTC', undefined, OFFICE_HOURS)).toBe(
      at('2026-11-24T16:59:00Z'),
    );
    expect(nextDeliveryMoment(at('2026-11-28T12:00:00Z'), 'UTC', undefined, OFFICE_HOURS)).toBe(
      at('2026-11-30T09:00:00Z'),
    );
  });

  it('opens the window on the right local day across a DST change', () => {
    const fridayEvening = at('2026-03-06T18:00:00-05:00');
    expect(wall(nextDeliveryMoment(fridayEvening, NEW_YORK, undefined, OFFICE_HOURS), NEW_YORK)).toBe(
      'Mon 2026-03-09T09:00-04:00',
    );
  });

  it('meets both rules when quiet hours cover the start of the window', () => {
    const lateQuiet = { from: '16:00', to: '10:00' };
    const fridayEvening = at('2026-11-27T17:30:00-05:00');
    expect(wall(nextDeliveryMoment(fridayEvening, NEW_YORK, lateQuiet, OFFICE_HOURS), NEW_YORK)).toBe(
      'Mon 2026-11-30T10:00-05:00',
    );
    const tuesdayAfternoon = at('2026-11-24T16:30:00-05:00');
    expect(wall(nextDeliveryMoment(tuesdayAfternoon, NEW_YORK, lateQuiet, OFFICE_HOURS), NEW_YORK)).toBe(
      'Wed 2026-11-25T10:00-05:00',
    );
  });

  it('falls back to the window alone when quiet hours cover all of it', () => {
    const allDayQuiet = { from: '08:00', to: '18:00' };
    expect(nextDeliveryMoment(at('2026-11-27T17:30:00Z'), 'UTC', allDayQuiet, OFFICE_HOURS)).toBe(
      at('2026-11-30T09:00:00Z'),
    );
    expect(nextDeliveryMoment(at('2026-11-24T10:00:00Z'), 'UTC', allDayQuiet, OFFICE_HOURS)).toBe(
      at('2026-11-24T10:00:00Z'),
    );
  });

  it('keeps a window that runs past midnight on the day it opens', () => {
    const fridayNight = { days: ['fri' as const], from: '22:00', to: '02:00' };
    expect(nextDeliveryMoment(at('2026-11-28T01:00:00Z'), 'UTC', undefined, fridayNight)).toBe(
      at('2026-11-28T01:00:00Z'),
    );
    expect(nextDeliveryMoment(at('2026-11-28T03:00:00Z'), 'UTC', undefined, fridayNight)).toBe(
      at('2026-12-04T22:00:00Z'),
    );
    expect(nextDeliveryMoment(at('2026-11-27T01:00:00Z'), 'UTC', undefined, fridayNight)).toBe(
      at('2026-11-27T22:00:00Z'),
    );
  });

  it('reads a window whose ends are equal as the whole of each listed day', () => {
    const weekends = { days: ['sat' as const, 'sun' as const], from: '00:00', to: '00:00' };
    expect(nextDeliveryMoment(at('2026-11-27T12:00:00Z'), 'UTC', undefined, weekends)).toBe(at('2026-11-28T00:00:00Z'));
    expect(wall(nextDeliveryMoment(at('2026-11-27T12:00:00-05:00'), NEW_YORK, undefined, weekends), NEW_YORK)).toBe(
      'Sat 2026-11-28T00:00-05:00',
    );
    expect(nextDeliveryMoment(at('2026-11-29T23:00:00Z'), 'UTC', undefined, weekends)).toBe(at('2026-11-29T23:00:00Z'));
  });

  it('ends for every combination of rules, at a moment that keeps them whenever one exists', () => {
    const quarterHour = fc.integer({ min: 0, max: 95 });
    const time = quarterHour.map((q) => `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`);
    const days = fc.uniqueArray(fc.constantFrom(...(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const)), {
      minLength: 1,
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40_000 }).map((quarters) => at('2026-01-01T00:00:00Z') + quarters * 15 * 60_000),
        fc.constantFrom('UTC', 'Asia/Tokyo'),
        fc.option(fc.record({ from: time, to: time }), { nil: undefined }),
        fc.option(fc.record({ days, from: time, to: time }), { nil: undefined }),
        (start, zone, quiet, window) => {
          const result = nextDeliveryMoment(start, zone, quiet, window);
          expect(result).toBeGreaterThanOrEqual(start);
          // Independent check: step quarter hour by quarter hour with luxon's own clock.
          const allowed = (ms: number) => okAt(ms, zone, quiet, window);
          let firstAllowed: number | null = null;
          for (let ms = start; ms <= start + 8 * DAY; ms += 15 * 60_000) {
            if (allowed(ms)) {
              firstAllowed = ms;
              break;
            }
          }
          if (firstAllowed !== null) expect(result).toBe(firstAllowed);
          else if (window) expect(okAt(result, zone, undefined, window)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3));
}

function okAt(
  ms: number,
  zone: string,
  quiet: { from: string; to: string } | undefined,
  window: { days: readonly string[]; from: string; to: string } | undefined,
): boolean {
  const local = DateTime.fromMillis(ms, { zone });
  const minute = local.hour * 60 + local.minute;
  const inRange = (from: number, to: number) => (from < to ? minute >= from && minute < to : minute >= from || minute < to);
  if (quiet && minutesOf(quiet.from) !== minutesOf(quiet.to) && inRange(minutesOf(quiet.from), minutesOf(quiet.to))) {
    return false;
  }
  if (!window) return true;
  const today = local.toFormat('ccc').toLowerCase();
  const yesterday = local.minus({ days: 1 }).toFormat('ccc').toLowerCase();
  const from = minutesOf(window.from);
  const to = minutesOf(window.to);
  if (from === to) return window.days.includes(today);
  if (from < to) return window.days.includes(today) && minute >= from && minute < to;
  return (window.days.includes(today) && minute >= from) || (window.days.includes(yesterday) && minute < to);
}
