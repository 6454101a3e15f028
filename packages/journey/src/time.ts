import { DateTime, Duration, IANAZone } from 'luxon';
import { cachedZone } from './cached-zone.js';
import type { Weekday } from './schema.js';

/**
 * Durations, times of day and zones as the journey format reads them ("Values used
 * everywhere"). Every instant is epoch milliseconds. Luxon does the zone work (offsets,
 * gaps, repeated hours) and month arithmetic. These functions run for every lead at every
 * step of the simulator, so three shortcuts avoid building DateTimes where the answer is
 * plain: units whose length never varies (hours and smaller anywhere; days and weeks in UTC)
 * are added as milliseconds, calendar dates are stepped as day numbers (a date has no zone),
 * and zones remember luxon's offsets per hour (cached-zone.ts).
 *
 * Rules the spec leaves open, chosen here:
 * - A duration is luxon's ISO 8601 reading with no negative part, at least one unit, no
 *   dangling `T`, and at most 100 years (no journey waits longer; it would overflow dates).
 * - A local time that does not exist (the spring-forward gap) moves forward by the length of
 *   the gap (02:30 → 03:30 in New York); one that happens twice (autumn) is its first
 *   occurrence, and only that one counts: every local day has exactly one instant per time.
 *   Adding whole days follows the same rule; adding months keeps luxon's (the offset the
 *   start had, where it still applies).
 * - A zone that is not a valid IANA name is read as UTC (the spec's last fallback).
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const MAX_DURATION_MS = 100 * 365.25 * DAY_MS;
/** Caches are keyed by strings from journeys and leads; a cap keeps hostile input bounded. */
const CACHE_LIMIT = 10_000;

interface ParsedDuration {
  duration: Duration;
  /** Set when the duration has only hours and smaller units: the same length in every zone. */
  fixedMs: number | null;
  /** Set when it has no months, quarters or years: its exact length in UTC. */
  utcMs: number | null;
  /** Set when its calendar part is a whole number of days (weeks included). */
  wholeDays: number | null;
  /** Its hours and smaller units, in milliseconds. */
  clockMs: number;
  /** Set when its calendar part is whole months (years and quarters included) and whole days. */
  calendar: { months: number; days: number } | null;
}

const durationCache = new Map<string, ParsedDuration | null>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

function parsedDuration(iso: string): ParsedDuration | null {
  const cached = durationCache.get(iso);
  if (cached !== undefined || durationCache.has(iso)) return cached ?? null;
  return remember(durationCache, iso, readDuration(iso));
}

function readDuration(iso: string): ParsedDuration | null {
  if (typeof iso !== 'string' || iso.endsWith('T')) return null;
  const duration = Duration.fromISO(iso);
  if (!duration.isValid) return null;
  const parts = duration.toObject();
  const units = Object.keys(parts) as (keyof typeof parts)[];
  if (units.length === 0) return null;
  for (const unit of units) {
    const amount = parts[unit];
    if (amount === undefined || !Number.isFinite(amount) || amount < 0) return null;
  }
  if (duration.as('milliseconds') > MAX_DURATION_MS) return null;

  const years = parts.years ?? 0;
  const quarters = parts.quarters ?? 0;
  const months = parts.months ?? 0;
  const weeks = parts.weeks ?? 0;
  const days = parts.days ?? 0;
  const clockMs =
    (parts.hours ?? 0) * HOUR_MS +
    (parts.minutes ?? 0) * 60_000 +
    (parts.seconds ?? 0) * 1000 +
    (parts.milliseconds ?? 0);
  const calendarFree = years === 0 && quarters === 0 && months === 0;
  return {
    duration,
    fixedMs: calendarFree && weeks === 0 && days === 0 ? clockMs : null,
    utcMs: calendarFree ? (weeks * 7 + days) * DAY_MS + clockMs : null,
    wholeDays: calendarFree && Number.isInteger(weeks * 7 + days) ? weeks * 7 + days : null,
    clockMs,
    calendar:
      Number.isInteger(years * 12 + quarters * 3 + months) && Number.isInteger(weeks * 7 + days)
        ? { months: years * 12 + quarters * 3 + months, days: weeks * 7 + days }
        : null,
  };
}

/** The luxon Duration for an ISO 8601 string, or null when unparseable, empty or negative. */
export function parseDuration(iso: string): Duration | null {
  return parsedDuration(iso)?.duration ?? null;
}

export function isValidDuration(iso: string): boolean {
  return parsedDuration(iso) !== null;
}

/**
 * Whether a valid duration moves no clock: `PT0S`, `P0D`, or one shorter than the millisecond
 * instants are kept in. A wait or SLA that long does not pause a lead.
 */
