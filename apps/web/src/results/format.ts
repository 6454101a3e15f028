/** How the Results tab writes numbers: rates as percents, intervals, p-values and durations people read. */

export function percent(rate: number, digits = 1): string {
  if (!Number.isFinite(rate)) return '–';
  return `${(rate * 100).toFixed(digits)}%`;
}

/** A 95% interval of rates: `8.1–14.2%`. */
export function interval([lo, hi]: readonly [number, number]): string {
  return `${(lo * 100).toFixed(1)}–${(hi * 100).toFixed(1)}%`;
}

/** A difference in percentage points, signed: `+12.3 pts`. */
export function points(difference: number): string {
  const value = (difference * 100).toFixed(1);
  return `${difference > 0 ? '+' : difference < 0 ? '' : '±'}${value} pts`;
}

/** Small p-values in scientific notation (so 0.0000 never reads as "certain"). */
export function pValueText(p: number | null): string {
  if (p === null) return 'not yet (a variant has no leads)';
  if (p < 0.0001) return p.toExponential(1);
  return p.toFixed(4);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A length of time in its largest sensible units: `3 d 4 h`, `2 h 5 min`, `40 s`. */
export function elapsed(ms: number): string {
  if (ms < MINUTE) return `${Math.round(ms / 1000)} s`;
  if (ms < HOUR) return `${Math.round(ms / MINUTE)} min`;
  if (ms < DAY) {
    const h = Math.floor(ms / HOUR);
    const m = Math.round((ms - h * HOUR) / MINUTE);
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const d = Math.floor(ms / DAY);
  const h = Math.round((ms - d * DAY) / HOUR);
  return h ? `${d} d ${h} h` : `${d} d`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}
