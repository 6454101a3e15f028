import { z } from 'zod';
import { conditionSchema, whereSchema, type Condition } from './schema.js';
import { isValidDuration, isZeroDuration } from './time.js';

/**
 * The scoring model (`GET`/`PUT /api/scoring`, ../shared/spec/http-api.md): rules that add
 * points at events (behaviour) or hold points while a condition holds (fit), decay of behaviour
 * points after inactivity, and thresholds that raise the stage. The simulate request may carry
 * one too, so the same schema serves both.
 */

/** A duration that moves the clock: a cap window or a decay period of zero would mean nothing. */
const positiveDuration = z
  .string()
  .min(1, 'must be an ISO 8601 duration such as P7D')
  .refine((iso) => isValidDuration(iso), { message: 'must be an ISO 8601 duration such as P7D or PT12H' })
  .refine((iso) => !isValidDuration(iso) || !isZeroDuration(iso), { message: 'must be longer than zero' });

const points = z.number().finite().refine((n) => Math.abs(n) <= 1_000_000, { message: 'must be between -1,000,000 and 1,000,000' });

export const scoringRuleSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1 to 64 letters, digits, "_", "-" or "."'),
  /** What the marketer calls it; shown in the score card instead of the id when given. */
  label: z.string().max(200).optional(),
  points: points.refine((n) => n !== 0, { message: 'must not be zero' }),
  on: z.union([
    z.strictObject({ event: z.string().min(1).max(100), where: whereSchema.optional() }),
    z.strictObject({ condition: conditionSchema }),
  ]),
  max: z.strictObject({ points: z.number().finite().positive(), per: positiveDuration }).optional(),
});

export const scoringModelSchema = z
  .strictObject({
    rules: z.array(scoringRuleSchema).max(500),
    decay: z.strictObject({ points: z.number().finite().positive(), every: positiveDuration }).optional(),
    thresholds: z.array(z.strictObject({ score: points, stage: z.string().trim().min(1).max(100) })).max(50).optional(),
  })
  .superRefine((model, ctx) => {
    const seen = new Set<string>();
    model.rules.forEach((rule, index) => {
      if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: `rule id "${rule.id}" is used twice` });
      seen.add(rule.id);
      if ('condition' in rule.on && rule.max !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['rules', index, 'max'], message: 'a fit rule (on.condition) holds its points; only event rules are capped' });
      }
      if ('condition' in rule.on && readsScore(rule.on.condition)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', index, 'on', 'condition'],
          message: 'a fit rule cannot test the score or its changes: its own points would turn it on and off',
        });
      }
      if ('event' in rule.on && rule.on.event === 'score_changed') {
        ctx.addIssue({ code: 'custom', path: ['rules', index, 'on', 'event'], message: 'score_changed cannot score: each score change would score again' });
      }
    });
    const stages = new Set<string>();
    (model.thresholds ?? []).forEach((threshold, index) => {
      if (stages.has(threshold.stage)) {
        ctx.addIssue({ code: 'custom', path: ['thresholds', index, 'stage'], message: `stage "${threshold.stage}" has two thresholds` });
      }
      stages.add(threshold.stage);
    });
  });

export type ScoringRule = z.infer<typeof scoringRuleSchema>;
export type ScoringModel = z.infer<typeof scoringModelSchema>;

/** The model of a server nobody has scored with yet: nothing scores. */
export const EMPTY_SCORING_MODEL: ScoringModel = { rules: [] };

export function isFitRule(rule: ScoringRule): rule is ScoringRule & { on: { condition: Condition } } {
  return 'condition' in rule.on;
}

/** Whether a condition tests the score (`score`) or score changes (`score_changed`). */
function readsScore(node: unknown, depth = 0): boolean {
  if (typeof node !== 'object' || node === null || depth > 64) return false;
  const c = node as Record<string, unknown>;
  if (c.attr === 'score' || c.event === 'score_changed') return true;
  for (const key of ['all', 'any'] as const) {
    const children = c[key];
    if (Array.isArray(children) && children.some((child) => readsScore(child, depth + 1))) return true;
  }
  return c.not !== undefined && readsScore(c.not, depth + 1);
}
