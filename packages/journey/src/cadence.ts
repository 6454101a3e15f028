import type { Effect } from './advance.js';
import type { CompiledJourney } from './compile.js';
import { matchesWhere } from './conditions.js';
import type { HistoryEvent, Lead } from './lead.js';
import { deliveryMoment, sendStatus } from './node-rules.js';
import type { CadenceNode, Channel } from './schema.js';
import { addDuration } from './time.js';

/**
 * What a cadence decides (journey-format.md, "Additions"), written once for `advance` and the
 * XState machine as `node-rules.ts` is for the other nodes.
 *
 * A cadence is a sequence of sends held as one step. Touch i is due `touches[i].at` after the
 * lead entered the cadence, and never before the touch ahead of it was made: touches keep their
 * order, and a touch held back (quiet hours, send window) does not push later touches back
 * beyond their own times, so two touches held into the same opening go out together. Each touch
 * is a send as a send node's: consent suppresses it, a cap skips it (`capped`), quiet hours and
 * the send window hold it, a paused journey holds it. Each made touch is a path step
 * `{ nodeId, at, touch: i }` and a send carrying `touch: i`. The run keeps how many touches it
 * has made in `RunState.touch`; it leaves by `done` the moment the last is made, or by
 * `stopped` when the stop event comes first.
 */

/** When touch `index` may be made, `now` or later: its time from entry, held by quiet hours and the send window. */
export function touchMoment(journey: CompiledJourney, node: CadenceNode, index: number, enteredAt: number, now: number, zone: string): number {
  const touch = node.data.touches[index]!;
  const planned = addDuration(enteredAt, touch.at, zone);
  return deliveryMoment(journey, touch.channel, Math.max(planned, now), zone);
}

/** Whether `event` stops a cadence entered at `enteredAt`: its stop event, on or after entering, matching `where`. */
export function eventStopsCadence(node: CadenceNode, event: HistoryEvent, enteredAt: number): boolean {
  const { stopOn } = node.data;
  return event.type === stopOn.event && event.at >= enteredAt && matchesWhere(stopOn.where, event.props);
}

export interface CadenceTouches {
  /** The path step and the send of each touch made now, in order. */
  effects: Effect[];
  /** Touches made in all, these included: the run's `touch`. */
  made: number;
  /** Channels of the touches sent now, for a frequency cap to count before they are stored. */
  sent: Channel[];
  /** When the next touch is due, or null once every touch is made. */
  nextAt: number | null;
}

/**
 * Makes every touch due at `now`, from touch `made` on, and says when the next one is due.
 * `sentNow`: sends of this step already made (a cap counts them).
 */
export function makeDueTouches(
  journey: CompiledJourney,
  node: CadenceNode,
  made: number,
  enteredAt: number,
  lead: Lead,
  now: number,
  zone: string,
  sentCount: (channel: Channel, sinceMs: number) => number,
  sentNow: readonly Channel[],
): CadenceTouches {
  const touches = node.data.touches;
  const effects: Effect[] = [];
  const sent: Channel[] = [];
  let index = made;
  for (; index < touches.length; index++) {
    if (touchMoment(journey, node, index, enteredAt, now, zone) > now) break;
    const { channel, template, sender, due } = touches[index]!;
    const status = sendStatus(journey, lead, channel, now, zone, sentCount, sent.length === 0 ? sentNow : [...sentNow, ...sent]);
    if (status === 'sent') sent.push(channel);
    effects.push({ type: 'step', nodeId: node.id, at: now, touch: index });
    const send: Extract<Effect, { type: 'send' }> = { type: 'send', nodeId: node.id, channel, template, sender, at: now, status, touch: index };
    if (due !== undefined) send.dueAt = addDuration(now, due, zone);
    effects.push(send);
  }
  const nextAt = index < touches.length ? touchMoment(journey, node, index, enteredAt, now, zone) : null;
  return { effects, made: index, sent, nextAt };
}
