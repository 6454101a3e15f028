import type { AdvanceContext, Effect, RunState } from './advance.js';
import type { CompiledJourney } from './compile.js';
import { evaluateCondition } from './conditions.js';
import { stableDraw } from './split.js';
import { addDuration, leadZone } from './time.js';

/**
 * The holdout group (`settings.holdout`): a stable share of entering leads that the journey
 * leaves alone, to measure what it adds. Drawn like a split (a hash of the journey, a key no
 * node id can have, and the lead), so a lead is held out in simulation and live alike, and
 * again on re-entry.
 *
 * A held-out lead's run takes no step. It rests at the trigger for the holdout window
 * (`settings.holdout.window`, default P30D) only to notice the goal: it ends with outcome
 * `holdout` when the goal condition holds (noting `goalAt`) or when the window ends. The report
 * compares held-out leads that reached the goal with treated leads that did within the window.
 */

export const DEFAULT_HOLDOUT_WINDOW = 'P30D';
/** `$` is not allowed in a node id, so the holdout's draw is independent of every split's. */
const HOLDOUT_KEY = '$holdout';

export function isHeldOut(journey: CompiledJourney, journeyKey: string, leadId: string): boolean {
  const percent = journey.journey.settings.holdout?.percent ?? 0;
  return percent > 0 && stableDraw(journeyKey, HOLDOUT_KEY, leadId) * 100 < percent;
}

export interface HeldOutStep {
  run: RunState;
  effects: Effect[];
}

/** A held-out lead entering: it rests at the trigger until the window ends, unless the goal already holds. */
export function enterHeldOut(journey: CompiledJourney, ctx: Pick<AdvanceContext, 'now' | 'lead' | 'history'>): HeldOutStep {
  const now = ctx.now;
  const window = journey.journey.settings.holdout?.window ?? DEFAULT_HOLDOUT_WINDOW;
  const zone = leadZone(ctx.lead.timezone, journey.journey.settings.timezone);
  const run: RunState = {
    status: 'active',
    nodeId: journey.trigger.id,
    startedAt: now,
    nodeEnteredAt: now,
    wakeAt: addDuration(now, window, zone),
    outcome: null,
    endedAt: null,
    heldOut: true,
  };
  return stepHeldOut(journey, run, 'event', ctx) ?? { run, effects: [] };
}

/**
 * One input to a held-out run: `remove` ends it as `removed`; an event ends it as `holdout`
 * with `goalAt` when the goal holds; a wake-up at the end of the window ends it as `holdout`.
 * Null when nothing changes.
 */
export function stepHeldOut(
  journey: CompiledJourney,
  run: RunState,
  input: 'event' | 'wake' | 'remove',
  ctx: Pick<AdvanceContext, 'now' | 'lead' | 'history'>,
): HeldOutStep | null {
  if (run.status !== 'active') return null;
  const now = ctx.now;
  const end = (outcome: string, goal: boolean): HeldOutStep => ({
    run: { ...run, status: 'done', outcome, endedAt: now, wakeAt: null, ...(goal ? { goalAt: now } : {}) },
    effects: [{ type: 'ended', outcome, at: now }],
  });
  if (input === 'remove') return end('removed', false);
  if (input === 'wake') return run.wakeAt !== null && now >= run.wakeAt ? end('holdout', false) : null;
  const goal = journey.journey.settings.goal;
  if (!goal) return null;
  const zone = leadZone(ctx.lead.timezone, journey.journey.settings.timezone);
  return evaluateCondition(goal, { lead: ctx.lead, history: ctx.history, now, zone }) ? end('holdout', true) : null;
}
