import { hasErrors, validateJourney, type Problem } from '@trellis/journey';
import { getJourney, templateChannels, type SqlQueryable } from '@trellis/store';

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

/**
 * What stops the journey's draft from being published, templates included; empty when nothing
 * does, or when the engine refuses it with its own answer (no such journey, archived).
 *
 * The engine validates the draft again as it publishes, but without the templates (it is given
 * none), so this check runs first. A template deleted between the two is not seen here; a send
 * that names it then fails with its reason at delivery, never counted as sent.
 */
export async function publishProblems(db: SqlQueryable, journeyId: string): Promise<Problem[]> {
  const journey = await getJourney(db, journeyId);
  if (!journey || journey.status === 'archived') return [];
  const problems = await journeyProblems(db, journey.draft);
  return hasErrors(problems) ? problems : [];
}
