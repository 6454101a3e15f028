import { isSavedSegmentRef } from './saved-segments.js';
import type { Condition, Journey } from './schema.js';
import { parseDuration } from './time.js';

/**
 * How far back a journey reads a lead's past, so the engine loads only that much:
 * `events` for engagement tests in its conditions, `sends` for its frequency caps.
 * `null` means the whole history; `0` means none at all.
 */
export interface Lookback {
  eventsMs: number | null;
  sendsMs: number;
}

/** A month of slack over the longest window covers calendar months and DST. */
const SLACK_MS = 31 * 86_400_000;

export function lookbackOf(journey: Journey): Lookback {
  let eventsMs: number | null = 0;
  const visit = (condition: Condition | undefined): void => {
    if (!condition || eventsMs === null) return;
    if ('all' in condition) condition.all.forEach(visit);
    else if ('any' in condition) condition.any.forEach(visit);
    else if ('not' in condition) visit(condition.not);
    else if ('event' in condition) {
      const window = condition.within ? parseDuration(condition.within) : null;
      eventsMs = window ? Math.max(eventsMs, window.as('milliseconds') + SLACK_MS) : null;
    }
  };
  const { settings } = journey;
  visit(settings.goal);
  visit(settings.exitWhen);
  for (const node of journey.nodes) {
    if (node.type === 'trigger') {
      const on = node.data.on;
      if ('condition' in on) visit(on.condition);
      // A saved segment's condition counts once resolved (the catalog measures the resolved journey).
      if ('segment' in on && !isSavedSegmentRef(on.segment)) visit(on.segment);
    } else if (node.type === 'branch') {
      for (const c of node.data.cases) visit(c.when);
    }
  }
  let sendsMs = 0;
  for (const cap of settings.frequencyCap ?? []) {
    const per = parseDuration(cap.per);
    if (per) sendsMs = Math.max(sendsMs, per.as('milliseconds') + SLACK_MS);
  }
  return { eventsMs, sendsMs };
}
