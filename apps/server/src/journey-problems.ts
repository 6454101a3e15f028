import { resolveSavedSegments, savedSegmentOf, validateJourney, type Condition, type Problem } from '@trellis/journey';
import { segmentConditions, segmentIds, templateChannels, type SqlQueryable } from '@trellis/store';

/**
 * The journey validator with what only the server knows: the stored templates, so a send
 * naming a template that does not exist is `unknown_template` (http-api.md: "A send whose
 * template does not exist is a publish error ... POST /api/validate on the server reports it
 * too"), and the stored segments, so a trigger naming a saved segment that does not exist is
 * `unknown_segment`.
 */

/** Every problem of `doc`; with no database (an app built for pure-route tests) templates and segments are not checked. */
export async function journeyProblems(db: SqlQueryable | undefined, doc: unknown): Promise<Problem[]> {
  return validateJourney(doc, db ? { templates: await templateChannels(db), segments: await segmentIds(db) } : {});
}

/**
 * The document with the saved segment its trigger names replaced by the segment's condition as
 * stored now (the simulator, like the engine, runs the condition); `missing` when it names one
 * that is not stored.
 */
export async function withStoredSegment<T>(db: SqlQueryable | undefined, doc: T): Promise<{ doc: T; missing: boolean }> {
  const id = savedSegmentOf(doc);
  if (id === null || !db) return { doc, missing: false };
  const conditions = await segmentConditions(db, [id]);
  if (!conditions.has(id)) return { doc, missing: true };
  return { doc: resolveSavedSegments(doc, conditions as Map<string, Condition>), missing: false };
}
