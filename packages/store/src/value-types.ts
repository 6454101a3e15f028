/**
 * The one place where database values become JS values, shared by both executors so the same
 * SQL gives the same types on PGlite and on PostgreSQL. Out of the box postgres.js returns int8
 * and numeric as strings, PGlite returns int8 as a number and numeric as a string, and the two
 * disagree on a string passed for a jsonb parameter (PGlite takes it as JSON text, postgres.js
 * as a JSON string value).
 */

export const PG_TYPE = {
  int8: 20,
  numeric: 1700,
  json: 114,
  jsonb: 3802,
} as const;

/**
 * int8 (counts, sums, bigserial) as a JS number. Counts and sequence numbers stay far below
 * 2^53; a value past that would lose precision silently, so it is refused loudly instead.
 */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`int8 value ${text} does not fit a JS number exactly`);
  }
  return value;
}

/** numeric as a JS number: scores and averages, where a double is precise enough. */
export function parseNumeric(text: string): number {
  return Number(text);
}

/** A jsonb/json parameter is always a JS value to serialise, on both databases. */
export function serializeJson(value: unknown): string {
  return JSON.stringify(value);
}
