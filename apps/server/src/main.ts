import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { DatabaseOpenError, DataDirLockedError } from '@trellis/store';
import { resolveAdminToken, type AdminToken } from './admin-token.js';
import { bootTrellis, type Trellis } from './boot.js';
import { ConfigError, readConfig } from './config.js';

/** The start command: reads the environment, starts the server, stops it cleanly on a signal. */

const SHUTDOWN_GRACE_MS = 10_000;

function fail(message: string): never {
  console.error(`Trellis cannot start: ${message}`);
  process.exit(1);
}

let config;
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

let trellis: Trellis;
try {
  trellis = await bootTrellis({
    config,
    admin,
    env: process.env,
    webDist: fileURLToPath(new URL('../../web/dist/', import.meta.url)),
    examplesDir: fileURLToPath(new URL('../../../examples/', import.meta.url)),
    log: (line) => console.error(line),
  });
} catch (error) {
  if (error instanceof DataDirLockedError || error instanceof DatabaseOpenError) fail(`${error.message}.`);
  fail((error as Error).stack ?? String(error));
}

const server = serve({ fetch: trellis.app.fetch, port: config.port }, (info) => {
  const url = `http://localhost:${info.port}`;
  console.log(`Trellis is running at ${url}`);
  console.log(`  database: ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded, in ${resolve(config.dataDir)}`}`);
  for (const example of trellis.examples.journeys) {
    const state =
      'version' in example.outcome
        ? `published as version ${example.outcome.version}`
        : 'problems' in example.outcome
          ? `kept as a draft (${example.outcome.problems} problems)`
          : 'saved as a draft (examples never go live by themselves on a PostgreSQL server; publish one from the editor)';
    console.log(`  example journey "${example.name}" (${example.id}) ${state}`);
  }
  if (trellis.examples.templates.length > 0) console.log(`  ${trellis.examples.templates.length} example templates saved`);
  console.log(`  ${loginHint(admin)}`);
  console.log(`  open ${url} and paste the token, or: curl -H "Authorization: Bearer <token>" ${url}/api/journeys`);
});

server.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') {
    void trellis.stop().finally(() => fail(`port ${config.port} is already in use; set PORT to a free port.`));
    return;
  }
  fail(error.message);
});

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

let stopping = false;

/**
 * Stop taking requests, end the SSE streams (they would hold the server open), let requests in
 * flight finish, stop the workers (each finishes the transaction in hand), close the database.
 */
async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) {
    console.log(`${signal} again: stopping now.`);
    process.exit(1);
  }
  stopping = true;
  console.log(`${signal}: stopping (finishing requests and work in hand)…`);
  setTimeout(() => {
    console.error(`Still busy after ${SHUTDOWN_GRACE_MS / 1000} s; stopping anyway.`);
    process.exit(1);
  }, SHUTDOWN_GRACE_MS).unref();
  const closed = new Promise<void>((done) => server.close(() => done()));
  // Keep-alive connections would hold close() open; idle ones can go at once.
  if ('closeIdleConnections' in server) server.closeIdleConnections();
  trellis.closeStreams();
  await closed;
  await trellis.stop();
  console.log('Stopped.');
  process.exit(0);
}

process.on('SIGINT', (signal) => void stop(signal));
process.on('SIGTERM', (signal) => void stop(signal));
