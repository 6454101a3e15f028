import { validateJourney, type Problem } from '@trellis/journey';
import { templateChannels, type SqlQueryable } from '@trellis/store';

/**
 * The journey validator with what only the server knows: the stored templates, so a send
 * naming a template that does not exist is `unknown_template` (http-api.md: "A send whose
 * template does not exist is a publish error ... POST /api/validate on the server reports it
 * too").
 */

/** Every problem of `doc`; with no database (an app built for pure-route tests) templates are not checked. */
export async function journeyProblems(db: SqlQueryable | undefined, doc: unknown): Promise<Problem[]> {
  return validateJourney(doc, db ? { templates: await templateChannels(db) } : {});
}
