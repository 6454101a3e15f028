import type { SeriesDay } from '../api/report.js';

/**
 * The report lists only days something happened; a chart needs every day between the first and
 * the last (a quiet day is a zero, not a line drawn straight across it). Days are UTC dates.
 */
export function everyDay(series: readonly SeriesDay[]): SeriesDay[] {
  if (series.length === 0) return [];
  const byDay = new Map(series.map((d) => [d.day, d]));
  const days = [...byDay.keys()].sort();
  const out: SeriesDay[] = [];
  const last = Date.parse(`${days.at(-1)}T00:00:00Z`);
  for (let t = Date.parse(`${days[0]}T00:00:00Z`); t <= last; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push(byDay.get(day) ?? { day, entered: 0, sent: 0, opened: 0, clicked: 0, goal: 0 });
  }
  return out;
}

/** `2026-03-14` → `14 Mar`. */
export function shortDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}
