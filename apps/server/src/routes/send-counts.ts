import { getJourney, sendStatusCounts } from '@trellis/store';
import { z } from 'zod';
import { defineRoute } from '../route.js';
import { runtimeOf } from '../runtime.js';
import { notFoundJourney } from './journeys.js';
import { pathParam } from './params.js';

/** How a journey's sends ended, per channel and status: the operator's view of its deliveries. */
export const sendCountsRoute = defineRoute({
  method: 'get',
  path: '/api/journeys/:id/sends',
  operationId: 'journeySendCounts',
  summary: "The journey's sends counted per channel and status (sent, suppressed, capped, failed), with how many were delivered or failed delivery.",
  roles: ['marketer', 'operator'],
  responses: {
    200: {
      description: 'The counts, by channel then status',
      schema: z.object({
        sends: z.array(
          z.object({ channel: z.string(), status: z.string(), count: z.number().int(), delivered: z.number().int(), failedDelivery: z.number().int() }),
        ),
      }),
    },
  },
  errors: { 404: 'not_found: no such journey' },
  handle: async ({ c, options }) => {
    const { db } = runtimeOf(options);
    const journeyId = pathParam(c, 'id');
    if (!(await getJourney(db, journeyId))) throw notFoundJourney(journeyId);
    return c.json({ sends: await sendStatusCounts(db, journeyId) });
  },
});
