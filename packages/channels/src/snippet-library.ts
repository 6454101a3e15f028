import { z } from 'zod';
import { putSnippet, type SnippetRecord, type SqlQueryable } from '@trellis/store';
import { snippetsIncluded, templateSyntaxError } from './render.js';
import type { TemplateProblem } from './template-library.js';

/**
 * Saving snippets: each part's Liquid is parsed as a template's would be, and a snippet may
 * not include another snippet, so `{% snippet %}` never loops and never reads a file.
 */

export const snippetNameSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'use 1–64 letters, digits, "_", "-" or "."');

export const snippetInputSchema = z.strictObject({
  text: z.string().max(256_000, 'a snippet holds at most 256,000 characters'),
  html: z.string().max(1_000_000, 'a snippet\'s HTML holds at most 1,000,000 characters').nullish(),
});

export type SnippetSaveResult = { ok: true; snippet: SnippetRecord } | { ok: false; problems: TemplateProblem[] };

export async function putCheckedSnippet(db: SqlQueryable, name: string, input: unknown, editedBy: string | null = null): Promise<SnippetSaveResult> {
  const named = snippetNameSchema.safeParse(name);
  if (!named.success) return { ok: false, problems: [{ code: 'schema', message: named.error.issues[0]!.message, path: ['name'] }] };
  const parsed = snippetInputSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => ({ code: 'schema', message: i.message, path: i.path.map(String) })) };
  }
  const problems: TemplateProblem[] = [];
  for (const [part, format] of [['text', 'text'], ['html', 'html']] as const) {
    const source = parsed.data[part];
    if (source === null || source === undefined) continue;
    const error = templateSyntaxError(source, format);
    if (error) problems.push({ code: 'template_syntax', message: `${part}: ${error}`, path: [part] });
    for (const include of snippetsIncluded(source, format)) {
      const message = `${part}: a snippet cannot include another snippet ("${include.name}"), line:${include.line}, col:${include.col}`;
      problems.push({ code: 'template_syntax', message, path: [part] });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, snippet: await putSnippet(db, { name: named.data, ...parsed.data }, editedBy) };
}
