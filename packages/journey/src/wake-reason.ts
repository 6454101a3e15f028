import type { JourneyNode, JourneySettings } from './schema.js';
import { leadZone, nextDeliveryMoment } from './time.js';

/**
 * Why a lead resting at a step wakes when it does, for the live view's "why is this lead
 * here": the run keeps only `wakeAt`, so the reason is worked out again from the step, the
 * journey's settings and the lead's time zone, with the same rules (node-rules.ts, time.ts)
 * that set it. Pure; the route that lists the leads at a step calls it per lead.
 *
 * - `delay`: a wait for a duration, waking at `wakeAt`.
 * - `time_of_day`: a wait until a time of day (on some days).
 * - `event`: a wait for an event, until `wakeAt` at the latest (its timeout).
 * - `quiet_hours` / `send_window`: a send held back until it may reach the lead.
 * - `sla`: a handoff open until its SLA ends at `wakeAt`.
 * - `returning`: a handoff held for a recycle's return date (`heldUntil`).
 * - `paused`: a send with no wake-up (held while the journey is paused).
 * - `other`: anything else (a step type that rests for a reason not listed here).
 */
export const WAKE_REASON_KINDS = ['delay', 'time_of_day', 'event', 'quiet_hours', 'send_window', 'sla', 'returning', 'paused', 'other'] as const;
export type WakeReasonKind = (typeof WAKE_REASON_KINDS)[number];

export interface WakeReason {
  kind: WakeReasonKind;
  /** The event awaited, for `event`. */
  event?: string;
  /** The lead's zone the times were read in (for quiet hours and send windows, "08:00 its time"). */
  zone: string;
}

export interface RestingRun {
  /** Epoch ms the lead came to the step. */
  enteredAt: number;
  wakeAt: number | null;
  /** A recycle's return date, when the handoff is held for it. */
  heldUntil?: number | null;
  leadTimezone?: string | null;
}

export function explainWake(node: JourneyNode, settings: JourneySettings, run: RestingRun): WakeReason {
  const zone = leadZone(run.leadTimezone, settings.timezone);
  switch (node.type) {
    case 'wait': {
      const data = node.data;
      if ('for' in data) return { kind: 'delay', zone };
      if ('time' in data.until) return { kind: 'time_of_day', zone };
      return { kind: 'event', event: data.until.event, zone };
    }
    case 'send': {
      if (run.wakeAt === null) return { kind: 'paused', zone };
      // Quiet hours alone would have let it go at entry: the send window held it.
      const afterQuiet = settings.quietHours ? nextDeliveryMoment(run.enteredAt, zone, settings.quietHours, undefined) : run.enteredAt;
      return { kind: afterQuiet > run.enteredAt ? 'quiet_hours' : 'send_window', zone };
    }
    case 'handoff':
      if (run.heldUntil != null) return { kind: 'returning', zone };
      return { kind: 'sla', zone };
    default:
      return { kind: 'other', zone };
  }
}
