import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from './migrate.js';
import { openPostgresExecutor } from './postgres-executor.js';
import { describeEachDatabase, describePostgres } from './test-databases.js';

// The first schema's tables (001_initial). Later migrations add more, so the tests derive the
// full list of migrations from the folder instead of repeating it here.
const FIRST_SCHEMA_TABLES = [
  'api_tokens',
  'events',
  'handoffs',
  'journey_versions',
  'journeys',
  'lead_notes',
  'leads',
  'node_stats',
  'outcome_stats',
  'runs',
  'schema_migrations',
  'sends',
  'steps',
];

const migrationNames = async () => (await loadMigrations()).map((migration) => migration.name);

describe('loadMigrations', () => {
  it('reads the migrations folder in file-name order, the first schema first', async () => {
    const migrations = await loadMigrations();
    const names = migrations.map((migration) => migration.name);
    expect(names[0]).toBe('001_initial');
    expect(names).toEqual([...names].sort());
    expect(migrations[0]!.sql).toContain('create table leads');
  });

  it('refuses a file not named NNN_name.sql, naming it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trellis-migrations-'));
    try {
      await writeFile(join(dir, '001_fine.sql'), 'select 1;');
      await writeFile(join(dir, 'second.sql'), 'select 2;');
      await expect(loadMigrations(pathToFileURL(`${dir}/`))).rejects.toThrow(
        `migration files must be named NNN_name.sql: second.sql in ${dir}/`,
      );
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});

describeEachDatabase('migrate', (database) => {
  it('has created the first schema and recorded every migration (the harness migrated)', async () => {
    const rows = await database.db.query<{ name: string }>(
      `select table_name as name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    expect(rows.map((row) => row.name)).toEqual(expect.arrayContaining(FIRST_SCHEMA_TABLES));
    const applied = await database.db.query<{ name: string }>('select name from schema_migrations order by name');
    expect(applied.map((row) => row.name)).toEqual(await migrationNames());
  });

  it('applies nothing the second time', async () => {
    expect(await migrate(database.db)).toEqual([]);
    expect(await database.db.query('select count(*) as n from schema_migrations')).toEqual([
      { n: (await migrationNames()).length },
    ]);
  });

  it('applies only the new migrations, in order, once', async () => {
    const later = [
      ...(await loadMigrations()),
      { name: '997_add_widgets', sql: 'create table widgets (id text primary key);' },
      { name: '998_fill_widgets', sql: `insert into widgets values ('w1');` },
    ];
    expect(await migrate(database.db, later)).toEqual(['997_add_widgets', '998_fill_widgets']);
    expect(await migrate(database.db, later)).toEqual([]);
    expect(await database.db.query('select id from widgets')).toEqual([{ id: 'w1' }]);
  });

  it('leaves nothing half-applied when a migration fails, and names it', async () => {
    const broken = [
      ...(await loadMigrations()),
      { name: '995_good', sql: 'create table gadgets (id text);' },
      { name: '996_bad', sql: 'create table gizmos (id text); select * from no_such_table;' },
    ];
    await expect(migrate(database.db, broken)).rejects.toThrow(
      'migration 996_bad failed: relation "no_such_table" does not exist',
    );
    const tables = await database.db.query(
      `select table_name from information_schema.tables where table_name in ('gadgets', 'gizmos')`,
    );
    expect(tables).toEqual([]);
  });
});

describePostgres('migrate, several servers starting together', (database) => {
  it('lets one server migrate while the others wait for it and then find nothing to do', async () => {
    const servers = Array.from({ length: 4 }, () => openPostgresExecutor(database.databaseUrl!, { maxConnections: 1 }));
    try {
      const migrations = [...(await loadMigrations()), { name: '999_race', sql: 'create table raced (id int);' }];
      const applied = await Promise.all(servers.map((server) => migrate(server, migrations)));
      expect(applied.filter((names) => names.length > 0)).toEqual([['999_race']]);
    } finally {
      await Promise.all(servers.map((server) => server.close()));
    }
  });
});
