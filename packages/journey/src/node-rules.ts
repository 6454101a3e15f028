import type { CompiledJourney } from './compile.js';
import { matchesWhere } from './conditions.js';
import type { ConsentValue, HistoryEvent, Lead } from './lead.js';
import type { SendStatus } from './records.js';
import { CONSENT_PREFIX, type Channel, type HandoffNode, type SplitNode, type UpdateNode, type WaitNode } from './schema.js';
import { pickVariant, stableDraw } from './split.js';
import { addDuration, nextDeliveryMoment, nextTimeOfDay, subtractDuration } from './time.js';

/**
 * What one node decides, written once for the two interpreters of a compiled journey:
 * `advance` (the hand-written walk) and the XState machine of `machine.ts` (its guards and
 * actions call these). The property test in `machine.property.test.ts` holds the two walks equal;
 * keeping the rules here means they cannot drift apart rule by rule either.
 */

/** Channels that reach the lead in person: quiet hours and the send window hold them back. */
const LEAD_FACING: ReadonlySet<Channel> = new Set(['email', 'sms', 'call_task', 'voicemail_task', 'direct_mail']);

/** When a wait entered at `now` wakes: after its duration, at its time of day, or at its event's timeout. */
export function waitWakeAt(node: WaitNode, now: number, zone: string): number {
  const data = node.data;
  if ('for' in data) return addDuration(now, data.for, zone);
  if ('time' in data.until) return nextTimeOfDay(now, data.until.time, data.until.days, zone);
  return addDuration(now, data.until.timeout, zone);
}

/** Whether the wait is for an event (its handles are `event` and `timeout`) rather than for time. */
export function waitsForEvent(node: WaitNode): boolean {
  return 'until' in node.data && 'event' in node.data.until;
}

/** The handle a wait leaves by when its wake-up comes. */
export function wakeHandle(node: WaitNode): 'timeout' | 'out' {
  return waitsForEvent(node) ? 'timeout' : 'out';
}

/** Whether `event` is the one an event wait entered at `enteredAt` is waiting for. */
export function eventEndsWait(node: WaitNode, event: HistoryEvent, enteredAt: number): boolean {
  if (!('until' in node.data) || !('event' in node.data.until)) return false;
  const awaited = node.data.until;
  return event.type === awaited.event && event.at >= enteredAt && matchesWhere(awaited.where, event.props);
}

/** When a send on `channel` may reach the lead, `now` or later (quiet hours, send window). */
export function deliveryMoment(journey: CompiledJourney, channel: Channel, now: number, zone: string): number {
  if (!LEAD_FACING.has(channel)) return now;
  const { quietHours, sendWindow } = journey.journey.settings;
  if (!quietHours && !sendWindow) return now;
  return nextDeliveryMoment(now, zone, quietHours, sendWindow);
}

/**
 * A send's status: suppressed for a lead opted out of the channel, capped when the journey's
 * frequency cap is reached (counting `sentNow`, the sends of this step not stored yet).
 */
export function sendStatus(
  journey: CompiledJourney,
  lead: Lead,
  channel: Channel,
  now: number,
  zone: string,
  sentCount: (channel: Channel, sinceMs: number) => number,
  sentNow: readonly Channel[],
): Exclude<SendStatus, 'failed'> {
  if (channel !== 'webhook' && lead.consent[channel] === 'opted_out') return 'suppressed';
  for (const cap of journey.journey.settings.frequencyCap ?? []) {
    if (cap.channel !== channel) continue;
    const since = subtractDuration(now, cap.per, zone);
    let sent = sentCount(channel, since);
    for (const c of sentNow) if (c === channel) sent++;
    if (sent >= cap.max) return 'capped';
  }
  return 'sent';
}

export interface LeadUpdate {
  lead: Lead;
  score: { from: number; to: number } | null;
  set: Record<string, unknown>;
}

/** The lead after an update node: its score changed or set, its fields and attributes set. */
export function updateLead(node: UpdateNode, before: Lead): LeadUpdate {
  const lead: Lead = { ...before, attributes: { ...before.attributes }, consent: { ...before.consent } };
  let score: { from: number; to: number } | null = null;
  const change = node.data.score;
  if (change) {
    const to = 'add' in change ? before.score + change.add : change.set;
    lead.score = to;
    score = { from: before.score, to };
  }
  const set = node.data.set ?? {};
  for (const [key, value] of Object.entries(set)) {
    if (key.startsWith('attributes.')) setPath(lead.attributes, key.slice('attributes.'.length).split('.'), value);
    else if (key.startsWith(CONSENT_PREFIX)) lead.consent[key.slice(CONSENT_PREFIX.length)] = value as ConsentValue;
    else (lead as unknown as Record<string, unknown>)[key] = value;
  }
  return { lead, score, set };
}

/**
 * The variant a lead takes at a split: stable per journey key, split node and lead, unless the
 * split's experiment has decided a winner, which every new lead then takes.
 */
export function splitHandle(node: SplitNode, journeyKey: string, leadId: string, winner?: string): string {
  if (winner !== undefined && node.data.variants.some((v) => v.handle === winner)) return winner;
  return pickVariant(node.data.variants, stableDraw(journeyKey, node.id, leadId)).handle;
}

/** When an open handoff's SLA runs out. */
export function handoffDueAt(node: HandoffNode, now: number, zone: string): number {
  return addDuration(now, node.data.sla, zone);
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let cursor = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const existing = cursor[key];
    const next: Record<string, unknown> =
      existing && typeof existing === 'object' && !Array.isArray(existing) ? { ...(existing as Record<string, unknown>) } : {};
    cursor[key] = next;
    cursor = next;
  }
  cursor[path[path.length - 1]!] = value;
}
