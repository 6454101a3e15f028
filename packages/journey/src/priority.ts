import type { CompiledJourney } from './compile.js';

/**
 * Priority across journeys (`settings.priority`, journey-format.md "Additions"): when one input
 * moves a lead in several journeys at one instant (an event entering it into several, wake-ups
 * due together), the journeys take their turn from the highest priority down, so under a
 * frequency cap the higher priority's send goes and the later ones are capped. Ties go by
 * journey id, compared by code unit rather than locale, so the simulator and the engine order
 * alike on any machine.
 */

/** A journey's priority: `settings.priority`, 0 when not set. */
export function priorityOf(compiled: CompiledJourney): number {
  return compiled.journey.settings.priority ?? 0;
}

/** Higher priority first, then journey id: negative when `a` goes before `b`. */
export function compareTurns(a: { priority: number; journeyId: string }, b: { priority: number; journeyId: string }): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  return a.journeyId < b.journeyId ? -1 : a.journeyId > b.journeyId ? 1 : 0;
}

/** Journeys in their turn: a new array when there are several, the given one otherwise (the simulator has one). */
export function inPriorityOrder<J extends { journeyId: string; compiled: CompiledJourney }>(journeys: readonly J[]): readonly J[] {
  if (journeys.length < 2) return journeys;
  return journeys
    .map((journey) => ({ journey, priority: priorityOf(journey.compiled), journeyId: journey.journeyId }))
    .sort(compareTurns)
    .map((turn) => turn.journey);
}
