import type { SqlQueryable } from './sql.js';

/**
 * What autovacuum does on a PostgreSQL server, for PGlite. PGlite runs PostgreSQL in
 * single-user mode: there is no autovacuum and no statistics collector, so a table is never
 * analysed (the planner keeps the estimates of an empty table and scans 20,000 leads to find
 * 250 of them by email) and its dead rows are never vacuumed (every claim and mark of a send
 * leaves one, and its indexes grow without end).
 *
 * With no counters to read, a table's growth on disk stands in for its changes: a table whose
 * size moved by a tenth (and a few pages) since it was last vacuumed is vacuumed and analysed,
 * one table per statement, so the engine's work interleaves with the upkeep. Inserts grow a
 * table; so do updates whose dead rows are not reclaimed; once vacuumed, the space is reused
 * and the table stops growing, so upkeep stops too.
 */

/** How often sizes are compared (a read of the catalogue; the vacuums only when a table grew). */
export const EMBEDDED_UPKEEP_EVERY_MS = 10_000;

/** Autovacuum's own defaults: 50 rows, or a fifth of the table; in pages here. */
const LEAST_PAGES = 8;
const SHARE = 0.1;

export interface UpkeepTable {
  name: string;
  /** Pages when last vacuumed or analysed (0: never). */
  pagesThen: number;
  /** Pages now. */
  pagesNow: number;
}

/** The tables that changed enough since their last upkeep to need another. */
export function tablesDueForUpkeep(tables: readonly UpkeepTable[]): string[] {
  return tables
    .filter(({ pagesThen, pagesNow }) => Math.abs(pagesNow - pagesThen) >= Math.max(LEAST_PAGES, SHARE * pagesThen))
    .map(({ name }) => name);
}

/** Vacuums and analyses the tables that grew or shrank enough; answers their names. */
export async function upkeepEmbeddedTables(db: SqlQueryable): Promise<string[]> {
  const tables = await db.query<UpkeepTable>(
    `select quote_ident(n.nspname) || '.' || quote_ident(c.relname) as name, greatest(c.relpages, 0)::int as "pagesThen",
            (pg_relation_size(c.oid) / current_setting('block_size')::int)::int as "pagesNow"
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
      order by 1`,
  );
  const due = tablesDueForUpkeep(tables);
  // Outside a transaction, as VACUUM must be; each its own statement, so others run between.
  for (const name of due) await db.query(`vacuum (analyze) ${name}`);
  return due;
}
