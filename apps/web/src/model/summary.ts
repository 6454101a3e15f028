import { isSavedSegmentRef, isZeroDuration, type JourneyNode } from '@trellis/journey';
import { describeCondition, describeWhere } from './condition-text.js';
import { describeDuration } from './duration.js';
import { savedSegmentText, type SavedSegments } from './saved-segment-text.js';

const CHANNEL_TEXT: Record<string, string> = {
  email: 'Email',
  sms: 'SMS',
  call_task: 'Call task',
  voicemail_task: 'Voicemail task',
  direct_mail: 'Direct mail',
  webhook: 'Webhook',
};

export function channelText(channel: string): string {
  return CHANNEL_TEXT[channel] ?? channel;
}

/** How a handoff picks its salesperson, in words: `round robin`, `owner`. */
export function assignText(assign: string | undefined): string {
  return assign === 'owner' ? 'owner' : 'round robin';
}

const DAY_TEXT: Record<string, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

export function describeDays(days: readonly string[] | undefined): string {
  if (!days || days.length === 0 || days.length === 7) return 'any day';
  if (days.join() === 'mon,tue,wed,thu,fri') return 'Mon–Fri';
  if (days.join() === 'sat,sun') return 'weekends';
  return days.map((d) => DAY_TEXT[d] ?? d).join(', ');
}

/** The one line a node shows under its label: `Wait 3 days`, `Email · welcome-1`, `Score ≥ 50 → hot`. */
export function summarize(node: JourneyNode, segments?: SavedSegments): string {
  switch (node.type) {
    case 'trigger': {
      const on = node.data.on;
      if ('event' in on) return `On ${on.event}${on.where ? ` where ${describeWhere(on.where)}` : ''}`;
      if ('condition' in on) return `When ${describeCondition(on.condition)}`;
      if (isSavedSegmentRef(on.segment)) return savedSegmentText(on.segment.saved, segments);
      return `Segment: ${describeCondition(on.segment)}`;
    }
    case 'wait': {
      const data = node.data;
      if ('for' in data) return `Wait ${describeDuration(data.for)}`;
      if ('time' in data.until) return `Until ${data.until.time}, ${describeDays(data.until.days)}`;
      return `Until ${data.until.event}, at most ${describeDuration(data.until.timeout)}`;
    }
    case 'branch': {
      const [first, ...rest] = node.data.cases;
      if (!first) return 'No cases';
      const more = rest.length > 0 ? ` (+${rest.length} more)` : '';
      return `${describeCondition(first.when)} → ${first.handle}${more}`;
    }
    case 'split': {
      const total = node.data.variants.reduce((sum, v) => sum + Math.max(v.weight, 0), 0);
      return node.data.variants.map((v) => `${v.handle} ${percentOf(v.weight, total)}`).join(' · ');
    }
    case 'send': {
      const sender = node.data.sender === 'owner' ? ' · from owner' : '';
      return `${channelText(node.data.channel)} · ${node.data.template || 'no template'}${sender}`;
    }
    case 'update': {
      const parts: string[] = [];
      const score = node.data.score;
      if (score && 'add' in score) parts.push(`Score ${score.add >= 0 ? '+' : '−'}${Math.abs(score.add)}`);
      if (score && 'set' in score) parts.push(`Score = ${score.set}`);
      for (const [key, value] of Object.entries(node.data.set ?? {})) {
        parts.push(`${key.replace(/^attributes\./, '')} = ${typeof value === 'string' ? value : JSON.stringify(value)}`);
      }
      return parts.join(' · ') || 'No change';
    }
    case 'handoff':
      return `${node.data.queue} · ${assignText(node.data.assign)} · SLA ${describeDuration(node.data.sla)}`;
    case 'exit':
      return `Outcome: ${node.data.outcome}`;
    case 'cadence':
      return cadenceSummary(node.data);
  }
}

/** A cadence in one line: `26 touches over 14 days · stops on call connected`. */
export function cadenceSummary(data: { touches: readonly { at: string }[]; stopOn: { event: string } }): string {
  const count = data.touches.length;
  const last = data.touches[count - 1]?.at;
  const touches = `${count} touch${count === 1 ? '' : 'es'}`;
  const over = last && !isZeroDuration(last) ? ` over ${describeDuration(last)}` : ' at once';
  return `${touches}${over} · stops on ${eventWords(data.stopOn.event)}`;
}

/** An event type as people say it: `call_connected` → `call connected`. */
export function eventWords(event: string): string {
  return event.replace(/_/g, ' ');
}

/** One touch in words: `Call task · call-1 · due in 5 minutes`, at its time from entering the cadence. */
export function touchText(touch: { at: string; channel: string; template: string; due?: string }): string {
  const due = touch.due ? ` · due in ${describeDuration(touch.due)}` : '';
  return `${isZeroDuration(touch.at) ? 'At once' : `After ${describeDuration(touch.at)}`}: ${channelText(touch.channel)} · ${touch.template || 'no template'}${due}`;
}

/** A weight as the share of the total, rounded to a whole percent; weights are relative. */
export function percentOf(weight: number, total: number): string {
  if (total <= 0 || weight <= 0) return '0%';
  return `${Math.round((weight / total) * 100)}%`;
}

/** The text on an outgoing handle: split variants carry their share. */
export function handleLabel(node: JourneyNode, handle: string): string {
  if (node.type === 'split') {
    const total = node.data.variants.reduce((sum, v) => sum + Math.max(v.weight, 0), 0);
    const variant = node.data.variants.find((v) => v.handle === handle);
    return variant ? `${handle} · ${percentOf(variant.weight, total)}` : handle;
  }
  if (handle === 'sla_expired') return 'SLA expired';
  return handle;
}
