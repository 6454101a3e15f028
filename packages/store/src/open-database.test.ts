import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMigrations } from './migrate.js';
import { DatabaseOpenError, openDatabase, redactPassword } from './open-database.js';
import { describePostgres } from './test-databases.js';

const HOLDER_SCRIPT = fileURLToPath(new URL('../test-fixtures/hold-embedded-database.ts', import.meta.url));

let dataDir: string;
let holder: ChildProcess | undefined;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'trellis-data-'));
});

afterEach(async () => {
  if (holder && holder.exitCode === null && holder.signalCode === null) holder.kill('SIGKILL');
  holder = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

/** Starts another process that opens the embedded database in `dir` and commits a lead. */
async function startHolder(dir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER_SCRIPT, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`holder exited with ${code}: ${stderr}`)));
  });
  return child;
}

describe('openDatabase without DATABASE_URL (embedded)', () => {
  it('opens a migrated embedded database that keeps its data across restarts', async () => {
    const first = await openDatabase({ dataDir });
    expect(first.kind).toBe('embedded');
    await first.query(`insert into leads (id) values ('ada')`);
    await first.close();
    const second = await openDatabase({ dataDir });
    expect(await second.query('select id from leads')).toEqual([{ id: 'ada' }]);
    // Kept small: the buffers sit in WebAssembly memory that never shrinks (pglite-executor.ts).
    expect(await second.query('show shared_buffers')).toEqual([{ shared_buffers: '16MB' }]);
    await second.close();
  });

  it('refuses a data dir another live server holds, then opens it once that server was killed with SIGKILL', async () => {
    holder = await startHolder(dataDir);
    await expect(openDatabase({ dataDir })).rejects.toThrow(
      `another Trellis server (pid ${holder.pid}) is using ${dataDir}; stop it or set TRELLIS_DATA_DIR`,
    );
    const pid = holder.pid;
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder!.once('exit', resolve));
    const db = await openDatabase({ dataDir });
    try {
      // What the killed server committed is there.
      expect(await db.query('select id from leads')).toEqual([{ id: `lead-of-${pid}` }]);
    } finally {
      await db.close();
    }
  }, 60_000);
});

describePostgres('openDatabase with DATABASE_URL', (database) => {
  it('uses that PostgreSQL server, migrated', async () => {
    const db = await openDatabase({ databaseUrl: database.databaseUrl, dataDir: join(dataDir, 'unused') });
    try {
      expect(db.kind).toBe('postgres');
      const applied = await db.query<{ name: string }>('select name from schema_migrations order by name');
      expect(applied.map((row) => row.name)).toEqual((await loadMigrations()).map((migration) => migration.name));
    } finally {
      await db.close();
    }
  });
});

describe('openDatabase when the database cannot be used', () => {
  it('says which PostgreSQL server it could not reach, without its password', async () => {
    const error = await openDatabase({ databaseUrl: 'postgres://trellis:s3cret@127.0.0.1:1/trellis', dataDir })
      .then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatabaseOpenError);
    expect(error).toMatchObject({
      code: 'database_unavailable',
      message:
        'cannot use the PostgreSQL server in DATABASE_URL (postgres://trellis:***@127.0.0.1:1/trellis): connect ECONNREFUSED 127.0.0.1:1',
    });
  });

  it('says when DATABASE_URL is not a PostgreSQL URL, without repeating it', async () => {
    for (const databaseUrl of ['localhost:5432 secret', 'mysql://u:secret@h/d', 'no url at all']) {
      await expect(openDatabase({ databaseUrl, dataDir })).rejects.toThrow(
        new DatabaseOpenError('DATABASE_URL must be a postgres:// or postgresql:// URL'),
      );
    }
  });

  it('says which data dir it could not open', async () => {
    const notADir = join(dataDir, 'file');
    await (await import('node:fs/promises')).writeFile(notADir, '');
    await expect(openDatabase({ dataDir: notADir })).rejects.toThrow(
      `cannot open the embedded database in ${notADir}: EEXIST: file already exists, mkdir '${notADir}'`,
    );
  });

  it('redacts only the password of a URL', () => {
    expect(redactPassword('postgres://u:p@h:5/d?sslmode=require')).toBe('postgres://u:***@h:5/d?sslmode=require');
    expect(redactPassword('postgresql://u@h/d')).toBe('postgresql://u@h/d');
    expect(redactPassword('mysql://u:p@h/d')).toBe('not a PostgreSQL URL');
  });
});
