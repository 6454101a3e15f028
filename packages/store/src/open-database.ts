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

/** Opens the database the environment names and brings its schema up to date. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<SqlExecutor> {
  const db = options.databaseUrl
    ? openPostgresExecutor(options.databaseUrl)
    : await openPgliteExecutor({ dataDir: options.dataDir });
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
