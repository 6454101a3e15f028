import { z } from 'zod';
import { CHANNELS, senderSchema } from '@trellis/journey';
import {
  createTemplate,
  getTemplate,
  snippetsByName,
  type SnippetRecord,
  updateTemplate,
  type SqlQueryable,
  type TemplatePatch,
  type TemplateRecord,
} from '@trellis/store';
import { mayIncludeSnippets, renderPart, snippetsIncluded, templateSyntaxError, TemplateError, type Rendered, type SenderIdentity, type TemplatePart } from './render.js';
import type { LeadSnapshot } from './send-payload.js';
import { resolveSigner, templateSigner, type SignedAs } from './sender.js';
import type { Sender } from '@trellis/journey';

/**
 * Saving templates: the shape is checked with zod and every Liquid part is parsed before it
 * is stored, so a template that is saved always renders. The server's `/api/templates` routes
 * call these; reading and deleting need no checks (`getTemplate`, `listTemplates`,
 * `deleteTemplate` from the store).
 */

export interface TemplateProblem {
  code: 'schema' | 'template_syntax' | 'template_render' | 'bad_url' | 'duplicate_id' | 'not_found';
  message: string;
  path: (string | number)[];
}

export type TemplateSaveResult = { ok: true; template: TemplateRecord } | { ok: false; problems: TemplateProblem[] };

/** Ids follow the journey format's ids, plus dots (`welcome.v2`), so a send node can name them. */
const templateIdSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'use 1–64 letters, digits, "_", "-" or "."');

/**
 * Headers a webhook template may not set: the transport's own and the ones Trellis signs and
 * keys each request with, which the receiver must be able to trust.
 */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'content-type', 'transfer-encoding', 'connection', 'x-trellis-signature', 'x-trellis-signature-previous', 'idempotency-key']);

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;

function headerNameProblem(name: string): string | null {
  if (!HEADER_NAME.test(name)) return "a header name is 1–64 letters, digits or !#$%&'*+.^_`|~-";
  if (RESERVED_HEADERS.has(name.toLowerCase())) return 'Trellis sets this header itself';
  return null;
}

/** A webhook's method, extra headers and JSON body (Liquid), beyond its URL. */
export const webhookRequestSchema = z.strictObject({
  method: z.enum(['POST', 'PUT', 'PATCH']),
  headers: z
    .record(z.string(), z.string().max(4_000).regex(/^[^\r\n]*$/, 'a header value is one line'))
    .refine((h) => Object.keys(h).length <= 20, { error: 'at most 20 headers' })
    .superRefine((headers, ctx) => {
      for (const name of Object.keys(headers)) {
        const problem = headerNameProblem(name);
        if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [name] });
      }
    }),
  body: z.string().nullable(),
});

export const templateInputSchema = z.strictObject({
  id: templateIdSchema,
  channel: z.enum(CHANNELS),
  name: z.string().trim().min(1, 'a template needs a name'),
  subject: z.string().nullish(),
  body: z.string(),
  html: z.string().nullish(),
  request: webhookRequestSchema.nullish().describe("webhook templates only: method, extra headers and a Liquid JSON body; null posts the send's fixed JSON"),
  sender: senderSchema
    .nullish()
    .describe('email, SMS and direct-mail templates: who it is from when the send step names no sender ("owner" or { name, email, phone }); null: the default sender'),
});
export type TemplateInputBody = z.infer<typeof templateInputSchema>;

export const templatePatchSchema = templateInputSchema.omit({ id: true }).partial();

export async function createCheckedTemplate(db: SqlQueryable, input: unknown, editedBy: string | null = null): Promise<TemplateSaveResult> {
  const parsed = templateInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: schemaProblems(parsed.error) };
  const problems = [...contentProblems(parsed.data), ...(await unknownSnippetProblems(db, parsed.data))];
  if (problems.length > 0) return { ok: false, problems };
  const template = await createTemplate(db, parsed.data, editedBy);
  if (!template) {
    return {
      ok: false,
      problems: [{ code: 'duplicate_id', message: `a template with id "${parsed.data.id}" already exists`, path: ['id'] }],
    };
  }
  return { ok: true, template };
}

