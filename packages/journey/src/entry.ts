import type { CompiledJourney } from './compile.js';
import { evaluateCondition, matchesWhere } from './conditions.js';
import type { HistoryEvent, Lead } from './lead.js';
import { isSavedSegmentRef } from './saved-segments.js';
import type { Condition } from './schema.js';
import { addDuration, leadZone } from './time.js';

/**
 * When a lead enters a journey, shared by the simulator and the engine.
 *
 * - An event trigger fires on a matching event.
 * - A condition trigger fires when the lead *starts* to meet its condition: it held before the
 *   event was applied and holds after. The driver evaluates `entryConditionHolds` on both sides
 *   of every event it applies (a lead's changes all arrive as events, `score_changed` included).
 * - A segment trigger holds every lead that meets it and may enter: checked when the journey
 *   is published (the simulator: at `start`), at each of the lead's events, and at the moment
 *   its re-entry pause ends (`reentryOpensAt`), so a lead back in the segment during the pause
 *   returns when the pause is over.
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
  // A saved segment left unresolved (saved-segments.ts: deleted since) is met by no lead.
  if ('segment' in on) return isSavedSegmentRef(on.segment) ? null : on.segment;
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

/**
 * For a segment journey with re-entry `after`: when a lead that left at `lastEndedAt` may enter
 * again, so the driver can look at it then. Null for any other journey (`always` re-enters at
 * the lead's next event; a timed look would re-enter an instant journey forever), and for a
 * pause of zero length (PT0S), which is `always` for the same reason.
 */
export function reentryOpensAt(journey: CompiledJourney, lead: Lead, lastEndedAt: number): number | null {
  const reentry = journey.journey.settings.reentry;
  if (!isSegmentJourney(journey) || reentry?.mode !== 'after') return null;
  const opensAt = addDuration(lastEndedAt, reentry.after, leadZone(lead.timezone, journey.journey.settings.timezone));
  return opensAt > lastEndedAt ? opensAt : null;
}

/**
 * Whether an event enters the lead: a matching event, a condition it starts to meet, or
 * (segment) one it meets. `heldBefore`: the trigger's condition before the event was applied;
 * `lead` and `history`: after it.
 */
export function entryFires(
  journey: CompiledJourney,
  event: HistoryEvent,
  heldBefore: boolean,
  lead: Lead,
  history: readonly HistoryEvent[],
  now: number,
): boolean {
  if (eventTriggerMatches(journey, event)) return true;
  const on = journey.trigger.data.on;
  if ('segment' in on) return entryConditionHolds(journey, lead, history, now);
  if ('condition' in on) return !heldBefore && entryConditionHolds(journey, lead, history, now);
  return false;
}
