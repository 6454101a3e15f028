import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe } from 'vitest';
import { POSTGRES_HOST, POSTGRES_PORT, requirePostgres } from '@trellis/testkit';
import { loadMigrations, migrate } from './migrate.js';
import { openPgliteExecutor } from './pglite-executor.js';
import { openPostgresExecutor } from './postgres-executor.js';
import type { DatabaseKind, SqlExecutor } from './sql.js';

/**
 * Runs a suite on both databases the store supports: a fresh in-memory PGlite and a fresh,
 * uniquely named database on the local PostgreSQL (dropped afterwards). Without a reachable
 * PostgreSQL that half is skipped with one line, or fails when TRELLIS_REQUIRE_ALL=1.
 * Each suite gets its own database; tests inside a suite share it, so they use their own ids.
 */

export interface TestDatabase {
  readonly kind: DatabaseKind;
  /** The migrated database, ready once the suite's tests run. */
  readonly db: SqlExecutor;
  /** PostgreSQL only: the URL of this suite's database, to open more connections to it. */
  readonly databaseUrl: string | undefined;
}

export const TEST_POSTGRES_ADMIN_URL = `postgres://postgres@${POSTGRES_HOST}:${POSTGRES_PORT}/postgres`;

const postgresAvailable = await requirePostgres();

export function describeEachDatabase(name: string, suite: (database: TestDatabase) => void): void {
  describeEmbedded(name, suite);
  describePostgres(name, suite);
}

export function describeEmbedded(name: string, suite: (database: TestDatabase) => void): void {
  describe(`${name} (embedded PGlite)`, () => {
    const database = new SuiteDatabase('embedded');
    beforeAll(async () => {
      database.open(await openMigratedEmbeddedDatabase(), undefined);
    }, 60_000);
    afterAll(() => database.close());
    suite(database);
  });
}

export function describePostgres(name: string, suite: (database: TestDatabase) => void): void {
  describe.skipIf(!postgresAvailable)(`${name} (PostgreSQL)`, () => {
    const database = new SuiteDatabase('postgres');
    const databaseName = `trellis_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = () => postgres(TEST_POSTGRES_ADMIN_URL, { max: 1, onnotice: () => {} });
    beforeAll(async () => {
      const sql = admin();
      try {
        await sql.unsafe(`create database ${databaseName}`);
      } finally {
        await sql.end();
      }
      const url = TEST_POSTGRES_ADMIN_URL.replace(/\/postgres$/, `/${databaseName}`);
      database.open(openPostgresExecutor(url), url);
      await migrate(database.db);
    }, 60_000);
    afterAll(async () => {
      await database.close();
      const sql = admin();
      try {
        await sql.unsafe(`drop database if exists ${databaseName} with (force)`);
      } finally {
        await sql.end();
      }
    });
    suite(database);
  });
}

/**
 * A fresh, migrated in-memory PGlite. Creating one runs initdb, which takes seconds (tens of
 * seconds on a busy machine), so the first suite saves a migrated copy in the temp dir, keyed
 * by the migrations' text, and later suites start from that copy.
 */
export async function openMigratedEmbeddedDatabase(): Promise<SqlExecutor> {
  const migrations = await loadMigrations();
  const key = createHash('sha256')
    .update(migrations.map((migration) => `${migration.name}\n${migration.sql}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  const templatePath = join(tmpdir(), 'trellis-test-templates', `pglite-${key}.tar`);
  const template = await readFile(templatePath).catch(() => undefined);
  const db = await openPgliteExecutor(template ? { loadDataDir: new Blob([template]) } : {});
  await migrate(db, migrations);
  if (!template) {
    const dump = Buffer.from(await (await db.dumpDataDir()).arrayBuffer());
    await mkdir(join(tmpdir(), 'trellis-test-templates'), { recursive: true });
    // Written aside and renamed, so a suite starting meanwhile never reads half a file.
    const partial = `${templatePath}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(partial, dump);
    await rename(partial, templatePath);
  }
  return db;
}

class SuiteDatabase implements TestDatabase {
  #db: SqlExecutor | undefined;
  #url: string | undefined;
  constructor(readonly kind: DatabaseKind) {}

  get db(): SqlExecutor {
    if (!this.#db) throw new Error('the test database is opened in beforeAll: use it inside tests and hooks');
    return this.#db;
  }

  get databaseUrl(): string | undefined {
    return this.#url;
  }

  open(db: SqlExecutor, url: string | undefined) {
    this.#db = db;
    this.#url = url;
  }

  async close() {
    await this.#db?.close();
    this.#db = undefined;
  }
}
