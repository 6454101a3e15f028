import type { TimelineItem } from '../api/people.js';
import { channelText } from '../model/summary.js';

/** What the lead did with each email, by send id: counted from the timeline's own events. */
export interface SendEngagement {
  template: string;
  opens: number;
  clicks: number;
}

/** Engagement events carry the id of the send they belong to (`props.sendId`). */
function sendIdOf(item: TimelineItem): string | null {
  const props = item.props;
  if (!props || typeof props !== 'object') return null;
  const id = (props as Record<string, unknown>).sendId;
  return typeof id === 'string' ? id : null;
}

/** Opens (people's, not mail scanners') and clicks per send, for showing them against it. */
export function engagementBySend(items: readonly TimelineItem[]): Map<string, SendEngagement> {
  const bySend = new Map<string, SendEngagement>();
  for (const item of items) {
    if (item.kind === 'send' && typeof item.id === 'string') bySend.set(item.id, { template: String(item.template ?? ''), opens: 0, clicks: 0 });
  }
  for (const item of items) {
    if (item.kind !== 'event') continue;
    const send = bySend.get(sendIdOf(item) ?? '');
    if (!send) continue;
    const machine = (item.props as Record<string, unknown> | undefined)?.machine === true;
    if (item.type === 'email_opened' && !machine) send.opens++;
    if (item.type === 'email_clicked') send.clicks++;
  }
  return bySend;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One timeline item as a line a person reads: "Email welcome-1 · delivered", "Score 10 → 35". */
export function timelineText(item: TimelineItem, sends: ReadonlyMap<string, SendEngagement> = new Map()): string {
  const s = (key: string) => (typeof item[key] === 'string' ? (item[key] as string) : '');
  switch (item.kind) {
    case 'event': {
      const send = sends.get(sendIdOf(item) ?? '');
      const url = (item.props as Record<string, unknown> | undefined)?.url;
      if (send && s('type') === 'email_opened') {
        const machine = (item.props as Record<string, unknown> | undefined)?.machine === true;
        return `Opened email ${send.template}${machine ? ' (a mail scanner, not counted)' : ''}`;
      }
      if (send && s('type') === 'email_clicked') return `Clicked ${typeof url === 'string' ? url : 'a link'} in email ${send.template}`;
      if (send && s('type') === 'unsubscribed') return `Unsubscribed from everything, from email ${send.template}`;
      return `Event ${s('type')}`;
    }
    case 'step':
      return `Reached step ${s('nodeId')}${s('handle') ? ` (left by ${s('handle')})` : ''}`;
    case 'send': {
      const engagement = sends.get(s('id'));
      const counts = engagement && (engagement.opens > 0 || engagement.clicks > 0) ? ` · ${plural(engagement.opens, 'open')}, ${plural(engagement.clicks, 'click')}` : '';
      return `${channelText(s('channel'))} ${s('template')} · ${s('status')}${counts}`;
    }
    case 'score':
      return `Score ${String(item.from)} → ${String(item.to)}`;
    case 'note':
      return `Note${s('author') ? ` from ${s('author')}` : ''}: ${s('body')}`;
    case 'answer': {
      const back = s('returnAt') ? ` · back to sales no earlier than ${new Date(s('returnAt')).toLocaleString()}` : '';
      return `Sales ${s('answer')} the handoff at ${s('nodeId')}${s('by') ? ` (${s('by')})` : ''}${back}`;
    }
  }
}
