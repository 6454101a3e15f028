import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { DatabaseOpenError, DataDirLockedError } from '@trellis/store';
import { resolveAdminToken, type AdminToken } from './admin-token.js';
import { bootTrellis, type Trellis } from './boot.js';
import { ConfigError, readConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import type { ServerPhase } from './route.js';
import { createStartingApp } from './starting-app.js';
import { onStopRequests, type StopReason } from './stop-requests.js';

/**
 * The start command: reads the environment, listens, opens the database, serves; stops cleanly
 * on SIGINT/SIGTERM or when the process that started it is gone (stop-requests.ts).
 */

const SHUTDOWN_GRACE_MS = 10_000;

function fail(message: string): never {
  console.error(`Trellis cannot start: ${message}`);
  process.exit(1);
}

let config: Config;
try {
  config = readConfig(process.env);
} catch (error) {
  fail(error instanceof ConfigError ? error.message : String(error));
}

let admin: AdminToken;
try {
  admin = resolveAdminToken({ envToken: config.adminToken, dataDir: config.dataDir });
} catch (error) {
  fail(`could not set up the admin token in ${resolve(config.dataDir)}: ${(error as Error).message}`);
}

const logger = createLogger(config.logLevel);
let phase: ServerPhase = 'starting';
let trellis: Trellis | undefined;
const starting = createStartingApp(config);

// Listen first, then open and migrate the database: meanwhile /api/ready answers 503 (a probe
// or a test sees "starting", not "connection refused"), and a port in use is said at once.
const server = serve({ fetch: (request, env) => (trellis?.app ?? starting).fetch(request, env), port: config.port });
try {
  await new Promise<void>((listening, failed) => {
    server.once('listening', listening);
    server.once('error', failed);
  });
} catch (error) {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') fail(`port ${config.port} is already in use; set PORT to a free port.`);
  fail((error as Error).message);
}
const url = `http://localhost:${(server.address() as AddressInfo).port}`;
console.log(`Trellis is starting at ${url} (opening and migrating the database)…`);

const booting = bootTrellis({
  config,
  admin,
  env: process.env,
  webDist: fileURLToPath(new URL('../../web/dist/', import.meta.url)),
  examplesDir: fileURLToPath(new URL('../../../examples/', import.meta.url)),
  log: (line) => logger.error(line),
  logger,
  phase: () => phase,
});
onStopRequests({
  stop: (reason) => void stop(reason),
  again: (reason) => {
    console.log(`${reason} again: stopping now.`);
    process.exit(1);
  },
});
try {
  trellis = await booting;
} catch (error) {
  if (error instanceof DataDirLockedError || error instanceof DatabaseOpenError) fail(`${error.message}.`);
  fail((error as Error).stack ?? String(error));
}
if (phase === 'starting') {
  phase = 'serving';
  printBanner(trellis);
}

function printBanner(running: Trellis): void {
  console.log(`Trellis is running at ${url}`);
  console.log(`  database: ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded, in ${resolve(config.dataDir)}`}`);
  for (const example of running.examples.journeys) {
    const state =
      'version' in example.outcome
        ? `published as version ${example.outcome.version}`
        : 'problems' in example.outcome
          ? `kept as a draft (${example.outcome.problems} problems)`
          : 'saved as a draft (examples never go live by themselves on a PostgreSQL server; publish one from the editor)';
    console.log(`  example journey "${example.name}" (${example.id}) ${state}`);
  }
  if (running.examples.templates.length > 0) console.log(`  ${running.examples.templates.length} example templates saved`);
  if (running.metrics) console.log(`  metrics: ${url}/metrics`);
  console.log(`  ${loginHint(admin)}`);
  console.log(`  open ${url} and paste the token, or: curl -H "Authorization: Bearer <token>" ${url}/api/journeys`);
}

function loginHint(token: AdminToken): string {
  switch (token.source) {
    case 'env':
      return 'log in with the token in TRELLIS_ADMIN_TOKEN (role admin)';
    case 'created':
      return `log in with this admin token (shown once; kept in ${resolve(token.file)}):\n\n    ${token.token}\n`;
    case 'file':
      return `log in with the admin token kept in ${resolve(token.file)}`;
  }
}

/**
 * Stop taking requests, end the SSE streams (they would hold the server open), let requests in
 * flight finish, stop the workers (each finishes the transaction in hand), close the database.
 * Asked while starting, it lets the start finish first (a migration is one transaction).
 */
async function stop(reason: StopReason): Promise<void> {
  phase = 'stopping';
  console.log(`${reason}: stopping (finishing requests and work in hand)…`);
  setTimeout(() => {
    console.error(`Still busy after ${SHUTDOWN_GRACE_MS / 1000} s; stopping anyway.`);
    process.exit(1);
  }, SHUTDOWN_GRACE_MS).unref();
  const closed = new Promise<void>((done) => server.close(() => done()));
  // Keep-alive connections would hold close() open; idle ones can go at once.
  if ('closeIdleConnections' in server) server.closeIdleConnections();
  const running = await booting.catch(() => undefined);
  running?.closeStreams();
  await closed;
  await running?.stop();
  console.log('Stopped.');
  process.exit(0);
}
