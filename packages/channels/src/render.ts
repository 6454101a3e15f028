import { Drop, Liquid } from 'liquidjs';
import type { LeadSnapshot } from './send-payload.js';

/**
 * Templates are Liquid (liquidjs): `{{ lead.first_name }}`, `{{ lead.attributes.company }}`,
 * `{{ sender.name }}`, filters such as `{{ lead.first_name | default: "there" }}`, and tags
 * such as `{% if %}`. A merge field with no value renders empty and is reported, never an
 * error: rendering answers the text and the list of missing fields. A syntax error or an
 * unknown filter is caught when the template is saved (`templateSyntaxError`).
 */

export interface SenderIdentity {
  name: string;
  email: string | null;
  phone: string | null;
}

export interface MergeContext {
  lead: LeadSnapshot;
  sender: SenderIdentity;
  journey?: { id: string; name?: string | null; version?: number | null };
  /** An email's unsubscribe and preferences page, `{{ unsubscribe_url }}` in its templates. */
  unsubscribeUrl?: string;
}

export interface Rendered {
  text: string;
  /** Merge fields that were looked up and had no value, as written (`lead.first_name`), in order. */
  missingFields: string[];
}

// Limits keep one runaway template (a huge loop) from stalling delivery for everyone.
const LIMITS = { parseLimit: 1_000_000, renderLimit: 2_000, memoryLimit: 10_000_000 };

/** Text parts (subject, SMS, letters, task scripts): output as written. */
const textEngine = new Liquid({ ...LIMITS, strictFilters: true });
/** HTML parts: merged values are HTML-escaped, so a lead's data cannot inject markup. */
const htmlEngine = new Liquid({ ...LIMITS, strictFilters: true, outputEscape: 'escape' });

export type TemplateFormat = 'text' | 'html';

const engineFor = (format: TemplateFormat) => (format === 'html' ? htmlEngine : textEngine);

/** The syntax error in `source`, as one sentence with its line and column; null when it parses. */
export function templateSyntaxError(source: string, format: TemplateFormat = 'text'): string | null {
  try {
    engineFor(format).parse(source);
    return null;
  } catch (error) {
    return firstLine((error as Error).message);
  }
}

/**
 * Renders `source` with the merge fields. Throws only for what saving would have refused
 * (a syntax error) or a render limit; a missing field is never an error.
 */
export async function renderTemplate(
  source: string,
  context: MergeContext,
  format: TemplateFormat = 'text',
): Promise<Rendered> {
  const missing = new Set<string>();
  const root = new MergeFields('', mergeValues(context), missing);
  // The root is both the scope and the globals: a top-level name found in neither (a typo such
  // as `{{ leed.email }}`) falls through to the globals' liquidMethodMissing and is reported.
  const text = await engineFor(format).parseAndRender(source, root, { globals: root });
  return { text, missingFields: [...missing] };
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

function firstLine(message: string): string {
  return message.split('\n')[0]!;
}
