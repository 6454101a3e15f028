import { Drop } from 'liquidjs';
import type { Channel } from '@trellis/journey';
import { parseTemplate, renderParsed, snippetIncludes, TemplateError, type SnippetSource, type TemplateFormat } from './liquid-engine.js';
import { neutraliseUnsafeLinks } from './safe-links.js';
import { sanitizeEmailHtml } from './sanitize-email-html.js';
import type { LeadSnapshot } from './send-payload.js';

export { TEMPLATE_LIMITS, TemplateError, type SnippetSource, type TemplateFormat } from './liquid-engine.js';

/**
 * Templates are Liquid (liquidjs): `{{ lead.first_name }}`, `{{ lead.attributes.company }}`,
 * `{{ sender.name }}`, filters such as `{{ lead.first_name | default: "there" }}`, and tags
 * such as `{% if %}`. A merge field with no value renders empty and is reported, never an
 * error: rendering answers the text and the list of missing fields. A syntax error, an unknown
 * filter or a tag that would load a file (`render`, `include`, `layout`) is caught when the
 * template is saved (`templateSyntaxError`). Rendering runs in the sandboxed engines of
 * `liquid-engine.ts` (no file system; time, memory and nesting bounded) and each part's output
 * is capped (`OUTPUT_LIMITS`); HTML parts then lose links of unsafe schemes (`safe-links.ts`) and
 * everything that is not email markup: scripts, frames, `on*` handlers (`sanitize-email-html.ts`).
 */

export interface SenderIdentity {
  name: string;
  email: string | null;
  phone: string | null;
  /** A registered owner's sign-off, `{{ sender.signature }}`; the default sender has none. */
  signature?: string | null;
}

export interface MergeContext {
  lead: LeadSnapshot;
  sender: SenderIdentity;
  journey?: { id: string; name?: string | null; version?: number | null };
  /** An email's unsubscribe and preferences page, `{{ unsubscribe_url }}` in its templates. */
  unsubscribeUrl?: string;
  /** The snippets `{% snippet "name" %}` may include, by name (the store's `snippetsByName`). */
  snippets?: ReadonlyMap<string, SnippetSource>;
}

export interface Rendered {
  text: string;
  /** Merge fields that were looked up and had no value, as written (`lead.first_name`), in order. */
  missingFields: string[];
}

export type TemplatePart = 'subject' | 'body' | 'html';

/**
 * The most characters a rendered part may hold. Email HTML carries the markup of a designed
 * email; a text SMS body is capped at what SMS providers accept (1,600 characters, ten
 * concatenated segments); a subject or task title is one line.
 */
export const OUTPUT_LIMITS = { html: 1_000_000, body: 256_000, smsBody: 1_600, subject: 1_000 } as const;

export function outputLimit(channel: Channel, part: TemplatePart): number {
  if (part === 'body' && channel === 'sms') return OUTPUT_LIMITS.smsBody;
  return OUTPUT_LIMITS[part];
}

/** The problem with `source`, as one sentence with its line and column; null when it parses. */
export function templateSyntaxError(source: string, format: TemplateFormat = 'text'): string | null {
  try {
    parseTemplate(source, format);
    return null;
  } catch (error) {
    if (error instanceof TemplateError) return error.reason;
    throw error;
  }
}

/** The snippets `source` includes, with where; [] when it does not parse (its syntax error is reported on its own). */
export function snippetsIncluded(source: string, format: TemplateFormat = 'text'): Array<{ name: string; line: number; col: number }> {
  try {
    return snippetIncludes(parseTemplate(source, format));
  } catch (error) {
    if (error instanceof TemplateError) return [];
    throw error;
  }
}

/** Whether any of `sources` may include a snippet: spares delivery a read when none does. */
export function mayIncludeSnippets(...sources: Array<string | null | undefined>): boolean {
  return sources.some((source) => source != null && /\{%-?\s*snippet\b/.test(source));
}

/**
 * Renders `source` with the merge fields. Throws a `TemplateError` only for what saving would
 * have refused (a syntax error, a file tag) or a limit; a missing field is never an error.
 */
export async function renderTemplate(
  source: string,
  context: MergeContext,
  format: TemplateFormat = 'text',
  maxChars: number = format === 'html' ? OUTPUT_LIMITS.html : OUTPUT_LIMITS.body,
): Promise<Rendered> {
  const missing = new Set<string>();
  const root = new MergeFields('', mergeValues(context), missing);
  // The root is both the scope and the globals: a top-level name found in neither (a typo such
  // as `{{ leed.email }}`) falls through to the globals' liquidMethodMissing and is reported.
  const text = await renderParsed(parseTemplate(source, format), root, format, maxChars, context.snippets);
  // HTML is sanitised after rendering, so what a lead's data or a snippet brings is cleaned too:
  // one place for preview, test sends and delivery, before tracking rewrites links.
  return { text: format === 'html' ? sanitizeEmailHtml(neutraliseUnsafeLinks(text)) : text, missingFields: [...missing] };
}

/** One part of a channel's template, as delivery and preview render it; a failure names the part. */
export async function renderPart(channel: Channel, part: TemplatePart, source: string, context: MergeContext): Promise<Rendered> {
  try {
    return await renderTemplate(source, context, part === 'html' ? 'html' : 'text', outputLimit(channel, part));
  } catch (error) {
    throw error instanceof TemplateError ? error.inPart(part) : error;
  }
}

function mergeValues(context: MergeContext): Record<string, unknown> {
  const { attributes, ...fields } = context.lead;
  return {
    // A lead's attributes read as lead fields too (`lead.first_name`), under its own fields.
    lead: { ...attributes, ...fields, attributes },
    sender: context.sender,
    journey: context.journey ?? {},
    ...(context.unsubscribeUrl === undefined ? {} : { unsubscribe_url: context.unsubscribeUrl }),
  };
}

/**
 * An object whose absent keys are recorded instead of silently rendering empty. liquidjs asks
 * a Drop's `liquidMethodMissing` for any key the object does not have; null and undefined
 * values are left off so they count as missing too.
 */
class MergeFields extends Drop {
  readonly #path: string;
  readonly #missing: Set<string>;

  constructor(path: string, values: Record<string, unknown>, missing: Set<string>) {
    super();
    this.#path = path;
    this.#missing = missing;
    for (const [key, value] of Object.entries(values)) {
      if (value === null || value === undefined) continue;
      (this as unknown as Record<string, unknown>)[key] = wrap(`${path}${path ? '.' : ''}${key}`, value, missing);
    }
  }

  override liquidMethodMissing(key: string | number): undefined {
    this.#missing.add(`${this.#path}${this.#path ? '.' : ''}${key}`);
    return undefined;
  }
}

function wrap(path: string, value: unknown, missing: Set<string>): unknown {
  if (Array.isArray(value)) return value.map((item, index) => wrap(`${path}.${index}`, item, missing));
  if (value !== null && typeof value === 'object') return new MergeFields(path, value as Record<string, unknown>, missing);
  return value;
}
