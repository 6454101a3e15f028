import type { MiddlewareHandler } from 'hono';
import type { Logger as Pino } from 'pino';
import { pathPattern, type RouteSpec } from './route.js';

/**
 * One JSON line per request: method, path, status and milliseconds. The query string is left
 * out (it may carry anything), and a path whose route takes a secret (the tracking and
 * unsubscribe links' `:token`) is logged as the route's pattern, not the token.
 */
export function logRequests(logger: Pino, routes: readonly RouteSpec[]): MiddlewareHandler {
  const secretRoutes = routes
    .filter((route) => route.path.split('/').includes(':token'))
    .map((route) => ({ pattern: route.path, matches: pathPattern(route.path) }));
  const loggedPath = (path: string) => secretRoutes.find((route) => route.matches.test(path))?.pattern ?? path;

  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const ms = Math.round((performance.now() - started) * 10) / 10;
      // A thrown error has been answered by app.onError by now; c.res holds that answer.
      logger.info({ method: c.req.method, path: loggedPath(c.req.path), status: c.res.status, ms }, 'request');
    }
  };
}
