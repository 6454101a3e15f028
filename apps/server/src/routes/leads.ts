import { HANDOFF_ANSWERS, leadIdSchema, leadPatchSchema, type LeadPatch } from '@trellis/journey';
import { getJourney, getLead, leadJourneys, leadJourneyVersions, leadTimeline, type LeadRecord, type TimelineItem } from '@trellis/store';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { LeadNames, stepNameFields } from '../lead-names.js';
import { defineRoute, type RouteSpec } from '../route.js';
import { runtimeOf } from '../runtime.js';
import { notFoundJourney } from './journeys.js';
import { isoTime, pathParam } from './params.js';

/**
 * Leads: written by integrations (`ingest`), read by operations and by sales working a handoff,
 * removed from a journey by an operator.
 */

// Who reads the leads list (lead-list.ts) reads each lead: the list opens the lead's profile.
const LEAD_READERS = ['marketer', 'reviewer', 'operator', 'sales'] as const;

export const leadSchema = z.object({
  id: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  timezone: z.string().nullable(),
  owner: z.string().nullable(),
  score: z.number(),
  stage: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  consent: z.record(z.string(), z.string()),
  createdAt: isoTime,
  updatedAt: isoTime,
});

export function leadAnswer(lead: LeadRecord): z.infer<typeof leadSchema> {
  return {
    id: lead.id,
    email: lead.email,
    phone: lead.phone,
    timezone: lead.timezone,
    owner: lead.owner,
    score: lead.score,
    stage: lead.stage,
    attributes: lead.attributes,
    consent: lead.consent,
    createdAt: lead.createdAt.toISOString(),
    updatedAt: lead.updatedAt.toISOString(),
  };
}

const leadJourneySchema = z.object({
  journeyId: z.string(),
  version: z.number().int(),
  nodeId: z.string(),
  status: z.enum(['active', 'done']),
  outcome: z.string().optional(),
  reason: z.string().optional().describe('why the run ended where the outcome alone does not say: the loop an `error` stopped'),
  enteredAt: isoTime,
  endedAt: isoTime.nullable(),
  ...stepNameFields,
});


function requireLeadId(value: string): string {
  if (!leadIdSchema.safeParse(value).success) throw new ApiError(400, 'invalid_path', 'A lead id is 1 to 200 characters, not only spaces.');
  return value;
}

function notFoundLead(id: string): ApiError {
  return new ApiError(404, 'not_found', `There is no lead "${id}".`);
}

const putRoute = defineRoute<LeadPatch>({
  method: 'put',
  path: '/api/leads/:id',
  operationId: 'putLead',
  summary:
    'Creates or updates a lead: fields sent replace, null clears, attributes and consent merge. Recorded as a `lead_updated` event that journeys see.',
  roles: ['ingest'],
  request: { schema: leadPatchSchema },
  responses: { 200: { description: 'The lead as it now is', schema: leadSchema } },
  handle: async ({ c, body, options }) => {
    const { db, engine } = runtimeOf(options);
    const id = requireLeadId(pathParam(c, 'id'));
    await engine.putLead(id, body);
    return c.json(leadAnswer((await getLead(db, id))!));
  },
});

const getRoute = defineRoute({
  method: 'get',
  path: '/api/leads/:id',
  operationId: 'getLead',
  summary: 'The lead, with where it is (or ended) in each journey it entered.',
  roles: LEAD_READERS,
  responses: { 200: { description: 'The lead', schema: leadSchema.extend({ journeys: z.array(leadJourneySchema) }) } },
  errors: { 404: 'not_found: no such lead' },
  handle: async ({ c, options }) => {
    const { db } = runtimeOf(options);
    const id = pathParam(c, 'id');
    const lead = await getLead(db, id);
    if (!lead) throw notFoundLead(id);
    const journeys = await leadJourneys(db, id);
    const names = new LeadNames(await leadJourneyVersions(db, id));
    return c.json({
      ...leadAnswer(lead),
      journeys: journeys.map((j) => ({
        ...j,
        enteredAt: j.enteredAt.toISOString(),
        endedAt: j.endedAt?.toISOString() ?? null,
        ...names.of(j.journeyId, j.version, j.nodeId),
      })),
    });
  },
});

const timelineItemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('event'), at: isoTime, id: z.string(), type: z.string(), props: z.record(z.string(), z.unknown()) }),
  z.object({
    kind: z.literal('step'),
    at: isoTime,
    journeyId: z.string(),
    runId: z.string(),
    nodeId: z.string(),
    handle: z.string().nullable(),
    reason: z.string().optional().describe('on the last step of a run the engine stopped (outcome `error`): why'),
    ...stepNameFields,
  }),
  z.object({
    kind: z.literal('send'),
    at: isoTime,
    id: z.string(),
    journeyId: z.string(),
    nodeId: z.string(),
    channel: z.string(),
    template: z.string(),
    templateName: z.string().nullable().describe("the template's name; null once the template is gone"),
    status: z.string().describe('sent, suppressed or capped as decided; failed once delivery gave it up'),
    reason: z.string().optional().describe('on a failed send: why delivery gave it up'),
    ...stepNameFields,
  }),
  z.object({
    kind: z.literal('score'),
    at: isoTime,
    from: z.number(),
    to: z.number(),
    journeyId: z.string().nullable(),
    nodeId: z.string().nullable(),
    ...stepNameFields,
  }),
  z.object({ kind: z.literal('note'), at: isoTime, id: z.string(), author: z.string().nullable(), body: z.string(), handoffId: z.string().nullable() }),
  z.object({
    kind: z.literal('answer'),
    at: isoTime,
    handoffId: z.string(),
    journeyId: z.string(),
    nodeId: z.string(),
    answer: z.enum(HANDOFF_ANSWERS),
    by: z.string().nullable(),
    returnAt: isoTime.nullable().describe("a recycle's date to bring the lead back"),
    ...stepNameFields,
  }),
]);

/** An item as the API answers it: times as ISO text, and a journey's item named instead of its run's version. */
function timelineAnswer(item: TimelineItem, names: LeadNames) {
  const at = item.at.toISOString();
  switch (item.kind) {
    case 'event':
    case 'note':
      return { ...item, at };
    case 'answer': {
      const { version, ...rest } = item;
      return { ...rest, at, returnAt: item.returnAt?.toISOString() ?? null, ...names.of(item.journeyId, version, item.nodeId) };
    }
    default: {
      const { version, ...rest } = item;
      return { ...rest, at, ...names.of(item.journeyId, version, item.nodeId) };
    }
  }
}

const timelineRoute = defineRoute({
  method: 'get',
  path: '/api/leads/:id/timeline',
  operationId: 'leadTimeline',
  summary: "Everything that happened to the lead, oldest first: events, steps, sends, score changes, sales' answers and notes (the newest 1,000 of each).",
  roles: LEAD_READERS,
  responses: { 200: { description: 'The timeline', schema: z.object({ items: z.array(timelineItemSchema) }) } },
  errors: { 404: 'not_found: no such lead' },
  handle: async ({ c, options }) => {
    const { db } = runtimeOf(options);
    const id = pathParam(c, 'id');
    if (!(await getLead(db, id))) throw notFoundLead(id);
    const items = await leadTimeline(db, id);
    const names = new LeadNames(await leadJourneyVersions(db, id));
    return c.json({ items: items.map((item) => timelineAnswer(item, names)) });
  },
});

const removeRoute = defineRoute({
  method: 'delete',
  path: '/api/journeys/:id/leads/:leadId',
  operationId: 'removeLeadFromJourney',
  summary: 'An operator takes a lead out of a journey: its run ends with outcome `removed`.',
  roles: ['operator'],
  responses: { 204: { description: 'Removed' } },
  errors: { 404: 'not_found: no such journey, or the lead is not in it' },
  handle: async ({ c, options }) => {
    const { db, engine } = runtimeOf(options);
    const journeyId = pathParam(c, 'id');
    const leadId = pathParam(c, 'leadId');
    if (!(await getJourney(db, journeyId))) throw notFoundJourney(journeyId);
    if (!(await engine.removeLead(journeyId, leadId))) {
      throw new ApiError(404, 'not_found', `Lead "${leadId}" is not in journey "${journeyId}".`);
    }
    return c.body(null, 204);
  },
});

export const leadRoutes: readonly RouteSpec[] = [putRoute, getRoute, timelineRoute, removeRoute];
