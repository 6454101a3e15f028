import { describe, expect, it } from 'vitest';
import {
  earliestReturnDay,
  latestReturnDay,
  localDay,
  returnDayProblem,
  returnDayText,
  returnInstant,
  returnPresets,
  returnRefusalText,
  returnText,
} from './return-date.js';

// The test runner's zone is whatever the machine's is; each expectation is built in local time.
const local = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h).getTime();

describe('return dates', () => {
  it('brings the lead back at 09:00 local on the picked day, and refuses days that do not exist', () => {
    expect(returnInstant('2026-06-01')).toBe(new Date(2026, 5, 1, 9).toISOString());
    expect(returnInstant('2026-02-30')).toBeNull();
    expect(returnInstant('next week')).toBeNull();
    expect(returnInstant('')).toBeNull();
  });

  it('offers tomorrow as the earliest day, across a month end', () => {
    expect(earliestReturnDay(local(2026, 3, 2))).toBe('2026-03-03');
    expect(earliestReturnDay(local(2026, 12, 31))).toBe('2027-01-01');
  });

  it('offers 1, 3 and 6 calendar months ahead, clamped to the end of a shorter month, on a weekday', () => {
    // 31 Jan 2026 + 1 month = Sat 28 Feb → Mon 2 Mar; 30 Apr is a Thursday; 31 Jul is a Friday.
    expect(returnPresets(local(2026, 1, 31))).toEqual([
      { label: 'In 1 month', day: '2026-03-02' },
      { label: 'In 3 months', day: '2026-04-30' },
      { label: 'In 6 months', day: '2026-07-31' },
    ]);
    // Mon 23 Nov 2026: Wed 23 Dec, Tue 23 Feb 2027, and Sun 23 May 2027 → Mon 24 May.
    expect(returnPresets(local(2026, 11, 23)).map((p) => p.day)).toEqual(['2026-12-23', '2027-02-23', '2027-05-24']);
  });

  it('says when the lead comes back and how far off that is', () => {
    const now = local(2026, 3, 2, 8);
    expect(returnText(new Date(2026, 2, 3, 9).toISOString(), now)).toBe('Tue 3 Mar 2026, 09:00 · tomorrow');
    expect(returnText(new Date(2026, 2, 20, 9).toISOString(), now)).toBe('Fri 20 Mar 2026, 09:00 · in 18 days');
    expect(returnText(new Date(2026, 8, 2, 9).toISOString(), now)).toBe('Wed 2 Sep 2026, 09:00 · in 6 months');
    expect(localDay(now)).toBe('2026-03-02');
    expect(returnDayText(new Date(2027, 1, 23, 9).toISOString())).toBe('Tue 23 Feb 2027');
  });

  it('never calls a past return date today', () => {
    const now = local(2026, 3, 10, 12);
    expect(returnText(new Date(2026, 2, 10, 9).toISOString(), now)).toBe('Tue 10 Mar 2026, 09:00 · passed');
    expect(returnText(new Date(2026, 2, 9, 9).toISOString(), now)).toBe('Mon 9 Mar 2026, 09:00 · 1 day ago');
    expect(returnText(new Date(2026, 2, 1, 9).toISOString(), now)).toBe('Sun 1 Mar 2026, 09:00 · 9 days ago');
    expect(returnText(new Date(2026, 2, 10, 18).toISOString(), now)).toBe('Tue 10 Mar 2026, 18:00 · today');
  });

  it('offers days up to ten years ahead, as the server allows, and says in plain words why another cannot be picked', () => {
    const now = local(2026, 3, 10);
    expect(latestReturnDay(now)).toBe('2036-03-10');
    expect(latestReturnDay(local(2028, 2, 29))).toBe('2038-03-01');
    expect(returnDayProblem('', now)).toBeNull();
    expect(returnDayProblem('2026-03-11', now)).toBeNull();
    expect(returnDayProblem('2036-03-10', now)).toBeNull();
    expect(returnDayProblem('2026-03-10', now)).toBe('The lead cannot come back today: pick tomorrow or a later day.');
    expect(returnDayProblem('2026-03-01', now)).toBe('That day has already passed: pick tomorrow or a later day.');
    expect(returnDayProblem('2036-03-11', now)).toBe('That is more than 10 years ahead: pick a day no later than Mon 10 Mar 2036.');
    expect(returnDayProblem('2026-02-30', now)).toBe('That is not a day on the calendar: pick one with the date picker.');
  });

  it("reads the server's refusal without the instants and field name meant for API callers", () => {
    expect(
      returnRefusalText(
        'The date to bring the lead back (returnAt) must be in the future and within 10 years (it is 2020-01-01T09:00:00.000Z, now is 2026-11-23T08:00:00.000Z)',
      ),
    ).toBe('The date to bring the lead back must be in the future and within 10 years');
    expect(returnRefusalText('handoff "h1" is already answered')).toBe('handoff "h1" is already answered');
  });
});
