import type { Engine } from '@trellis/engine';
import type { SqlExecutor } from '@trellis/store';
import { ApiError } from './errors.js';
import type { ImportRunner } from './imports/import-runner.js';
import type { AppOptions } from './route.js';
import type { StatsFeed } from './stats-feed.js';

/**
 * What the data routes work on: the database, the engine that writes to it, and the stats
 * feed behind the SSE route. main.ts builds one; tests build one per database.
 */
export interface Runtime {
  db: SqlExecutor;
  engine: Engine;
  statsFeed: StatsFeed;
  /** Works through CSV imports in the background. */
  imports: ImportRunner;
}

/** The runtime, or 503 when this app was built without a database (pure-route tests). */
export function runtimeOf(options: AppOptions): Runtime {
  const runtime = options.services.runtime;
  if (!runtime) throw new ApiError(503, 'unavailable', 'This server runs without a database.');
  return runtime;
}
