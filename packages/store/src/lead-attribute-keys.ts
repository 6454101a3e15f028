import type { SqlQueryable } from './sql.js';

/** How many leads are read for attribute names: the editor's field picker needs names, not a census. */
const LEADS_SAMPLED = 10_000;
const KEYS_LISTED = 500;

/**
 * The attribute names seen on leads (`first_name`, `company`, …), by name: what the message
 * editor offers as `{{ lead.… }}` fields and what it checks merge fields against. Read from up
 * to 10,000 leads, so it stays a quick read on a big database; a name only rarer leads carry
 * may be missing, and the editor then warns about a field that exists.
 */
export async function leadAttributeKeys(db: SqlQueryable): Promise<string[]> {
  const rows = await db.query<{ key: string }>(
    `select distinct jsonb_object_keys(attributes) as key
       from (select attributes from leads where jsonb_typeof(attributes) = 'object' limit ${LEADS_SAMPLED}) sampled
      order by key
      limit ${KEYS_LISTED}`,
  );
  return rows.map((r) => r.key);
}
