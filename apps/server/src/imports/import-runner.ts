import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { emailKey } from '@trellis/journey';
import {
  discardUnfinishedUploads,
  existingLeadIds,
  finishImport,
  getImport,
  importChunk,
  importKeys,
  insertEvents,
  leadIdsByEmail,
  recordImportBatch,
  runningImportIds,
  type ImportRejection,
  type IncomingEvent,
  type SqlExecutor,
} from '@trellis/store';
import { parse, type CsvError } from 'csv-parse';
import type { Logger } from '../errors.js';
import { readHeader, readRow, type Column, type RowReading } from './csv-rows.js';

/**
 * Works through stored CSV imports in the background. Rows go in batches (thousands of rows, so
 * each batch's dozen statements cost little beside its rows' writes); a batch is read and
 * checked while the one before it is written, and the parser waits while both are. Each batch is one
 * transaction holding its leads' `lead_updated` events (the engine's own ingest, `insertEvents`,
 * so journeys see the changes as events and the worker applies them), the keys it matched, its
 * rejected rows and the import's new `rows_done`. A server stopped mid-import resumes at the
 * first row not committed (`resume` at start), re-reading the stored file from the top.
 *
 * Matching (http-api.md): a row with an `id` is that lead; without, the lead with its email
 * (trimmed, any case), else a new lead with a new id. A row repeating an earlier row's id or
 * email updates the lead that row made. One email, one lead: a row whose id is another lead
 * than the one holding its email is rejected at its `email` column.
 */

/**
 * Rows per batch (one transaction). Large, so that a batch's statements cost little beside its
 * rows' writes; on PGlite (one session, which the API shares) smaller, so a batch holds the
 * API's queries back briefly.
 */
export const IMPORT_BATCH_ROWS = { postgres: 5_000, embedded: 1_000 } as const;

/** A data row: its cells, or why csv-parse could not read it. */
interface ImportRow {
  row: number;
  cells: string[] | null;
  unreadable: string | null;
}
/** A record (a row with its quoted newlines) larger than this stops the import: no sane row is. */
const MAX_RECORD_BYTES = 1_000_000;

export class ImportRunner {
  private readonly running = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(
    private readonly db: SqlExecutor,
    private readonly options: { log?: Logger; now?: () => number; batchRows?: number } = {},
  ) {}

  /** At start: forgets uploads never acknowledged, and carries on with imports that were running. */
  async resume(): Promise<void> {
    await discardUnfinishedUploads(this.db);
    for (const id of await runningImportIds(this.db)) this.start(id);
  }

  start(id: string): void {
    if (this.running.has(id) || this.stopping) return;
    const work = this.run(id)
      .catch((error: unknown) => this.options.log?.(`import ${id}: ${error instanceof Error ? error.message : String(error)} (it resumes when the server starts again)`))
      .finally(() => this.running.delete(id));
    this.running.set(id, work);
  }

