import type { Context } from 'hono';
import { z } from 'zod';
import { ApiError } from '../errors.js';

/**
 * Query strings and path numbers, checked like bodies: a bad one is 400 `invalid_query` naming
 * the parameter, never a 500 nor a silently ignored value.
 */

export function parseQuery<S extends z.ZodType>(schema: S, query: Record<string, string>): z.output<S> {
  const result = schema.safeParse(query);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
    message: issue.message,
  }));
  const first = problems[0]!;
  // An unknown parameter is an issue of the whole query (empty path) that names the keys itself.
  const message = first.path.length > 0 ? `The query parameter ${first.path.join('.')} is not valid: ${first.message}.` : `The query string is not valid: ${first.message}.`;
  throw new ApiError(400, 'invalid_query', message, problems);
}

/** PostgreSQL's `integer` holds no more: a bigger number in a body is refused by its schema, not by the query. */
export const INT4_MAX = 2_147_483_647;

/** A whole number from 1 up written in a path, e.g. the version in `/versions/3`. */
export function positiveInteger(value: string, what: string): number {
  if (!/^[1-9][0-9]{0,8}$/.test(value)) throw new ApiError(400, 'invalid_path', `${what} must be a whole number from 1 (got "${value}").`);
  return Number(value);
}

/** `limit` in a query string: 1 to `max`, `fallback` when absent. */
export function limitParam(fallback: number, max: number) {
  return z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}`)
    .default(fallback);
}

export const isoTime = z.string().describe('ISO 8601, UTC');

/** A path parameter the route's pattern guarantees (Hono types every one as optional). */
export function pathParam(c: Context, name: string): string {
  const value = c.req.param(name);
  if (value === undefined) throw new Error(`route has no :${name} parameter`);
  return value;
}
