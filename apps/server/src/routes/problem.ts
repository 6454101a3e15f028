import { PROBLEM_CODES, type Problem } from '@trellis/journey';
import { z } from 'zod';

/** The validator's problem, as the API documents it (tied to journey's `Problem` type). */
export const problemSchema = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.enum(PROBLEM_CODES),
  message: z.string(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  path: z.array(z.union([z.string(), z.number()])).describe('where in the document, e.g. ["nodes", 3, "data", "for"]'),
}) satisfies z.ZodType<Problem>;

export const problemsSchema = z.array(problemSchema);
