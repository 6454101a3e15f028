import { hostileValueProblems, leadIdSchema, leadPatchSchema, type LeadPatch } from '@trellis/journey';
import type { ImportProblem } from '@trellis/store';

/**
 * What a CSV import's header and rows mean (http-api.md, `POST /api/imports`): columns `id`,
 * `email`, `phone`, `timezone`, `owner`, `stage`, `score`, `consent.<channel>`, anything else an
 * attribute. A row is read through the lead body's own schema (`leadPatchSchema`), so an email,
 * phone, zone or consent value is judged as `PUT /api/leads/:id` judges it; each problem names
 * its column. An empty cell changes nothing; a column whose header is empty is ignored (the
 * editor's "don't import" in its column mapping).
 */

export const MAX_COLUMNS = 1_000;
export const MAX_CELL_LENGTH = 10_000;
const LEAD_FIELDS = ['id', 'email', 'phone', 'timezone', 'owner', 'stage', 'score'] as const;
type LeadField = (typeof LEAD_FIELDS)[number];

export type Column =
  | { kind: 'field'; name: string; field: LeadField }
  | { kind: 'consent'; name: string; channel: string }
  | { kind: 'attribute'; name: string }
  | { kind: 'ignored'; name: '' };

export type HeaderReading = { ok: true; columns: Column[] } | { ok: false; message: string };

export function readHeader(cells: readonly string[]): HeaderReading {
  if (cells.length > MAX_COLUMNS) return { ok: false, message: `The header has ${cells.length.toLocaleString('en-US')} columns; an import takes at most ${MAX_COLUMNS.toLocaleString('en-US')}.` };
  const names = cells.map((cell) => cell.trim());
  if (names.length === 1 && /[;\t|]/.test(names[0]!)) {
    const separator = names[0]!.match(/[;\t|]/)![0] === '\t' ? 'tabs' : `"${names[0]!.match(/[;\t|]/)![0]}"`;
    return { ok: false, message: `The header is one column, "${shorten(names[0]!)}": the file looks separated by ${separator}. Save it as CSV, separated by commas.` };
  }
  if (names.every((name) => name === '')) return { ok: false, message: 'The first row is the header: it names no column.' };
  const hostile = names.find((name) => hostileValueProblems(name).length > 0);
  if (hostile !== undefined) return { ok: false, message: 'A column name holds a NUL character or text that is not Unicode.' };
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const name of names) {
    if (name === '') continue;
    if (seen.has(name)) repeated.add(name);
    seen.add(name);
  }
  if (repeated.size > 0) return { ok: false, message: `Each column may appear once; repeated: ${[...repeated].map((n) => `"${shorten(n)}"`).join(', ')}.` };
  const columns: Column[] = [];
  for (const name of names) {
    if (name === '') columns.push({ kind: 'ignored', name: '' });
    else if ((LEAD_FIELDS as readonly string[]).includes(name)) columns.push({ kind: 'field', name, field: name as LeadField });
    else if (name.startsWith('consent.')) {
      const channel = name.slice('consent.'.length);
      if (channel === '') return { ok: false, message: 'A consent column names its channel: consent.email, consent.sms, ...' };
      columns.push({ kind: 'consent', name, channel });
    } else columns.push({ kind: 'attribute', name });
  }
  return { ok: true, columns };
}

export type RowReading = { ok: true; id: string | null; patch: LeadPatch } | { ok: false; problems: ImportProblem[] };

/** One data row as a lead body, or every problem it has, each at its column. */
export function readRow(columns: readonly Column[], cells: readonly string[]): RowReading {
  const problems: ImportProblem[] = [];
  if (cells.length !== columns.length) {
    problems.push({ column: '', message: `has ${cells.length} values; the header has ${columns.length} columns` });
    return { ok: false, problems };
  }
  const raw: Record<string, unknown> & { attributes: Record<string, unknown>; consent: Record<string, string> } = { attributes: {}, consent: {} };
  let id: string | null = null;
  columns.forEach((column, i) => {
    const cell = cells[i]!;
    if (column.kind === 'ignored' || cell.trim() === '') return;
    if (cell.length > MAX_CELL_LENGTH) return problems.push({ column: column.name, message: `is longer than ${MAX_CELL_LENGTH.toLocaleString('en-US')} characters` });
    const hostile = hostileValueProblems(cell)[0];
    if (hostile) return problems.push({ column: column.name, message: hostile.message });
    if (column.kind === 'consent') raw.consent[column.channel] = cell.trim();
    else if (column.kind === 'attribute') raw.attributes[column.name.replace(/^attributes\./, '')] = cellValue(cell);
    else if (column.field === 'id') {
      const parsed = leadIdSchema.safeParse(cell.trim());
      if (parsed.success) id = parsed.data;
      else problems.push({ column: 'id', message: 'a lead id is 1 to 200 characters, not only spaces' });
    } else if (column.field === 'score') {
      const score = Number(cell.trim());
      if (Number.isFinite(score)) raw.score = score;
      else problems.push({ column: 'score', message: `"${shorten(cell)}" is not a number` });
    } else raw[column.field] = column.field === 'email' || column.field === 'phone' ? cell : cell.trim();
  });
  const parsed = leadPatchSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push({ column: columnOf(issue.path), message: issue.message });
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  const patch = parsed.data;
  if (Object.keys(patch.attributes ?? {}).length === 0) delete patch.attributes;
  if (Object.keys(patch.consent ?? {}).length === 0) delete patch.consent;
  return { ok: true, id, patch };
}

/** An issue's path in the lead body as the column it came from. */
function columnOf(path: readonly PropertyKey[]): string {
  const [first, second] = path.map(String);
  if (first === 'consent' && second !== undefined) return `consent.${second}`;
  if (first === 'attributes' && second !== undefined) return second;
  return first ?? '';
}

/**
 * A cell as an attribute value: a number written the way JavaScript would write it (`250`,
 * `-1.5`) is a number, so conditions like `size gt 100` work on imported leads; `true` and
 * `false` are booleans; anything else (`02134`, `1e3`, `1,000`) stays the text it is.
 */
export function cellValue(cell: string): string | number | boolean {
  const text = cell.trim();
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?(0|[1-9]\d{0,14})(\.\d{1,15})?$/.test(text) && String(Number(text)) === text) return Number(text);
  return text;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
