import type { SqlQueryable } from './sql.js';

/**
 * CSV imports (`POST /api/imports`). The upload is written in chunks while it arrives (status
 * `uploading`, never shown), then marked `running` before the 202; the importer works through
 * the rows a batch at a time, each batch committed with `rows_done` and its counts, so a server
 * stopped mid-import resumes at the first row not committed. A finished import drops its chunks
 * and keeps its report (counts and rejected rows).
 */

export type ImportStatus = 'uploading' | 'running' | 'done';

export interface ImportRecord {
  id: string;
  status: ImportStatus;
  createdBy: string | null;
  /** Why the import stopped before the end of the file (a CSV it could not read further). */
  error: string | null;
  rowsDone: number;
  created: number;
  updated: number;
  rejected: number;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface ImportProblem {
  column: string;
  message: string;
}

export interface ImportRejection {
  row: number;
  problems: ImportProblem[];
}

const IMPORT_COLUMNS = `id, status, created_by as "createdBy", error, rows_done as "rowsDone", created, updated, rejected,
  created_at as "createdAt", finished_at as "finishedAt"`;

export async function createImport(db: SqlQueryable, id: string, createdBy: string | null): Promise<void> {
  await db.query(`insert into imports (id, status, created_by) values ($1, 'uploading', $2)`, [id, createdBy]);
}

export async function appendImportChunk(db: SqlQueryable, id: string, seq: number, body: Uint8Array): Promise<void> {
  await db.query(`insert into import_chunks (import_id, seq, body) values ($1, $2, $3)`, [id, seq, body]);
}

/** The whole upload is stored: the import is acknowledged and may start. */
export async function markImportRunning(db: SqlQueryable, id: string): Promise<void> {
  await db.query(`update imports set status = 'running' where id = $1 and status = 'uploading'`, [id]);
}

/** An upload that was refused or cut short leaves nothing behind. */
export async function discardImport(db: SqlQueryable, id: string): Promise<void> {
  await db.query(`delete from imports where id = $1`, [id]);
}

/** Uploads no answer acknowledged (the server stopped while receiving them). */
export async function discardUnfinishedUploads(db: SqlQueryable): Promise<number> {
  const rows = await db.query(`delete from imports where status = 'uploading' returning id`);
  return rows.length;
}

export async function getImport(db: SqlQueryable, id: string): Promise<ImportRecord | null> {
  const [row] = await db.query<ImportRecord>(`select ${IMPORT_COLUMNS} from imports where id = $1 and status <> 'uploading'`, [id]);
  return row ?? null;
}

export async function runningImportIds(db: SqlQueryable): Promise<string[]> {
  const rows = await db.query<{ id: string }>(`select id from imports where status = 'running' order by created_at, id`);
  return rows.map((row) => row.id);
}

/** The chunk after `seq` (-1 for the first), or null past the last. */
export async function importChunk(db: SqlQueryable, id: string, seq: number): Promise<{ seq: number; body: Uint8Array } | null> {
  const [row] = await db.query<{ seq: number; body: Uint8Array }>(
    `select seq, body from import_chunks where import_id = $1 and seq > $2 order by seq limit 1`,
    [id, seq],
  );
  return row ?? null;
}

export async function importRejections(db: SqlQueryable, id: string): Promise<ImportRejection[]> {
  return db.query<ImportRejection>(
    `select row_number as row, problems from import_rejections where import_id = $1 order by row_number`,
    [id],
  );
}

/** Which lead each key (`id:<id>`, `email:<lower-cased email>`) went to earlier in this import. */
export async function importKeys(db: SqlQueryable, id: string, keys: readonly string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await db.query<{ key: string; leadId: string }>(
    `select key, lead_id as "leadId" from import_keys where import_id = $1 and key = any($2::text[])`,
    [id, [...keys]],
  );
  return new Map(rows.map((row) => [row.key, row.leadId]));
}

export interface ImportBatchOutcome {
  rowsDone: number;
  created: number;
  updated: number;
  rejections: ImportRejection[];
  keys: { key: string; leadId: string }[];
}

/** A batch's report, in the transaction that ingests its rows, so progress and leads agree. */
export async function recordImportBatch(tx: SqlQueryable, id: string, batch: ImportBatchOutcome): Promise<void> {
  if (batch.keys.length > 0) {
    await tx.query(
      `insert into import_keys (import_id, key, lead_id)
       select $1, k ->> 'key', k ->> 'leadId' from jsonb_array_elements($2::jsonb) as k
       on conflict (import_id, key) do nothing`,
      [id, batch.keys],
    );
  }
  if (batch.rejections.length > 0) {
    await tx.query(
      `insert into import_rejections (import_id, row_number, problems)
       select $1, (r ->> 'row')::int, r -> 'problems' from jsonb_array_elements($2::jsonb) as r
       on conflict (import_id, row_number) do nothing`,
      [id, batch.rejections],
    );
  }
  await tx.query(
    `update imports set rows_done = $2, created = created + $3, updated = updated + $4, rejected = rejected + $5 where id = $1`,
    [id, batch.rowsDone, batch.created, batch.updated, batch.rejections.length],
  );
}

/** The end of an import: its report stays, its file and keys go. */
export async function finishImport(db: SqlQueryable, id: string, error: string | null, now: Date): Promise<void> {
  await db.query(`update imports set status = 'done', error = $2, finished_at = $3 where id = $1`, [id, error, now]);
  await db.query(`delete from import_chunks where import_id = $1`, [id]);
  await db.query(`delete from import_keys where import_id = $1`, [id]);
}
