import { hostileStringProblem } from '@trellis/journey';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.js';

/**
 * The edge check for what the URL carries, as `readJson` does it for bodies: a path parameter
 * or a query string key or value holding NUL or a lone surrogate, or longer than any id or
 * filter we keep, is 400 naming it before a route (or the database) sees it. Only the API's
 * routes: the links in emails (`/t/…`) carry signed tokens that answer a page whatever they hold.
 */

/**
 * Ids and filters are short; PostgreSQL's btree indexes refuse keys over 2,704 bytes, so a
 * longer value could only ever fail there. Measured in UTF-8 bytes, as the index measures it.
 */
export const MAX_URL_VALUE_BYTES = 2_048;

export function refuseHostileUrl(): MiddlewareHandler {
  return async (c, next) => {
    for (const [name, value] of Object.entries(c.req.param() as Record<string, string>)) {
      const problem = urlValueProblem(value);
      if (problem) throw new ApiError(400, 'invalid_path', `The path parameter ${name} ${problem}.`, [{ path: [name], message: problem }]);
    }
    for (const [name, values] of Object.entries(c.req.queries())) {
      const problem = urlValueProblem(name) ?? values.map(urlValueProblem).find((p) => p !== undefined);
      if (problem) {
        const shown = name.length > 100 ? `${name.slice(0, 100)}…` : name;
        throw new ApiError(400, 'invalid_query', `The query parameter ${shown} ${problem}.`, [{ path: [name], message: problem }]);
      }
    }
    await next();
  };
}

function urlValueProblem(value: string): string | undefined {
  const hostile = hostileStringProblem(value);
  if (hostile !== undefined) return hostile;
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > MAX_URL_VALUE_BYTES) return `must be at most ${MAX_URL_VALUE_BYTES.toLocaleString('en-US')} bytes (got ${bytes.toLocaleString('en-US')})`;
  return undefined;
}
