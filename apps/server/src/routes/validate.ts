import { journeySchema } from '@trellis/journey';
import { z } from 'zod';
import { journeyProblems } from '../journey-problems.js';
import { defineRoute } from '../route.js';
import { problemsSchema } from './problem.js';

export const validateResponseSchema = z.object({ problems: problemsSchema });

export const validateRoute = defineRoute<unknown>({
  method: 'post',
  path: '/api/validate',
  operationId: 'validateJourney',
  summary: 'Every problem of a journey document at once, templates checked against the stored ones (`unknown_template`); 200 even when there are problems.',
  roles: ['marketer', 'reviewer', 'operator'],
  // Any JSON at all is accepted: a body that is not even a journey gets its problems too.
  request: { schema: z.unknown(), documentedAs: journeySchema },
  responses: { 200: { description: 'The problems, empty when the journey is valid', schema: validateResponseSchema } },
  handle: async ({ c, body, options }) => c.json({ problems: await journeyProblems(options.services.runtime?.db, body) }),
});
