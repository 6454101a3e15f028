import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { resolveAdminToken, type AdminToken } from './admin-token.js';
import { createApp } from './app.js';
import { staticTokens } from './auth.js';
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

const webDist = fileURLToPath(new URL('../../web/dist/', import.meta.url));
const app = createApp({
  config: { databaseUrl: config.databaseUrl, webDist },
  services: { tokens: staticTokens([{ token: admin.token, principal: { name: 'admin', role: 'admin' } }]) },
});

const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
  const url = `http://localhost:${info.port}`;
  console.log(`Trellis is running at ${url}`);
  console.log(`  database: ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded, in ${resolve(config.dataDir)}`}`);
  console.log(`  ${loginHint(admin)}`);
  console.log(`  try: curl -H "Authorization: Bearer <token>" ${url}/api/openapi.json`);
});

server.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') fail(`port ${config.port} is already in use; set PORT to a free port.`);
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
function stop(signal: NodeJS.Signals): void {
  if (stopping) {
    console.log(`${signal} again: stopping now.`);
    process.exit(1);
  }
  stopping = true;
  console.log(`${signal}: stopping (finishing requests in flight)…`);
  server.close(() => process.exit(0));
  // Keep-alive connections would hold close() open; idle ones can go at once.
  if ('closeIdleConnections' in server) server.closeIdleConnections();
  setTimeout(() => {
    console.error(`Requests still open after ${SHUTDOWN_GRACE_MS / 1000} s; stopping anyway.`);
    process.exit(1);
  }, SHUTDOWN_GRACE_MS).unref();
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
