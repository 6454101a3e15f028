import { conditionAttributeNames, leadAttributeKeys, type SqlQueryable } from '@trellis/store';
import { z } from 'zod';
import { CHANNELS } from '@trellis/journey';
import { fieldsRead, parseTemplate, TemplateError } from './liquid-engine.js';
import { contentProblems, unknownSnippetProblems, webhookRequestSchema } from './template-library.js';

/**
 * The editor's check as the marketer types: the problems a save would refuse (syntax, a
 * refused tag, an unknown snippet, a bad webhook URL), each with its part, line and column, and
 * merge fields no lead carries as warnings (a typo renders empty; it does not block saving).
 * Nothing is stored.
 */

export const templateCheckInputSchema = z.strictObject({
  channel: z.enum(CHANNELS),
  subject: z.string().nullish(),
  body: z.string(),
  html: z.string().nullish(),
  request: webhookRequestSchema.nullish(),
});

export interface CheckedProblem {
  part: 'subject' | 'body' | 'html' | 'request';
  severity: 'error' | 'warning';
  message: string;
  line: number | null;
  col: number | null;
}

/** The fields a template may merge, besides the attributes seen on leads. */
export const LEAD_FIELDS = ['id', 'email', 'phone', 'timezone', 'owner', 'score', 'stage', 'attributes'] as const;
export const SENDER_FIELDS = ['name', 'email', 'phone', 'signature'] as const;
const JOURNEY_FIELDS = ['id', 'name', 'version'] as const;

/**
 * A person's name, company and postal address: the attributes the lead list searches and
 * direct mail addresses (`address`), known before any lead carries them, so a fresh install's
 * greeting (`{{ lead.first_name }}`) is not flagged.
 */
export const PERSON_ATTRIBUTES = ['first_name', 'last_name', 'name', 'firstName', 'lastName', 'company', 'address'] as const;

/**
 * Every field the editor offers: lead fields, sender and journey fields, and as attributes the
 * person's own (`PERSON_ATTRIBUTES`), those seen on leads and those the journeys, scoring model
 * and segments test (`industry`, `buyingStage`…): a fresh install is not all warnings, and a
 * typo (`lead.frist_name`) still is one.
 */
export async function mergeFields(db: SqlQueryable): Promise<{ lead: string[]; attributes: string[]; sender: string[]; other: string[] }> {
  const named = [...PERSON_ATTRIBUTES, ...(await leadAttributeKeys(db)), ...(await conditionAttributeNames(db))];
  const attributes = [...new Set(named)]
    .filter((k) => !(LEAD_FIELDS as readonly string[]).includes(k) && !k.startsWith('consent.'))
    .sort();
  return {
    lead: LEAD_FIELDS.map((f) => `lead.${f}`),
    attributes: attributes.map((k) => `lead.${k}`),
    sender: SENDER_FIELDS.map((f) => `sender.${f}`),
    other: [...JOURNEY_FIELDS.map((f) => `journey.${f}`), 'unsubscribe_url'],
  };
}

export async function checkTemplate(db: SqlQueryable, input: z.infer<typeof templateCheckInputSchema>): Promise<CheckedProblem[]> {
  const errors = [...contentProblems(input), ...(await unknownSnippetProblems(db, input))].map(located);
  if (input.channel === 'webhook') return errors;
  const known = await mergeFields(db);
  const knownSet = new Set([...known.lead, ...known.attributes, ...known.sender, ...known.other]);
  const warnings: CheckedProblem[] = [];
  for (const [part, format] of [['subject', 'text'], ['body', 'text'], ['html', 'html']] as const) {
    const source = input[part];
    if (source === null || source === undefined || errors.some((e) => e.part === part)) continue;
    for (const field of fieldsOf(source, format)) {
      if (knownSet.has(field) || field.startsWith('lead.attributes.') || isKnownDeeper(field, knownSet)) continue;
      warnings.push({ part, severity: 'warning', message: `no lead or sender has the field "${field}": it renders empty`, line: null, col: null });
    }
  }
  return [...errors, ...warnings];
}

function fieldsOf(source: string, format: 'text' | 'html'): string[] {
  try {
    return fieldsRead(parseTemplate(source, format), format);
  } catch (error) {
    if (error instanceof TemplateError) return [];
    throw error;
  }
}

/** `lead.address.city` is known when `lead.address` is: values may be objects. */
function isKnownDeeper(field: string, known: Set<string>): boolean {
  const parts = field.split('.');
  for (let n = parts.length - 1; n >= 2; n--) if (known.has(parts.slice(0, n).join('.'))) return true;
  return false;
}

function located(problem: { message: string; path: (string | number)[] }): CheckedProblem {
  const part = (problem.path[0] ?? 'body') as CheckedProblem['part'];
  const at = /, line:(\d+), col:(\d+)$/.exec(problem.message);
  const message = problem.message.replace(/^(subject|body|html): /, '');
  return { part, severity: 'error', message, line: at ? Number(at[1]) : null, col: at ? Number(at[2]) : null };
}