export function isZeroDuration(iso: string): boolean {
  const parsed = parsedDuration(iso);
  return parsed !== null && parsed.duration.as('milliseconds') < 1;
}

function requireDuration(iso: string): ParsedDuration {
  const parsed = parsedDuration(iso);
  if (parsed === null) throw new Error(`"${String(iso)}" is not an ISO 8601 duration such as PT5M or P3D`);
  return parsed;
}

function isUtc(zone: string): boolean {
  return zone === 'UTC' || zone === 'Etc/UTC';
}

/**
 * `atMs` moved by `iso` in `zone`'s calendar: P1D is the same wall-clock time the next day
 * (23 or 25 hours across a DST change), P1M the same day next month or its last day
 * (Jan 31 + P1M = Feb 28/29), PT24H exactly 24 hours. Calendar units move first, then
 * clock units (P1DT2H is tomorrow at this time, plus two hours).
 */
export function addDuration(atMs: number, iso: string, zone: string): number {
  return shift(atMs, requireDuration(iso), zone, 1);
}

/** `atMs` moved back by `iso`, with the calendar rules of `addDuration` (condition windows). */
export function subtractDuration(atMs: number, iso: string, zone: string): number {
  return shift(atMs, requireDuration(iso), zone, -1);
}

function shift(atMs: number, parsed: ParsedDuration, zone: string, sign: 1 | -1): number {
  if (parsed.fixedMs !== null) return atMs + sign * parsed.fixedMs;
  const safeZone = usableZone(zone);
  if (parsed.utcMs !== null && isUtc(safeZone)) return atMs + sign * parsed.utcMs;
  if (parsed.wholeDays !== null) {
    // Whole days only: the same clock time on another civil date, without luxon's costlier plus.
    const local = localParts(atMs, safeZone);
    return instantAt(local.civilDay + sign * parsed.wholeDays, local.clockMs, safeZone) + sign * parsed.clockMs;
  }
  if (parsed.calendar !== null) {
    // Months first, the day clamped to the month's length (Jan 31 + P1M = Feb 28/29), then
    // days, then the clock: luxon's order, on civil dates.
    const local = localParts(atMs, safeZone);
    calendar.setTime(local.civilDay * DAY_MS);
    const monthIndex = calendar.getUTCMonth() + sign * parsed.calendar.months;
    const year = calendar.getUTCFullYear() + Math.floor(monthIndex / 12);
    const month = ((monthIndex % 12) + 12) % 12;
    const day = Math.min(calendar.getUTCDate(), daysInMonth(year, month));
    const civilDay = civilDayOf(year, month + 1, day) + sign * parsed.calendar.days;
    return instantAt(civilDay, local.clockMs, safeZone) + sign * parsed.clockMs;
  }
  const start = DateTime.fromMillis(atMs, { zone: cachedZone(safeZone) });
  const moved = sign === 1 ? start.plus(parsed.duration) : start.minus(parsed.duration);
  const result = moved.toMillis();
  if (!Number.isFinite(result)) {
    throw new Error(`moving ${new Date(atMs).toISOString()} by ${parsed.duration.toISO()} leaves the calendar's range`);
  }
  return result;
}

interface TimeOfDay {
  hour: number;
  minute: number;
}

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;
const timeOfDayCache = new Map<string, Readonly<TimeOfDay> | null>();

/** `"HH:MM"`, 24 h, exactly two digits each; anything else is null. */
export function parseTimeOfDay(s: string): { hour: number; minute: number } | null {
  const cached = timeOfDayCache.get(s);
  if (cached !== undefined) return cached;
  const match = typeof s === 'string' ? TIME_OF_DAY.exec(s) : null;
  const parsed = match ? Object.freeze({ hour: Number(match[1]), minute: Number(match[2]) }) : null;
  return remember(timeOfDayCache, s, parsed);
}

export function isValidTimeOfDay(s: string): boolean {
  return parseTimeOfDay(s) !== null;
}

function requireTimeOfDay(s: string): Readonly<TimeOfDay> {
  const parsed = parseTimeOfDay(s);
  if (parsed === null) throw new Error(`"${String(s)}" is not a time of day as HH:MM`);
  return parsed;
}

const zoneCache = new Map<string, boolean>();

/** Whether `zone` names an IANA time zone the runtime knows (`Europe/London`, `UTC`). */
export const TIME_ZONE_HINT = 'use an IANA name such as Europe/London or America/New_York';

export function isValidTimeZone(zone: string): boolean {
  const cached = zoneCache.get(zone);
  if (cached !== undefined) return cached;
  return remember(zoneCache, zone, typeof zone === 'string' && IANAZone.isValidZone(zone));
}

function usableZone(zone: string): string {
  return isUtc(zone) || isValidTimeZone(zone) ? zone : 'UTC';
}