  /** Waits for the imports in hand (tests; `stop` waits for each to reach a batch boundary). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  /** Stops after each import's current batch; what is committed stays, the rest resumes at start. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.idle();
  }

  private now(): Date {
    return new Date((this.options.now ?? Date.now)());
  }

  private async run(id: string): Promise<void> {
    const record = await getImport(this.db, id);
    if (!record || record.status !== 'running') return;
    const parser = Readable.from(this.chunks(id)).pipe(
      parse({ bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_RECORD_BYTES, skip_records_with_error: true, info: true }),
    );
    // A record csv-parse cannot read (a quote never closed) is a rejected row, not the end of the
    // import. It reports them as they happen, with how many records came before.
    const unreadable: { after: number; message: string }[] = [];
    parser.on('skip', (error: CsvError & { records?: number }) => unreadable.push({ after: error.records ?? 0, message: error.message }));
    let columns: Column[] | null = null;
    let row = 0;
    let batch: ImportRow[] = [];
    const batchRows = this.options.batchRows ?? IMPORT_BATCH_ROWS[this.db.kind];
    // Two batches at most in hand: one being written while the next is read and checked, so the
    // parser's and the database's work overlap, and the parser waits (backpressure) while both are.
    let writing: Promise<void> | null = null;
    const written = async (): Promise<void> => {
      const write = writing;
      writing = null;
      if (write) await write;
    };
    const flush = async (): Promise<boolean> => {
      const checked = checkRows(columns!, batch);
      batch = [];
      await written();
      writing = this.commit(id, checked);
      // Awaited before the next batch, at the end, or on the way out; never left unobserved.
      writing.catch(() => undefined);
      if (!this.stopping) return true;
      await written();
      return false;
    };
    const add = async (next: Omit<ImportRow, 'row'>): Promise<boolean> => {
      row++;
      if (row <= record.rowsDone) return true;
      batch.push({ row, ...next });
      return batch.length < batchRows || (await flush());
    };
    const addUnreadable = async (before: number): Promise<boolean> => {
      while (unreadable.length > 0 && unreadable[0]!.after < before) {
        const { message } = unreadable.shift()!;
        if (!(await add({ cells: null, unreadable: `cannot be read as CSV: ${message}` }))) return false;
      }
      return true;
    };
    try {
      for await (const { record: cells, info } of parser as AsyncIterable<{ record: string[]; info: { records: number } }>) {
        if (columns === null) {
          const header = readHeader(cells);
          if (!header.ok) {
            parser.destroy();
            return await finishImport(this.db, id, header.message, this.now());
          }
          columns = header.columns;
          continue;
        }
        if (!(await addUnreadable(info.records)) || !(await add({ cells, unreadable: null }))) {
          parser.destroy();
          return;
        }
      }
      if (columns === null) return await finishImport(this.db, id, 'The file has no header: its first row must name the columns.', this.now());
      if (!(await addUnreadable(Infinity))) return;
      if (batch.length > 0 && !(await flush())) return;
      await written();
      await finishImport(this.db, id, null, this.now());
    } finally {
      // On the way out early (an error reading the file): the batch being written commits or
      // rolls back whole before the import counts as stopped; either way it resumes from rows_done.
      await written().catch(() => undefined);
    }
  }

  private async *chunks(id: string): AsyncGenerator<Buffer> {
    let seq = -1;
    for (;;) {
      const chunk = await importChunk(this.db, id, seq);
      if (!chunk) return;
      seq = chunk.seq;
      yield Buffer.from(chunk.body);
    }
  }

  private async commit(id: string, { lastRow, read, ids, emails }: CheckedRows): Promise<void> {
    const now = this.now();
    await this.db.transaction(async (tx) => {
      // Only emails are kept between batches: a lead an earlier batch made by id is a stored
      // lead by now (insertEvents writes it), while its email waits for the engine to apply it.
      const earlier = await importKeys(tx, id, [...emails].map((e) => `email:${e}`));
      const stored = await existingLeadIds(tx, [...ids]);
      const owners = await leadIdsByEmail(tx, [...emails]);
      const keys = new Map<string, string>();
      const events: IncomingEvent[] = [];
      const rejections: ImportRejection[] = [];
      let created = 0;
      let updated = 0;
      for (const { row, reading } of read) {
        if (!reading.ok) {
          rejections.push({ row, problems: reading.problems });
          continue;
        }
        const key = typeof reading.patch.email === 'string' ? `email:${emailKey(reading.patch.email)}` : null;
        const holder = key === null ? undefined : (keys.get(key) ?? earlier.get(key) ?? owners.get(key.slice('email:'.length)));
        let leadId: string;
        if (reading.id !== null) {
          if (holder !== undefined && holder !== reading.id) {
            rejections.push({ row, problems: [{ column: 'email', message: `"${reading.patch.email}" is already the email of lead "${holder}" (one email, one lead)` }] });
            continue;
          }
          leadId = reading.id;
        } else leadId = holder ?? randomUUID();
        const known = holder !== undefined || stored.has(leadId) || keys.has(`id:${leadId}`);
        if (known) updated++;
        else created++;
        keys.set(`id:${leadId}`, leadId);
        if (key !== null) keys.set(key, leadId);
        events.push({ id: `import.${id}.${row}`, leadId, type: 'lead_updated', at: now, props: reading.patch });
      }
      await insertEvents(tx, events, now);
      await recordImportBatch(tx, id, {
        rowsDone: lastRow,
        created,
        updated,
        rejections,
        keys: [...keys].filter(([k]) => k.startsWith('email:')).map(([k, leadId]) => ({ key: k, leadId })),
      });
    });
  }
}

/** A batch's rows read and checked (CPU work, done while the batch before is written), with the keys to look up. */
interface CheckedRows {
  lastRow: number;
  read: { row: number; reading: RowReading }[];
  ids: Set<string>;
  emails: Set<string>;
}

function checkRows(columns: readonly Column[], rows: readonly ImportRow[]): CheckedRows {
  const read = rows.map(({ row, cells, unreadable }) => ({
    row,
    reading: cells === null ? unreadableRow(unreadable ?? '') : readRow(columns, cells),
  }));
  const ids = new Set<string>();
  const emails = new Set<string>();
  for (const { reading } of read) {
    if (!reading.ok) continue;
    if (reading.id !== null) ids.add(reading.id);
    if (typeof reading.patch.email === 'string') emails.add(emailKey(reading.patch.email));
  }
  return { lastRow: rows.at(-1)!.row, read, ids, emails };
}

function unreadableRow(message: string): RowReading {
  return { ok: false, problems: [{ column: '', message }] };
}