/** Checks the template as it would be after the patch; `not_found` for an unknown id. */
export async function updateCheckedTemplate(db: SqlQueryable, id: string, patch: unknown, editedBy: string | null = null): Promise<TemplateSaveResult> {
  const parsed = templatePatchSchema.safeParse(patch);
  if (!parsed.success) return { ok: false, problems: schemaProblems(parsed.error) };
  const current = await getTemplate(db, id);
  if (!current) return { ok: false, problems: [{ code: 'not_found', message: `no template with id "${id}"`, path: [] }] };
  const after = { ...current, ...parsed.data };
  const problems = [...contentProblems(after), ...(await unknownSnippetProblems(db, after))];
  if (problems.length > 0) return { ok: false, problems };
  const template = await updateTemplate(db, id, parsed.data as TemplatePatch, editedBy);
  if (!template) return { ok: false, problems: [{ code: 'not_found', message: `no template with id "${id}"`, path: [] }] };
  return { ok: true, template };
}

/** The channels whose messages carry a sender: a task goes to sales, a webhook to a system. */
const SIGNED_CHANNELS = new Set<string>(['email', 'sms', 'direct_mail']);

/** Every problem with a template's parts, at once. */
export function contentProblems(
  template: Pick<TemplateInputBody, 'channel' | 'subject' | 'body' | 'html' | 'request'> & { sender?: TemplateInputBody['sender'] },
): TemplateProblem[] {
  if (template.sender && !SIGNED_CHANNELS.has(template.channel)) {
    return [{ code: 'schema', message: 'only email, SMS and direct-mail templates have a sender', path: ['sender'] }];
  }
  if (template.channel === 'webhook') {
    // A webhook template's body is the URL to post to, not Liquid; its request body is Liquid.
    const problems: TemplateProblem[] = isHttpUrl(template.body)
      ? []
      : [{ code: 'bad_url', message: 'a webhook template\'s body must be an http:// or https:// URL', path: ['body'] }];
    const source = template.request?.body;
    const error = source ? templateSyntaxError(source, 'text') : null;
    if (error) problems.push({ code: 'template_syntax', message: `request.body: ${error}`, path: ['request', 'body'] });
    return problems;
  }
  if (template.request) return [{ code: 'schema', message: 'only webhook templates have a request', path: ['request'] }];
  const problems: TemplateProblem[] = [];
  for (const [part, format] of [['subject', 'text'], ['body', 'text'], ['html', 'html']] as const) {
    const source = template[part];
    if (source === null || source === undefined) continue;
    const error = templateSyntaxError(source, format);
    if (error) problems.push({ code: 'template_syntax', message: `${part}: ${error}`, path: [part] });
  }
  return problems;
}

/**
 * A `{% snippet "name" %}` naming no saved snippet, per part with its line and column: refused
 * on save like a syntax error, so a saved template always renders (snippets are never deleted).
 */
export async function unknownSnippetProblems(
  db: SqlQueryable,
  template: Pick<TemplateInputBody, 'channel' | 'subject' | 'body' | 'html'>,
): Promise<TemplateProblem[]> {
  if (template.channel === 'webhook' || !mayIncludeSnippets(template.subject, template.body, template.html)) return [];
  const known = await snippetsByName(db);
  const problems: TemplateProblem[] = [];
  for (const [part, format] of [['subject', 'text'], ['body', 'text'], ['html', 'html']] as const) {
    const source = template[part];
    if (source === null || source === undefined) continue;
    for (const include of snippetsIncluded(source, format)) {
      if (known.has(include.name)) continue;
      const message = `${part}: there is no snippet "${include.name}", line:${include.line}, col:${include.col}`;
      problems.push({ code: 'template_syntax', message, path: [part] });
    }
  }
  return problems;
}

/** The snippets a render of these parts may need: none read when no part names the tag. */
export async function snippetsFor(db: SqlQueryable, ...sources: Array<string | null | undefined>): Promise<Map<string, SnippetRecord>> {
  return mayIncludeSnippets(...sources) ? snippetsByName(db) : new Map();
}

export interface TemplatePreview {
  subject: string | null;
  text: string;
  html: string | null;
  missingFields: string[];
  /** Who it goes out as for this lead, and why (a webhook has no sender: null). */
  sender: (SenderIdentity & { as: SignedAs }) | null;
}

