import { describe, expect, it } from 'vitest';
import { countdownText } from './countdown.js';

describe('countdownText', () => {
  const now = Date.parse('2026-03-02T09:00:00Z');
  it('counts down in days, hours and minutes, then overdue', () => {
    expect(countdownText('2026-03-04T12:30:00Z', now)).toBe('2 d 3 h left');
    expect(countdownText('2026-03-02T12:12:00Z', now)).toBe('3 h 12 min left');
    expect(countdownText('2026-03-02T09:05:30Z', now)).toBe('5 min left');
    expect(countdownText('2026-03-02T09:00:20Z', now)).toBe('less than a minute left');
    expect(countdownText('2026-03-02T08:55:00Z', now)).toBe('overdue by 5 min');
    expect(countdownText(null, now)).toBe('no SLA');
  });
});
