import { readdir, readFile } from 'node:fs/promises';
import type { SqlExecutor } from './sql.js';

export interface Migration {
  /** The file name without `.sql`, e.g. `001_initial`; applied in this order. */
  name: string;
  sql: string;
}

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
const MIGRATION_FILE = /^\d{3}_[a-z0-9_]+\.sql$/;

/**
 * Any constant shared by every Trellis server: it names the advisory lock that lets only one
 * of several servers starting together on one DATABASE_URL migrate at a time.
 */
export const MIGRATION_LOCK_KEY = 7_411_020_251;

export async function loadMigrations(dir: URL = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.sql')).sort();
  const misnamed = files.filter((file) => !MIGRATION_FILE.test(file));
  if (misnamed.length > 0) {
    throw new Error(`migration files must be named NNN_name.sql: ${misnamed.join(', ')} in ${dir.pathname}`);
  }
  return Promise.all(
    files.map(async (file) => ({ name: file.replace(/\.sql$/, ''), sql: await readFile(new URL(file, dir), 'utf8') })),
  );
}

/**
 * Applies the migrations not applied yet, in order, each once, all in one transaction that
 * holds the advisory lock: a server that waited for the lock finds them done. Returns the names
 * it applied.
 */
export async function migrate(db: SqlExecutor, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await loadMigrations());
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.exec(`create table if not exists schema_migrations (
      name text primary key,
      applied_at timestamptz not null default now()
    )`);
    const done = new Set((await tx.query<{ name: string }>('select name from schema_migrations')).map((row) => row.name));
    const applied: string[] = [];
    for (const migration of all) {
      if (done.has(migration.name)) continue;
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`);
      }
      await tx.query('insert into schema_migrations (name) values ($1)', [migration.name]);
      applied.push(migration.name);
    }
    return applied;
  });
}