export type TemplatePreviewResult = { ok: true; preview: TemplatePreview } | { ok: false; problems: TemplateProblem[] };

/** A preview is no email anyone can act on: its unsubscribe link only shows where it goes. */
export const PREVIEW_UNSUBSCRIBE_URL = '#unsubscribe';

interface PreviewOptions {
  lead: LeadSnapshot;
  sender?: Sender | null;
  defaultSender: SenderIdentity;
}

/** The parts of a template a preview renders: a stored one, or a draft not saved yet. */
type PreviewedParts = Pick<TemplateRecord, 'channel' | 'subject' | 'body' | 'html'> & { sender?: TemplateRecord['sender'] };

/**
 * The saved template rendered for one lead, as delivery would render it: for the editor's
 * preview. `not_found` for an unknown template; `template_render` for a stored template that
 * cannot render (a tag refused since it was saved, a limit), naming the part. A webhook
 * template previews as its URL.
 */
export async function previewTemplate(db: SqlQueryable, id: string, options: PreviewOptions): Promise<TemplatePreviewResult> {
  const template = await getTemplate(db, id);
  if (!template) return { ok: false, problems: [{ code: 'not_found', message: `no template with id "${id}"`, path: [] }] };
  return renderPreview(db, template, options);
}

/** What the editor holds, not saved yet: a template's parts without its id and name. */
export const draftTemplateSchema = templateInputSchema.omit({ id: true, name: true });

/**
 * A draft (what the editor holds now, unsaved) rendered for one lead exactly as a saved
 * template would be: the same checks a save makes first (shape, Liquid syntax, refused tags,
 * unknown snippets: `schema` or `template_syntax` problems naming the part), then the same
 * render, limits and sanitiser as delivery (`template_render`).
 */
export async function previewDraftTemplate(db: SqlQueryable, draft: unknown, options: PreviewOptions): Promise<TemplatePreviewResult> {
  const parsed = draftTemplateSchema.safeParse(draft);
  if (!parsed.success) return { ok: false, problems: schemaProblems(parsed.error) };
  const template = { ...parsed.data, subject: parsed.data.subject ?? null, html: parsed.data.html ?? null };
  const problems = [...contentProblems(template), ...(await unknownSnippetProblems(db, template))];
  if (problems.length > 0) return { ok: false, problems };
  return renderPreview(db, template, options);
}

async function renderPreview(db: SqlQueryable, template: PreviewedParts, { lead, sender, defaultSender }: PreviewOptions): Promise<TemplatePreviewResult> {
  if (template.channel === 'webhook') {
    return { ok: true, preview: { subject: null, text: template.body, html: null, missingFields: [], sender: null } };
  }
  // The send step's sender wins; a step naming none goes out as the template's own (if any).
  const signer = sender ? await resolveSigner(db, sender, lead, defaultSender) : await templateSigner(db, template, lead, defaultSender);
  const context = {
    lead,
    sender: signer.sender,
    snippets: await snippetsFor(db, template.subject, template.body, template.html),
    ...(template.channel === 'email' ? { unsubscribeUrl: PREVIEW_UNSUBSCRIBE_URL } : {}),
  };
  const render = (part: TemplatePart, source: string | null): Promise<Rendered | null> =>
    source === null ? Promise.resolve(null) : renderPart(template.channel, part, source, context);
  try {
    const subject = await render('subject', template.subject);
    const text = (await render('body', template.body))!;
    const html = await render('html', template.html);
    const missing = new Set([subject, text, html].flatMap((part) => part?.missingFields ?? []));
    return {
      ok: true,
      preview: {
        subject: subject?.text ?? null,
        text: text.text,
        html: html?.text ?? null,
        missingFields: [...missing],
        sender: { ...signer.sender, as: signer.as },
      },
    };
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return { ok: false, problems: [{ code: 'template_render', message: error.message, path: error.part ? [error.part] : [] }] };
  }
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function schemaProblems(error: z.ZodError): TemplateProblem[] {
  return error.issues.map((issue) => ({
    code: 'schema',
    message: issue.message,
    path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
  }));
}
