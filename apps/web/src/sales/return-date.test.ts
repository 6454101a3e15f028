import { describe, expect, it } from 'vitest';
import { earliestReturnDay, localDay, returnDayText, returnInstant, returnPresets, returnText } from './return-date.js';

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
});
