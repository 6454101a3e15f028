import { Hono } from 'hono';
import { createApp } from './app.js';
import { staticTokens } from './auth.js';
import type { Config } from './config.js';
import { errorBody } from './errors.js';
import { healthRoute } from './routes/health.js';
import { readyRoute } from './routes/ready.js';

/**
 * What the port answers while the database opens and migrates (main.ts listens first, so a
 * probe learns "starting" rather than "connection refused"): /api/health is up, /api/ready
 * is 503 not_ready, anything else 503 starting with Retry-After.
 */
export function createStartingApp(config: Pick<Config, 'databaseUrl'>): Hono {
  const probeRoutes = [healthRoute, readyRoute];
  const probes = createApp(
    { config: { databaseUrl: config.databaseUrl }, services: { tokens: staticTokens([]), phase: () => 'starting' } },
    probeRoutes,
  );
  const app = new Hono();
  app.get(
    '*',
    (c, next) => (probeRoutes.some((route) => route.path === c.req.path) ? probes.fetch(c.req.raw) : next()),
  );
  // Before any token check: nothing can be looked up yet, and a 401 would mislead.
  app.all('*', (c) => {
    c.header('Retry-After', '1');
    return c.json(errorBody('starting', 'Trellis is starting (opening and migrating the database); try again in a moment.'), 503);
  });
  return app;
}
