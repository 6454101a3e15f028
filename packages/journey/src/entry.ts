import type { CompiledJourney } from './compile.js';
import { evaluateCondition, matchesWhere } from './conditions.js';
import type { HistoryEvent, Lead } from './lead.js';
import type { Condition } from './schema.js';
import { addDuration, leadZone } from './time.js';

/**
 * When a lead enters a journey, shared by the simulator and the engine.
 *
 * - An event trigger fires on a matching event.
 * - A condition trigger fires when the lead *starts* to meet its condition: it held before the
 *   event was applied and holds after. The driver evaluates `entryConditionHolds` on both sides
 *   of every event it applies (a lead's changes all arrive as events, `score_changed` included).
 * - A segment trigger enters every lead that meets it when the journey is published (the
 *   simulator: at `start`), and afterwards each lead that starts to meet it, like a condition.
 * Re-entry then decides whether a lead that has been in the journey may enter again.
 */

export function eventTriggerMatches(journey: CompiledJourney, event: HistoryEvent): boolean {
  const on = journey.trigger.data.on;
  return 'event' in on && on.event === event.type && matchesWhere(on.where, event.props);
}

/** The trigger's condition (condition and segment triggers), or null for an event trigger. */
export function entryCondition(journey: CompiledJourney): Condition | null {
  const on = journey.trigger.data.on;
  if ('condition' in on) return on.condition;
  if ('segment' in on) return on.segment;
  return null;
}

export function isSegmentJourney(journey: CompiledJourney): boolean {
  return 'segment' in journey.trigger.data.on;
}

export function entryConditionHolds(
  journey: CompiledJourney,
  lead: Lead,
  history: readonly HistoryEvent[],
  now: number,
): boolean {
  const condition = entryCondition(journey);
  if (!condition) return false;
  const zone = leadZone(lead.timezone, journey.journey.settings.timezone);
  return evaluateCondition(condition, { lead, history, now, zone });
}

export interface PastRuns {
  /** The lead is in the journey now. */
  active: boolean;
  /** When its latest run ended, or null if it never entered. */
  lastEndedAt: number | null;
}

/**
 * A lead is in a journey at most once at a time. `never` (the default): only once ever;
 * `always`: again as soon as it has left; `after`: again once that long has passed since it left.
 */
export function mayEnter(journey: CompiledJourney, lead: Lead, past: PastRuns, now: number): boolean {
  if (past.active) return false;
  if (past.lastEndedAt === null) return true;
  const reentry = journey.journey.settings.reentry ?? { mode: 'never' };
  if (reentry.mode === 'never') return false;
  if (reentry.mode === 'always') return true;
  const zone = leadZone(lead.timezone, journey.journey.settings.timezone);
  return addDuration(past.lastEndedAt, reentry.after, zone) <= now;
}
