import { parse } from 'csv-parse/browser/esm/sync';

/**
 * What the import page shows before anything is sent: the header and the first rows of the
 * file, read from its first 256 KB with the same parser the server uses (csv-parse), and where
 * the header ends in bytes, so a renamed header can replace it without reading the whole file.
 */

export const PREVIEW_BYTES = 256 * 1024;
export const PREVIEW_ROWS = 10;

export interface CsvPreview {
  header: string[];
  rows: string[][];
  /** Bytes of the file the header takes (with its line end and any BOM). */
  headerBytes: number;
  /** Rows in the whole file, estimated from the preview's bytes per row (exact for a small file). */
  estimatedRows: number;
}

export async function previewCsv(file: Blob): Promise<CsvPreview> {
  const head = new Uint8Array(await file.slice(0, PREVIEW_BYTES).arrayBuffer());
  // Keeps the BOM in the text, so the parser's byte counts are the file's.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(head);
  const whole = file.size <= PREVIEW_BYTES;
  // The last line of a partial read may be cut: only lines before it are parsed.
  const usable = whole ? text : text.slice(0, Math.max(text.lastIndexOf('\n') + 1, 0));
  const records = parse(usable, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: true }) as unknown as { record: string[]; info: { bytes: number } }[];
  const [first, ...rest] = records;
  if (!first) throw new Error('The file is empty: its first row must be the header.');
  // csv-parse counts bytes of UTF-8 (it reads a string as a Buffer), the BOM's three included.
  const headerBytes = first.info.bytes;
  const dataBytes = new TextEncoder().encode(usable).length - headerBytes;
  const estimatedRows = whole || rest.length === 0 ? rest.length : Math.round(((file.size - headerBytes) / dataBytes) * rest.length);
  return { header: first.record, rows: rest.slice(0, PREVIEW_ROWS).map((r) => r.record), headerBytes, estimatedRows };
}

/** A header row as CSV text: quoted where a name holds a comma, quote or line break. */
export function headerLine(names: readonly string[]): string {
  return names.map((name) => (/[",\r\n]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name)).join(',') + '\n';
}

/** The rejected rows as a CSV to download: row, column, reason. */
export function rejectedCsv(rejected: readonly { row: number; problems: readonly { column: string; message: string }[] }[]): string {
  const lines = [headerLine(['row', 'column', 'reason'])];
  for (const { row, problems } of rejected) for (const p of problems) lines.push(headerLine([String(row), p.column, p.message]));
  return lines.join('');
}
