import type { SqlQueryable } from './sql.js';

/**
 * The lead attribute names the instance's conditions test (`{ "attr": "industry", … }`): in
 * journeys (drafts and published versions, the examples included), the scoring model and saved
 * segments. The message editor counts them as known merge fields, so a fresh install, whose
 * leads carry no attributes yet, does not flag every field the journeys already rely on.
 */
export async function conditionAttributeNames(db: SqlQueryable): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `select distinct found #>> '{}' as name
       from (select jsonb_path_query(doc, 'strict $.**.attr') as found
               from (select draft as doc from journeys
                     union all select document from journey_versions
                     union all select model from scoring_model
                     union all select condition from segments) documents) names
      where jsonb_typeof(found) = 'string'
      order by name`,
  );
  return rows.map((r) => r.name);
}
