import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { authenticate, requireRole, type AuthEnv } from './auth.js';
import { parseBody, readJson } from './body.js';
import { errorBody, handleError, type Logger } from './errors.js';
import { pathPattern, type AppOptions, type RouteSpec } from './route.js';
import { logRequests } from './request-log.js';
import { apiRoutes } from './routes/index.js';
import { refuseHostileUrl } from './url-check.js';

export type { AppOptions } from './route.js';

/**
 * The HTTP app: bearer auth on /api (but public routes), every route of the registry with its
 * role check and body reading, the built editor at `/`, and one shape for every error.
 */
export function createApp(options: AppOptions, routes: readonly RouteSpec[] = apiRoutes): Hono<AuthEnv> {
  const log: Logger = options.services.log ?? ((line) => console.error(line));
  const app = new Hono<AuthEnv>();
  app.onError(handleError(log));
  if (options.services.logger) app.use('*', logRequests(options.services.logger, routes));

  const publicPaths = new Set(routes.filter((r) => r.roles === 'public').map((r) => r.path));
  const auth = authenticate(options.services.tokens);
  app.use('/api/*', (c, next) => (publicPaths.has(c.req.path) ? next() : auth(c, next)));

  for (const route of routes) {
    const method = route.method.toUpperCase();
    if (route.roles !== 'public') app.on(method, route.path, requireRole(...route.roles));
    // Per route, not under /api/*: only the route's own pattern gives its path parameters.
    if (isApiPath(route.path)) app.on(method, route.path, refuseHostileUrl());
    app.on(method, route.path, async (c) => {
      let body: unknown;
      if (route.request) {
        const { limit, emptyAs, hostileValues } = route.request;
        const raw = await readJson(c, {
          ...(limit === undefined ? {} : { limit }),
          ...(emptyAs === undefined ? {} : { emptyAs }),
          ...(hostileValues === undefined ? {} : { hostileValues }),
        });
        route.request.precheck?.(raw);
        body = parseBody(route.request.schema, raw);
      }
      return route.handle({ c, body, options, routes });
    });
  }

  const webDist = options.config.webDist;
  if (webDist && existsSync(join(webDist, 'index.html'))) serveEditor(app, webDist);

  app.notFound((c) => {
    const allowed = routes.filter((r) => pathPattern(r.path).test(c.req.path)).map((r) => r.method.toUpperCase());
    if (allowed.length > 0) {
      c.header('Allow', allowed.join(', '));
      return c.json(errorBody('method_not_allowed', `${c.req.path} answers ${allowed.join(', ')}, not ${c.req.method}.`), 405);
    }
    return c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}.`), 404);
  });
  return app;
}

function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/**
 * Files from the editor's build, and its index.html for any other page path so the editor's
 * own routing can take over on reload. A missing asset (a path with a file extension) stays 404.
 */
function serveEditor(app: Hono<AuthEnv>, root: string): void {
  const assets = serveStatic({ root });
  const index = serveStatic({ root, path: 'index.html' });
  app.get(
    '*',
    (c, next) => (isApiPath(c.req.path) ? next() : assets(c, next)),
    (c, next) => (isApiPath(c.req.path) || /\.[^/]*$/.test(c.req.path) ? next() : index(c, next)),
  );
}
