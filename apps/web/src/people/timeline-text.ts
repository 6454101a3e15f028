import type { TimelineItem } from '../api/people.js';
import { channelText } from '../model/summary.js';

/** One timeline item as a line a person reads: "Email welcome-1 · delivered", "Score 10 → 35". */
export function timelineText(item: TimelineItem): string {
  const s = (key: string) => (typeof item[key] === 'string' ? (item[key] as string) : '');
  switch (item.kind) {
    case 'event':
      return `Event ${s('type')}`;
    case 'step':
      return `Reached step ${s('nodeId')}${s('handle') ? ` (left by ${s('handle')})` : ''}`;
    case 'send':
      return `${channelText(s('channel'))} ${s('template')} · ${s('status')}`;
    case 'score':
      return `Score ${String(item.from)} → ${String(item.to)}`;
    case 'note':
      return `Note${s('author') ? ` from ${s('author')}` : ''}: ${s('body')}`;
  }
}