/** The zone a lead's times of day are read in: theirs, else the journey's, else UTC. */
export function leadZone(leadTimezone: string | null | undefined, settingsTimezone: string | undefined): string {
  if (leadTimezone && isValidTimeZone(leadTimezone)) return leadTimezone;
  if (settingsTimezone && isValidTimeZone(settingsTimezone)) return settingsTimezone;
  return 'UTC';
}

/** Luxon numbers weekdays 1 (Monday) to 7 (Sunday). */
const WEEKDAY_NUMBER: Record<Weekday, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

const EVERY_DAY = 0b1111_1110;

/** Bit set of allowed luxon weekdays; an absent or empty list allows every day. */
function weekdayMask(days: readonly Weekday[] | undefined): number {
  if (!days || days.length === 0) return EVERY_DAY;
  let mask = 0;
  for (const day of days) mask |= 1 << (WEEKDAY_NUMBER[day] ?? 0);
  return mask === 1 ? EVERY_DAY : mask;
}

/**
 * Where an instant falls on the local calendar. A civil day is a calendar date counted as
 * days since 1970-01-01, with no zone attached, so stepping dates and weekdays is integer
 * arithmetic; luxon turns a (civil day, clock time) back into an instant in the zone.
 */
interface LocalParts {
  civilDay: number;
  /** Milliseconds since local midnight as the clock shows it (not elapsed time). */
  clockMs: number;
}

function localParts(atMs: number, zone: string): LocalParts {
  // The zone's offset (cached per hour) is all it takes: no DateTime on this hot path.
  const local = isUtc(zone) ? atMs : atMs + offsetMs(atMs, zone);
  const civilDay = Math.floor(local / DAY_MS);
  return { civilDay, clockMs: local - civilDay * DAY_MS };
}

function offsetMs(atMs: number, zone: string): number {
  return cachedZone(zone).offset(atMs) * 60_000;
}

const calendar = new Date(0);

/** Days in a month (0-based), from the civil day count of the next month's first. */
function daysInMonth(year: number, month: number): number {
  return civilDayOf(year, month + 2, 1) - civilDayOf(year, month + 1, 1);
}

function civilDayOf(year: number, month: number, day: number): number {
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  return Math.floor(calendar.setUTCFullYear(year, month - 1, day) / DAY_MS);
}

/** Luxon's weekday (1 = Monday … 7 = Sunday) of a civil day; day 0 was a Thursday. */
function weekdayOf(civilDay: number): number {
  return ((((civilDay + 3) % 7) + 7) % 7) + 1;
}

/**
 * The one instant showing `clockMs` on the local clock on `civilDay` (rules at the top: a
 * time in a gap moves forward by the gap, a repeated time is its first occurrence).
 */
function instantAt(civilDay: number, clockMs: number, zone: string): number {
  const wall = civilDay * DAY_MS + clockMs;
  if (isUtc(zone)) return wall;
  // Offsets in force a day either side bracket any change near this wall-clock time.
  const before = offsetMs(wall - DAY_MS, zone);
  const after = offsetMs(wall + DAY_MS, zone);
  let first = Infinity;
  for (const offset of before === after ? [before] : [before, after]) {
    const candidate = wall - offset;
    if (offsetMs(candidate, zone) === offset) first = Math.min(first, candidate);
  }
  // In a spring-forward gap no instant shows this time: move forward by the gap's length.
  if (first === Infinity) first = wall - before;
  if (!Number.isFinite(first)) throw new Error(`no instant for civil day ${civilDay} in ${zone}`);
  return first;
}

/** A week plus slack: every weekly pattern recurs within it. */
const SEARCH_DAYS = 9;

/**
 * The first instant strictly after `afterMs` whose local time in `zone` is `time`, on one of
 * `days` (any day when absent or empty). Throws only for an unparseable `time`.
 */
export function nextTimeOfDay(afterMs: number, time: string, days: Weekday[] | undefined, zone: string): number {
  return nextLocalTime(afterMs, clockMsOf(requireTimeOfDay(time)), weekdayMask(days), usableZone(zone), false);
}

/** The first instant after `afterMs` (or at it, when `orAt`) showing `clockMs` on an allowed day. */
function nextLocalTime(afterMs: number, clockMs: number, mask: number, zone: string, orAt: boolean): number {
  const today = localParts(afterMs, zone).civilDay;
  for (let civilDay = today; civilDay <= today + SEARCH_DAYS; civilDay++) {
    if ((mask & (1 << weekdayOf(civilDay))) === 0) continue;
    const candidate = instantAt(civilDay, clockMs, zone);
    if (candidate > afterMs || (orAt && candidate === afterMs)) return candidate;
  }
  // Unreachable: an allowed day falls within every week.
  throw new Error(`no local time found after ${new Date(afterMs).toISOString()} in ${zone}`);
}

