/** The time left until an SLA runs out, as sales reads it: "3 h 12 min left", "overdue by 5 min". */
export function countdownText(dueAt: string | null, now: number): string {
  if (!dueAt) return 'no SLA';
  const left = Date.parse(dueAt) - now;
  const minutes = Math.floor(Math.abs(left) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const text = days > 0 ? `${days} d ${hours} h` : hours > 0 ? `${hours} h ${mins} min` : minutes > 0 ? `${mins} min` : 'less than a minute';
  return left >= 0 ? `${text} left` : `overdue by ${text}`;
}

export interface DueState {
  text: string;
  overdue: boolean;
}

/** A handoff's SLA: overdue the moment it runs out, since the journey acts on it then. */
export function slaState(dueAt: string | null, now: number): DueState {
  return { text: countdownText(dueAt, now), overdue: dueAt !== null && Date.parse(dueAt) < now };
}

/**
 * How long a task reads "due now" before it is overdue. A journey's call task is usually due
 * the moment it is written ("call within minutes"), and nobody can pick it up in the same
 * second; five minutes is the speed-to-lead mark sales aim for.
 */
export const DUE_NOW_MS = 5 * 60_000;

/**
 * A task's due time as sales reads it: "2 h 5 min left", then "due now" from its due time until
 * DUE_NOW_MS after it (or after the task appeared, when it was written late, e.g. a retried
 * delivery), then overdue, counted from its due time.
 */
export function taskDueState(task: { dueAt: string; createdAt: string }, now: number): DueState {
  const due = Date.parse(task.dueAt);
  if (now < due) return { text: countdownText(task.dueAt, now), overdue: false };
  if (now < Math.max(due, Date.parse(task.createdAt)) + DUE_NOW_MS) return { text: 'due now', overdue: false };
  return { text: countdownText(task.dueAt, now), overdue: true };
}
