import { DataDirLockedError } from './data-dir-lock.js';
import { migrate } from './migrate.js';
import { openPgliteExecutor } from './pglite-executor.js';
import { openPostgresExecutor } from './postgres-executor.js';
import type { SqlExecutor } from './sql.js';

export interface OpenDatabaseOptions {
  /** DATABASE_URL: when set, that PostgreSQL server; otherwise the embedded PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** TRELLIS_DATA_DIR: where the embedded database keeps its files. */
  dataDir: string;
}

/** The database named by the environment cannot be used; the message says which and why. */
export class DatabaseOpenError extends Error {
  readonly code = 'database_unavailable';
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseOpenError';
  }
}

/** Opens the database the environment names and brings its schema up to date. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<SqlExecutor> {
  if (options.databaseUrl && !isPostgresUrl(options.databaseUrl)) {
    // Not echoed: a malformed URL may still hold a password.
    throw new DatabaseOpenError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const where = options.databaseUrl
    ? `the PostgreSQL server in DATABASE_URL (${redactPassword(options.databaseUrl)})`
    : `the embedded database in ${options.dataDir}`;
  let db: SqlExecutor;
  try {
    db = options.databaseUrl
      ? openPostgresExecutor(options.databaseUrl)
      : await openPgliteExecutor({ dataDir: options.dataDir });
  } catch (error) {
    if (error instanceof DataDirLockedError) throw error;
    throw new DatabaseOpenError(`cannot open ${where}: ${(error as Error).message}`);
  }
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => {});
    const message = (error as Error).message;
    // A failed migration already names itself; anything else is about reaching the database.
    throw new DatabaseOpenError(message.startsWith('migration ') ? message : `cannot use ${where}: ${message}`);
  }
  return db;
}

function isPostgresUrl(databaseUrl: string): boolean {
  return URL.canParse(databaseUrl) && ['postgres:', 'postgresql:'].includes(new URL(databaseUrl).protocol);
}

/** The URL as it may appear in a message or a log: without its password. */
export function redactPassword(databaseUrl: string): string {
  if (!isPostgresUrl(databaseUrl)) return 'not a PostgreSQL URL';
  const url = new URL(databaseUrl);
  if (url.password) url.password = '***';
  return url.toString();
}
