import type { SqlQueryable } from './sql.js';

/**
 * Snippets: blocks written once (a signature, a footer) that templates include by name. The
 * channels package checks their Liquid and resolves `{% snippet "name" %}` with them; these
 * queries store what they are given. There is no delete: a template naming a snippet must
 * always find it, so a snippet is rewritten, never removed.
 */

export interface SnippetRecord {
  name: string;
  /** Liquid for text parts (and HTML parts when `html` is null). */
  text: string;
  /** Liquid for HTML parts. */
  html: string | null;
  updatedAt: Date;
  updatedBy: string | null;
}

const SNIPPET_COLUMNS = `name, text, html, updated_at as "updatedAt", updated_by as "updatedBy"`;

/** Creates the snippet or replaces its text and HTML. */
export async function putSnippet(
  db: SqlQueryable,
  input: { name: string; text: string; html?: string | null },
  editedBy: string | null = null,
): Promise<SnippetRecord> {
  const [snippet] = await db.query<SnippetRecord>(
    `insert into snippets (name, text, html, updated_by) values ($1, $2, $3, $4)
     on conflict (name) do update set text = excluded.text, html = excluded.html, updated_by = excluded.updated_by, updated_at = now()
     returning ${SNIPPET_COLUMNS}`,
    [input.name, input.text, input.html ?? null, editedBy],
  );
  return snippet!;
}

export function listSnippets(db: SqlQueryable): Promise<SnippetRecord[]> {
  return db.query<SnippetRecord>(`select ${SNIPPET_COLUMNS} from snippets order by name`);
}

/** Every snippet by name, for rendering a template that includes some. */
export async function snippetsByName(db: SqlQueryable): Promise<Map<string, SnippetRecord>> {
  return new Map((await listSnippets(db)).map((s) => [s.name, s]));
}
