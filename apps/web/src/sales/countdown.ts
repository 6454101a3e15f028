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
