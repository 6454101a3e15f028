/**
 * How sales recognise a lead on a handoff or task card without opening it: its email, a name
 * and a company. Name and company come from the lead's attributes, under the keys templates
 * merge (`{{ lead.first_name }}`, `{{ lead.company }}`), or their camelCase spelling, which forms
 * often send; values that are not text (a `company: { size }` object) are not a name.
 */
export interface LeadCard {
  email: string | null;
  /** "Ada Lovelace" from first and last name, else the attribute `name`; null when none is text. */
  name: string | null;
  /** The attribute `company` when it is text, else `company.name`. */
  company: string | null;
}

/** A text attribute of lead `l`, trimmed; null when absent, empty or not text. */
function textAt(path: readonly string[]): string {
  const value = `l.attributes #> '{${path.join(',')}}'`;
  return `nullif(btrim(case when jsonb_typeof(${value}) = 'string' then ${value} #>> '{}' end), '')`;
}

const FIRST = `coalesce(${textAt(['first_name'])}, ${textAt(['firstName'])})`;
const LAST = `coalesce(${textAt(['last_name'])}, ${textAt(['lastName'])})`;

/**
 * The select expression of a `LeadCard` as one jsonb value, for a query that joins `leads l`
 * (both tables keyed by lead, so the join stays on the lead's shard).
 */
export const LEAD_CARD_COLUMN = `jsonb_build_object(
    'email', l.email,
    'name', coalesce(nullif(concat_ws(' ', ${FIRST}, ${LAST}), ''), ${textAt(['name'])}),
    'company', coalesce(${textAt(['company'])}, ${textAt(['company', 'name'])})
  ) as lead`;
