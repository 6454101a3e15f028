import { describe, expect, it } from 'vitest';
import { countdownText, slaState, taskDueState } from './countdown.js';

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

describe('due states', () => {
  const at = (time: string) => Date.parse(`2026-03-02T${time}Z`);

  it('marks a handoff overdue the moment its SLA runs out', () => {
    expect(slaState('2026-03-02T09:00:00Z', at('08:59:59'))).toEqual({ text: 'less than a minute left', overdue: false });
    expect(slaState('2026-03-02T09:00:00Z', at('09:00:01'))).toEqual({ text: 'overdue by less than a minute', overdue: true });
    expect(slaState(null, at('09:00:00'))).toEqual({ text: 'no SLA', overdue: false });
  });

  it('says a task due as it is written is due now for five minutes, then overdue from its due time', () => {
    const task = { dueAt: '2026-03-02T09:00:00Z', createdAt: '2026-03-02T09:00:00Z' };
    expect(taskDueState(task, at('09:00:00'))).toEqual({ text: 'due now', overdue: false });
    expect(taskDueState(task, at('09:04:59'))).toEqual({ text: 'due now', overdue: false });
    expect(taskDueState(task, at('09:05:00'))).toEqual({ text: 'overdue by 5 min', overdue: true });
  });

  it('counts down to a task due later, and gives a task written late its five minutes from then', () => {
    expect(taskDueState({ dueAt: '2026-03-02T11:00:00Z', createdAt: '2026-03-02T09:00:00Z' }, at('09:30:00'))).toEqual({
      text: '1 h 30 min left',
      overdue: false,
    });
    const late = { dueAt: '2026-03-02T08:00:00Z', createdAt: '2026-03-02T09:00:00Z' };
    expect(taskDueState(late, at('09:03:00'))).toEqual({ text: 'due now', overdue: false });
    expect(taskDueState(late, at('09:06:00'))).toEqual({ text: 'overdue by 1 h 6 min', overdue: true });
  });
});
