import { attributeTestSchema, engagementTestSchema, isValidDuration, type Condition } from '@trellis/journey';
import { ApiError } from '../api/client.js';

/**
 * A segment's fields as the form checks them before sending (the journey format's own schema,
 * test by test, so a problem names the test it is in), and a refusal from the server put back on
 * the field it names. The server checks again; this only says it sooner and in place.
 */

export interface SegmentFieldProblems {
  name?: string;
  condition: string[];
  /** What belongs to no field (the network, a refusal naming nothing). */
  other?: string;
}

export const NO_PROBLEMS: SegmentFieldProblems = { condition: [] };

export function hasProblems(problems: SegmentFieldProblems): boolean {
  return problems.name !== undefined || problems.condition.length > 0 || problems.other !== undefined;
}

export function segmentProblems(name: string, condition: Condition): SegmentFieldProblems {
  return {
    ...(name.trim() === '' ? { name: 'Give the segment a name.' } : name.trim().length > 200 ? { name: 'A name is at most 200 characters.' } : {}),
    condition: conditionProblems(condition, 'The condition'),
  };
}

/** Every test's problems, each saying where it is ("The condition, test 2 of “all of”: …"). */
function conditionProblems(condition: Condition, where: string): string[] {
  if ('all' in condition || 'any' in condition) {
    const [kind, tests] = 'all' in condition ? (['all of', condition.all] as const) : (['any of', condition.any] as const);
    return tests.flatMap((test, i) => conditionProblems(test, `${where}, test ${i + 1} of “${kind}”`));
  }
  if ('not' in condition) return conditionProblems(condition.not, `${where}, inside “not”`);
  if ('attr' in condition) {
    if (condition.attr.trim() === '') return [`${where}: pick the lead field to test.`];
    return schemaMessages(attributeTestSchema.safeParse(condition), where);
  }
  if (condition.event.trim() === '') return [`${where}: name the event to count.`];
  if (condition.within !== undefined && !isValidDuration(condition.within)) {
    return [`${where}: “within” must be an ISO 8601 duration such as P14D or PT12H, not “${condition.within}”.`];
  }
  return schemaMessages(engagementTestSchema.safeParse(condition), where);
}

function schemaMessages(parsed: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }, where: string): string[] {
  if (parsed.success) return [];
  return (parsed.error?.issues ?? []).map((issue) => `${where}${issue.path.length > 0 ? ` (${issue.path.map(String).join('.')})` : ''}: ${issue.message}.`);
}

/** A refusal from the server on the field it names: `name`, else the condition (a 400 about counting it names no path). */
export function serverProblems(error: Error): SegmentFieldProblems {
  if (!(error instanceof ApiError) || error.status !== 400) return { condition: [], other: error.message };
  const byField: SegmentFieldProblems = { condition: [] };
  for (const problem of error.problems) {
    const [field, ...rest] = problem.path.map(String);
    if (field === 'name') byField.name = `Name: ${problem.message}.`;
    else byField.condition.push(`The condition${rest.length > 0 ? ` (${rest.join('.')})` : ''}: ${problem.message}.`);
  }
  if (error.problems.length === 0) byField.condition.push(error.message);
  return byField;
}
