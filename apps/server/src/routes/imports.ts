import { randomUUID } from 'node:crypto';
import { appendImportChunk, createImport, discardImport, getImport, importRejections, markImportRunning, type SqlExecutor } from '@trellis/store';
import { parse } from 'csv-parse/sync';
import type { Context } from 'hono';
import { z } from 'zod';
import type { AuthEnv } from '../auth.js';
import { MIB } from '../body.js';
import { ApiError } from '../errors.js';
import { readHeader } from '../imports/csv-rows.js';
import { defineRoute, type RouteSpec } from '../route.js';
import { runtimeOf } from '../runtime.js';
import { isoTime, pathParam } from './params.js';

/**
 * CSV imports. The upload is stored as it arrives (1 MiB chunks, so memory stays flat), its
 * header checked, and only then answered 202: from that moment the import is durable and the
 * server's ImportRunner works through it, resuming after a restart. Marketers import; reviewers
 * and operators read the reports.
 */

export const IMPORT_BODY_LIMIT = 50 * MIB;
const CHUNK_BYTES = MIB;
const CSV_TYPES = ['text/csv', 'application/csv'];

const importAnswerSchema = z.object({
  id: z.string(),
  status: z.enum(['running', 'done']),
  rows: z.number().int().describe('data rows read so far'),
  created: z.number().int(),
  updated: z.number().int(),
  rejected: z.array(
    z.object({
      row: z.number().int().describe("the data row's number from 1 (the header is not counted)"),
      problems: z.array(z.object({ column: z.string().describe('the column, or "" for the row as a whole'), message: z.string() })),
    }),
  ),
  error: z.string().nullable().describe('why the import stopped before the end of the file (the rows before it are imported)'),
  createdAt: isoTime,
  finishedAt: isoTime.nullable(),
});

const createRoute = defineRoute({
  method: 'post',
  path: '/api/imports',
  operationId: 'startImport',
  summary:
    'Imports leads from a CSV body (`Content-Type: text/csv`, at most 50 MiB; first row the header: id, email, phone, timezone, owner, stage, score, consent.<channel>, anything else an attribute). 202 once stored; `GET /api/imports/:id` follows it.',
  roles: ['marketer'],
  responses: { 202: { description: 'Stored; the rows are read in the background', schema: z.object({ id: z.string() }) } },
  errors: {
    400: 'invalid_csv: empty, not UTF-8, or a header it cannot import (repeated columns, over 1,000 columns, another separator)',
    413: 'body_too_large: over 50 MiB',
    415: 'unsupported_media_type: not text/csv',
  },
  handle: async ({ c, options }) => {
    const runtime = runtimeOf(options);
    const mediaType = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
    if (!CSV_TYPES.includes(mediaType)) {
      throw new ApiError(415, 'unsupported_media_type', `Send the file as CSV with "Content-Type: text/csv" (got ${mediaType ? `"${mediaType}"` : 'none'}).`);
    }
    const declared = Number(c.req.header('content-length'));
    if (Number.isFinite(declared) && declared > IMPORT_BODY_LIMIT) throw tooLarge();
    const id = randomUUID();
    await createImport(runtime.db, id, c.get('principal').name);
    try {
      const firstChunk = await storeUpload(c, runtime.db, id);
      checkHeader(firstChunk);
      await markImportRunning(runtime.db, id);
    } catch (error) {
      await discardImport(runtime.db, id);
      throw error;
    }
    runtime.imports.start(id);
    return c.json({ id }, 202);
  },
});

/** Writes the body in chunks as it arrives, checking size and UTF-8; answers the first chunk. */
async function storeUpload(c: Context<AuthEnv>, db: SqlExecutor, id: string): Promise<Uint8Array> {
  const body = c.req.raw.body;
  if (!body) throw new ApiError(400, 'invalid_csv', 'The body is empty; send the CSV file, its first row the header.');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let total = 0;
  let seq = 0;
  let first: Uint8Array | null = null;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const chunk = Buffer.concat(pending, pendingBytes);
    first ??= chunk;
    await appendImportChunk(db, id, seq++, chunk);
    pending = [];
    pendingBytes = 0;
  };
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > IMPORT_BODY_LIMIT) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    try {
      decoder.decode(value, { stream: true });
    } catch {
      await reader.cancel().catch(() => undefined);
      throw new ApiError(400, 'invalid_csv', 'The file is not UTF-8 text; save the CSV as UTF-8.');
    }
    pending.push(value);
    pendingBytes += value.byteLength;
    if (pendingBytes >= CHUNK_BYTES) await flush();
  }
  await flush();
  if (first === null || new TextDecoder().decode(first).trim() === '') throw new ApiError(400, 'invalid_csv', 'The body is empty; send the CSV file, its first row the header.');
  return first;
}

/** Refuses a file whose header cannot be imported before answering, so no import starts only to fail at once. */
function checkHeader(firstChunk: Uint8Array): void {
  let header: string[] | undefined;
  try {
    [header] = parse(Buffer.from(firstChunk), { bom: true, to_line: 1, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch {
    throw new ApiError(400, 'invalid_csv', 'The first row (the header) cannot be read as CSV, or is longer than 1 MiB.');
  }
  const reading = readHeader(header ?? []);
  if (!reading.ok) throw new ApiError(400, 'invalid_csv', reading.message);
}

function tooLarge(): ApiError {
  return new ApiError(413, 'body_too_large', 'An import takes a CSV of at most 50 MiB; split the file.');
}

const getRoute = defineRoute({
  method: 'get',
  path: '/api/imports/:id',
  operationId: 'getImport',
  summary: 'An import: running or done, rows read, leads created and updated, and each rejected row with its problems by column.',
  roles: ['marketer', 'reviewer', 'operator'],
  responses: { 200: { description: 'The import', schema: importAnswerSchema } },
  errors: { 404: 'not_found: no such import' },
  handle: async ({ c, options }) => {
    const { db } = runtimeOf(options);
    const id = pathParam(c, 'id');
    const record = await getImport(db, id);
    if (!record) throw new ApiError(404, 'not_found', `There is no import "${id}".`);
    const answer: z.infer<typeof importAnswerSchema> = {
      id: record.id,
      status: record.status === 'done' ? 'done' : 'running',
      rows: record.rowsDone,
      created: record.created,
      updated: record.updated,
      rejected: await importRejections(db, id),
      error: record.error,
      createdAt: record.createdAt.toISOString(),
      finishedAt: record.finishedAt?.toISOString() ?? null,
    };
    return c.json(answer);
  },
});

export const importRoutes: readonly RouteSpec[] = [createRoute, getRoute];