function clockMsOf(time: Readonly<TimeOfDay>): number {
  return time.hour * HOUR_MS + time.minute * 60_000;
}

/** Whether a local clock reading lies in [from, to), a range that wraps midnight when from > to. */
function inClockRange(clockMs: number, fromMs: number, toMs: number): boolean {
  return fromMs < toMs ? clockMs >= fromMs && clockMs < toMs : clockMs >= fromMs || clockMs < toMs;
}

interface DeliveryRules {
  zone: string;
  quiet: { fromMs: number; toMs: number } | null;
  /** `from == to` is the whole day, opening at midnight. */
  window: { mask: number; fromMs: number; toMs: number } | null;
}

/**
 * The earliest instant ≥ `atMs` outside quiet hours and inside the send window, both read on
 * the local clock of `zone`:
 * - quiet hours are [from, to), wrapping midnight when from > to (20:00 → 08:00); from == to
 *   means no quiet hours.
 * - the send window is [from, to) on its days; when from > to it runs past midnight and
 *   belongs to the day it opens (fri 22:00 → 02:00 includes Saturday 01:00); from == to
 *   means the whole of each listed day.
 * When quiet hours cover every moment of the send window (no instant satisfies both), the
 * next window opening (or `atMs` if already inside the window) is returned anyway: a send
 * that can never be polite should still go at a moment the sender chose to work.
 * Throws only for an unparseable time of day.
 */
export function nextDeliveryMoment(
  atMs: number,
  zone: string,
  quietHours?: { from: string; to: string },
  sendWindow?: { days: Weekday[]; from: string; to: string },
): number {
  const rules = deliveryRules(zone, quietHours, sendWindow);
  if (rules.quiet === null && rules.window === null) return atMs;

  const giveUpAt = atMs + (SEARCH_DAYS + 1) * DAY_MS;
  let at = atMs;
  // Each pass moves to the earliest instant meeting one rule; no instant meeting both is
  // ever skipped, so the first instant that moves neither is the answer.
  for (let pass = 0; pass < 64 && at <= giveUpAt; pass++) {
    const local = localParts(at, rules.zone);
    if (rules.window !== null && !inSendWindow(local, rules.window)) {
      at = nextWindowOpening(at, rules.window, rules.zone);
      continue;
    }
    if (rules.quiet !== null && inClockRange(local.clockMs, rules.quiet.fromMs, rules.quiet.toMs)) {
      at = nextLocalTime(at, rules.quiet.toMs, EVERY_DAY, rules.zone, false);
      continue;
    }
    return at;
  }
  const window = rules.window;
  if (window === null) return at;
  return inSendWindow(localParts(atMs, rules.zone), window) ? atMs : nextWindowOpening(atMs, window, rules.zone);
}

function deliveryRules(
  zone: string,
  quietHours: { from: string; to: string } | undefined,
  sendWindow: { days: Weekday[]; from: string; to: string } | undefined,
): DeliveryRules {
  let quiet: DeliveryRules['quiet'] = null;
  if (quietHours) {
    const fromMs = clockMsOf(requireTimeOfDay(quietHours.from));
    const toMs = clockMsOf(requireTimeOfDay(quietHours.to));
    if (fromMs !== toMs) quiet = { fromMs, toMs };
  }
  let window: DeliveryRules['window'] = null;
  if (sendWindow) {
    const fromMs = clockMsOf(requireTimeOfDay(sendWindow.from));
    const toMs = clockMsOf(requireTimeOfDay(sendWindow.to));
    window = { mask: weekdayMask(sendWindow.days), fromMs, toMs };
  }
  return { zone: usableZone(zone), quiet, window };
}

function inSendWindow(local: LocalParts, window: NonNullable<DeliveryRules['window']>): boolean {
  const { mask, fromMs, toMs } = window;
  const allowedToday = (mask & (1 << weekdayOf(local.civilDay))) !== 0;
  if (fromMs === toMs) return allowedToday;
  if (fromMs < toMs) return allowedToday && local.clockMs >= fromMs && local.clockMs < toMs;
  if (allowedToday && local.clockMs >= fromMs) return true;
  const allowedYesterday = (mask & (1 << weekdayOf(local.civilDay - 1))) !== 0;
  return allowedYesterday && local.clockMs < toMs;
}

/** The first window opening ≥ `atMs`, for an instant outside the window. */
function nextWindowOpening(atMs: number, window: NonNullable<DeliveryRules['window']>, zone: string): number {
  const opensAt = window.fromMs === window.toMs ? 0 : window.fromMs;
  return nextLocalTime(atMs, opensAt, window.mask, zone, true);
}
