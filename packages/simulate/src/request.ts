import { addDuration, HANDOFF_ANSWERS, instantSchema, isValidDuration, leadIdSchema, leadPatchSchema, scoringModelSchema } from '@trellis/journey';
import { z } from 'zod';

/** `POST /api/simulate`, as ../shared/spec/http-api.md fixes it. */

export const SIMULATION_LIMITS = { leads: 10_000, events: 1_000_000 } as const;

const instant = instantSchema;
const leadId = leadIdSchema;

/** A test lead: the lead body of `PUT /api/leads/:id`, with its id. */
export const simulationLeadSchema = leadPatchSchema.extend({ id: leadId });

export const simulationEventSchema = z.strictObject({
  id: z.string().min(1).max(200).optional(),
  leadId,
  type: z.string().min(1).max(100),
  /** Defaults to `start`. Events before `start` are the lead's history: applied, but they trigger nothing. */
  at: instant.optional(),
  props: z.record(z.string(), z.unknown()).optional(),
});

export const simulationAnswerSchema = z
  .strictObject({
    leadId,
    nodeId: z.string().min(1),
    answer: z.enum(HANDOFF_ANSWERS),
    at: instant,
    /** A recycle's "bring the lead back on": the next handoff it reaches opens no earlier. */
    returnAt: instant.optional(),
  })
  .superRefine((a, ctx) => {
    if (a.returnAt === undefined) return;
    if (a.answer !== 'recycled') {
      ctx.addIssue({ code: 'custom', path: ['returnAt'], message: 'only a "recycled" answer can say when to bring the lead back' });
    } else if (Date.parse(a.returnAt) <= Date.parse(a.at)) {
      ctx.addIssue({ code: 'custom', path: ['returnAt'], message: 'must be after the answer\'s `at`' });
    }
  });

/** The request's fields; simulateRequestSchema adds the checks across them. */
export const simulateRequestFields = z.strictObject({
  /** Checked by the validator, not here, so that an invalid journey answers 422 with its problems. */
  journey: z.unknown(),
  /**
   * The saved journey being simulated: splits key by its id, as the live engine does, so each
   * lead lands in the variant it will live. Without it, by the document's name.
   */
  journeyId: z.string().min(1).max(200).optional(),
  start: instant,
  /** A duration from `start` (`P90D`) or an instant. */
  until: z.string().min(1),
  leads: z.array(simulationLeadSchema).default([]),
  events: z.array(simulationEventSchema).default([]),
  answers: z.array(simulationAnswerSchema).default([]),
  /** A scoring model (`PUT /api/scoring`'s body): leads are scored as the live engine scores them. */
  scoring: scoringModelSchema.optional(),
});

export const simulateRequestSchema = simulateRequestFields.superRefine((request, ctx) => {
  const seen = new Set<string>();
  request.leads.forEach((lead, index) => {
    if (seen.has(lead.id)) ctx.addIssue({ code: 'custom', path: ['leads', index, 'id'], message: `lead "${lead.id}" is listed twice` });
    seen.add(lead.id);
  });
  const start = Date.parse(request.start);
  if (Number.isNaN(start)) return; // `start` has its own issue
  const until = resolveUntil(request.until, start);
  if (typeof until === 'string') ctx.addIssue({ code: 'custom', path: ['until'], message: until });
});

/** `until` as an instant (epoch ms), or why it is not one: a duration from `start`, or a date-time not before it. */
export function resolveUntil(until: string, start: number): number | string {
  if (until.startsWith('P')) {
    if (!isValidDuration(until)) return `must be a duration from start (P90D) or a date-time (2026-06-01T00:00:00Z), not "${until}"`;
    return addDuration(start, until, 'UTC');
  }
  const at = Date.parse(until);
  if (Number.isNaN(at) || !/^\d{4}-\d{2}-\d{2}T/.test(until)) {
    return `must be a duration from start (P90D) or a date-time (2026-06-01T00:00:00Z), not "${until}"`;
  }
  if (at < start) return `must not be before start (${new Date(start).toISOString()})`;
  return at;
}

export type SimulateRequest = z.input<typeof simulateRequestSchema>;
export type ParsedSimulateRequest = z.infer<typeof simulateRequestSchema>;
export type SimulationLead = z.infer<typeof simulationLeadSchema>;
export type SimulationEvent = z.infer<typeof simulationEventSchema>;
