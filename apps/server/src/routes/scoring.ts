import { EMPTY_SCORING_MODEL, scoreParts, scoringModelSchema, type ScoreState, type ScoringModel } from '@trellis/journey';
import { saveScoringModel } from '@trellis/engine';
import { latestRescore, leadScore, readScoringModel, segmentsOfLead, type RescoreJob } from '@trellis/store';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { defineRoute, type RouteSpec } from '../route.js';
import { runtimeOf } from '../runtime.js';
import { isoTime, pathParam } from './params.js';

/**
 * The scoring model (`GET`/`PUT /api/scoring`), the re-score a new model starts
 * (`GET /api/scoring/status`), and a lead's score card and segments for its profile. The rules
 * are the journey package's (`scoring.ts`); the engine applies them.
 */

const WRITERS = ['marketer'] as const;
const READERS = ['marketer', 'reviewer', 'operator'] as const;
// Who reads a lead reads its score and segments (leads.ts).
const LEAD_READERS = ['marketer', 'reviewer', 'operator', 'sales'] as const;

const rescoreSchema = z.object({
  id: z.string(),
  modelVersion: z.number().int(),
  status: z.enum(['running', 'done', 'superseded']),
  total: z.number().int().describe('leads when it began'),
  done: z.number().int().describe('leads re-scored so far'),
  createdAt: isoTime,
  finishedAt: isoTime.nullable(),
});

function rescoreAnswer(job: RescoreJob | null): z.infer<typeof rescoreSchema> | null {
  if (!job) return null;
  return { ...job, createdAt: job.createdAt.toISOString(), finishedAt: job.finishedAt?.toISOString() ?? null };
}

const getRoute = defineRoute({
  method: 'get',
  path: '/api/scoring',
  operationId: 'getScoringModel',
  summary: 'The scoring model: fit and behaviour rules, decay and thresholds (no rules before one is saved).',
  roles: READERS,
  responses: { 200: { description: 'The model', schema: scoringModelSchema } },
  handle: async ({ c, options }) => {
    const stored = await readScoringModel(runtimeOf(options).db);
    return c.json((stored?.model ?? EMPTY_SCORING_MODEL) as ScoringModel);
  },
});

const putRoute = defineRoute<ScoringModel>({
  method: 'put',
  path: '/api/scoring',
  operationId: 'putScoringModel',
  summary: 'Replaces the scoring model and starts re-scoring every lead with it (GET /api/scoring/status follows it).',
  roles: WRITERS,
  request: { schema: scoringModelSchema },
  responses: { 200: { description: 'The model as saved', schema: scoringModelSchema } },
  handle: async ({ c, body, options }) => {
    const { db, engine } = runtimeOf(options);
    const saved = await saveScoringModel(db, body, c.get('principal').name, engine.clock());
    return c.json(saved.stored.model as ScoringModel);
  },
});

const statusSchema = z.object({
  version: z.number().int().nullable().describe('how many times the model was saved; null before the first'),
  updatedAt: isoTime.nullable(),
  updatedBy: z.string().nullable(),
  rescore: rescoreSchema.nullable().describe('the latest re-score of every lead'),
});

const statusRoute = defineRoute({
  method: 'get',
  path: '/api/scoring/status',
  operationId: 'scoringStatus',
  summary: "The model's version and the progress of the latest re-score of every lead.",
  roles: READERS,
  responses: { 200: { description: 'Version and re-score progress', schema: statusSchema } },
  handle: async ({ c, options }) => {
    const { db } = runtimeOf(options);
    const stored = await readScoringModel(db);
    return c.json({
      version: stored?.version ?? null,
      updatedAt: stored?.updatedAt.toISOString() ?? null,
      updatedBy: stored?.updatedBy ?? null,
      rescore: rescoreAnswer(await latestRescore(db)),
    });
  },
});

const historyItemSchema = z.object({
  at: isoTime,
  points: z.number(),
  ruleId: z.string().nullable().describe('null: decay, a journey step or a score set by a lead update'),
  reason: z.string(),
  eventId: z.string().nullable().describe('the event that scored, for an event rule'),
  eventType: z.string().nullable(),
});

const scoreRoute = defineRoute({
  method: 'get',
  path: '/api/leads/:id/score',
  operationId: 'leadScore',
  summary: "The lead's score split into fit and behaviour, with each change of score (its rule and reason), newest first (the newest 500).",
  roles: LEAD_READERS,
  responses: {
    200: {
      description: 'The score card',
      schema: z.object({ score: z.number(), fit: z.number(), behaviour: z.number(), history: z.array(historyItemSchema) }),
    },
  },
  errors: { 404: 'not_found: no such lead' },
  handle: async ({ c, options }) => {
    const id = pathParam(c, 'id');
    const card = await leadScore(runtimeOf(options).db, id);
    if (!card) throw new ApiError(404, 'not_found', `There is no lead "${id}".`);
    const state = (card.scoring as ScoreState | null) ?? { fit: {}, lastActivityAt: null, decayedAt: null, awards: {} };
    return c.json({
      ...scoreParts(card.score, state),
      history: card.history.map((h) => ({ ...h, at: h.at.toISOString() })),
    });
  },
});

const segmentsRoute = defineRoute({
  method: 'get',
  path: '/api/leads/:id/segments',
  operationId: 'leadSegments',
  summary: 'The saved segments the lead is in now, by name.',
  roles: LEAD_READERS,
  responses: { 200: { description: "The lead's segments", schema: z.object({ segments: z.array(z.object({ id: z.string(), name: z.string() })) }) } },
  errors: { 404: 'not_found: no such lead' },
  handle: async ({ c, options }) => {
    const { db, engine } = runtimeOf(options);
    const id = pathParam(c, 'id');
    if (!(await leadScore(db, id, 0))) throw new ApiError(404, 'not_found', `There is no lead "${id}".`);
    return c.json({ segments: await segmentsOfLead(db, id, new Date(engine.clock())) });
  },
});

export const scoringRoutes: readonly RouteSpec[] = [getRoute, putRoute, statusRoute, scoreRoute, segmentsRoute];
