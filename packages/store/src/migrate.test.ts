import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from './migrate.js';
import { openPostgresExecutor } from './postgres-executor.js';
import { describeEachDatabase, describePostgres } from './test-databases.js';

const TABLES = [
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

describe('loadMigrations', () => {
  it('reads the migrations folder in file-name order', async () => {
    const migrations = await loadMigrations();
    expect(migrations.map((migration) => migration.name)).toEqual(['001_initial']);
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
  it('has created every table of the schema (the harness migrated already)', async () => {
    const rows = await database.db.query<{ name: string }>(
      `select table_name as name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    expect(rows.map((row) => row.name)).toEqual(TABLES);
    expect(await database.db.query('select name from schema_migrations')).toEqual([{ name: '001_initial' }]);
  });

  it('applies nothing the second time', async () => {
    expect(await migrate(database.db)).toEqual([]);
    expect(await database.db.query('select count(*) as n from schema_migrations')).toEqual([{ n: 1 }]);
  });

  it('applies only the new migrations, in order, once', async () => {
    const existing = await loadMigrations();
    const later = [
      ...existing,
      { name: '002_add_widgets', sql: 'create table widgets (id text primary key);' },
      { name: '003_fill_widgets', sql: `insert into widgets values ('w1');` },
    ];
    expect(await migrate(database.db, later)).toEqual(['002_add_widgets', '003_fill_widgets']);
    expect(await migrate(database.db, later)).toEqual([]);
    expect(await database.db.query('select id from widgets')).toEqual([{ id: 'w1' }]);
  });

  it('leaves nothing half-applied when a migration fails, and names it', async () => {
    const broken = [
      ...(await loadMigrations()),
      { name: '004_good', sql: 'create table gadgets (id text);' },
      { name: '005_bad', sql: 'create table gizmos (id text); select * from no_such_table;' },
    ];
    await expect(migrate(database.db, broken)).rejects.toThrow(
      'migration 005_bad failed: relation "no_such_table" does not exist',
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
      const migrations = [...(await loadMigrations()), { name: '010_race', sql: 'create table raced (id int);' }];
      const applied = await Promise.all(servers.map((server) => migrate(server, migrations)));
      expect(applied.filter((names) => names.length > 0)).toEqual([['010_race']]);
    } finally {
      await Promise.all(servers.map((server) => server.close()));
    }
  });
});
