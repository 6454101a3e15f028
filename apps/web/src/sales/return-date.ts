/**
 * When to bring a recycled lead back, as sales picks it: a calendar day in their own time zone.
 * The lead returns at the start of that working day (09:00), not at midnight, so it lands in the
 * queue when someone is there to call.
 */

const RETURN_HOUR = 9;

/** `YYYY-MM-DD` of a moment, in the browser's zone (what a date input shows). */
export function localDay(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The instant a lead picked for `day` (`YYYY-MM-DD`) comes back: 09:00 that day, local time. */
export function returnInstant(day: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const at = new Date(year, month, date, RETURN_HOUR);
  if (at.getFullYear() !== year || at.getMonth() !== month || at.getDate() !== date) return null;
  return at.toISOString();
}

/** The earliest day a date input offers: tomorrow. */
export function earliestReturnDay(now: number): string {
  const d = new Date(now);
  return localDay(new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1, RETURN_HOUR).getTime());
}

/** How far ahead the server lets a lead be brought back. */
const LONGEST_RETURN_YEARS = 10;

/** The latest day a date input offers: the same day ten years on, the furthest the server accepts. */
export function latestReturnDay(now: number): string {
  const d = new Date(now);
  return localDay(new Date(d.getFullYear() + LONGEST_RETURN_YEARS, d.getMonth(), d.getDate(), RETURN_HOUR).getTime());
}

/**
 * Why a day typed into the date input cannot be the return date, in plain words; null when it can
 * (or when none is given: the journey then decides).
 */
export function returnDayProblem(day: string, now: number): string | null {
  if (!day) return null;
  if (!returnInstant(day)) return 'That is not a day on the calendar: pick one with the date picker.';
  const earliest = earliestReturnDay(now);
  const latest = latestReturnDay(now);
  if (day === localDay(now)) return 'The lead cannot come back today: pick tomorrow or a later day.';
  if (day < earliest) return 'That day has already passed: pick tomorrow or a later day.';
  if (day > latest) {
    return `That is more than ${LONGEST_RETURN_YEARS} years ahead: pick a day no later than ${returnDayText(returnInstant(latest)!)}.`;
  }
  return null;
}

/**
 * The server's refusal of a return date without the exact instants and field name it adds for
 * API callers, which mean nothing to someone who picked a day.
 */
export function returnRefusalText(message: string): string {
  return message
    .replace(/ \(returnAt\)/, '')
    .replace(/ \(it is [^)]*\)/, '')
    .trim();
}

/**
 * "In 1 month", "In 3 months", "In 6 months": calendar months, clamped to the month's end, and
 * moved on to Monday when they fall on a weekend, when nobody would pick up the lead.
 */
export function returnPresets(now: number): { label: string; day: string }[] {
  const d = new Date(now);
  return [1, 3, 6].map((months) => {
    const lastOfTarget = new Date(d.getFullYear(), d.getMonth() + months + 1, 0).getDate();
    const target = new Date(d.getFullYear(), d.getMonth() + months, Math.min(d.getDate(), lastOfTarget), RETURN_HOUR);
    const weekendDays = { 6: 2, 0: 1 }[target.getDay()] ?? 0;
    target.setDate(target.getDate() + weekendDays);
    return { label: `In ${months} month${months === 1 ? '' : 's'}`, day: localDay(target.getTime()) };
  });
}

// Spelled out here rather than through toLocaleString, whose punctuation differs between ICU builds.
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Tue 1 Sep 2026": the local day of a return date, as a confirmation names it. */
export function returnDayText(returnAt: string): string {
  const d = new Date(Date.parse(returnAt));
  return `${WEEKDAYS[d.getDay()]} ${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
}

/** "Tue 1 Sep 2026, 09:00 · in 3 months" — how the desk shows a return date. */
export function returnText(returnAt: string, now: number): string {
  const at = Date.parse(returnAt);
  const d = new Date(at);
  const time = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  const when = `${returnDayText(returnAt)}, ${time}`;
  if (at <= now) {
    const ago = Math.floor((now - at) / 86_400_000);
    return `${when} · ${ago === 0 ? 'passed' : ago === 1 ? '1 day ago' : `${ago} days ago`}`;
  }
  const days = Math.round((at - now) / 86_400_000);
  const ahead = days === 0 ? 'today' : days === 1 ? 'tomorrow' : days < 60 ? `in ${days} days` : `in ${Math.round(days / 30.44)} months`;
  return `${when} · ${ahead}`;
}
