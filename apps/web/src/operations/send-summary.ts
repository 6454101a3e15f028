import type { Journey } from '@trellis/journey';
import type { JourneyStats } from '../api/people.js';

export interface ChannelSends {
  channel: string;
  /** Leads that reached the channel's send steps. */
  entered: number;
  sent: number;
  opened: number;
  clicked: number;
  unsubscribed: number;
}

/** The journey's sends added up per channel, from the counts of its send steps. */
export function sendsByChannel(journey: Journey, stats: JourneyStats): ChannelSends[] {
  const byChannel = new Map<string, ChannelSends>();
  for (const node of journey.nodes) {
    if (node.type !== 'send') continue;
    const channel = node.data.channel;
    const row = byChannel.get(channel) ?? { channel, entered: 0, sent: 0, opened: 0, clicked: 0, unsubscribed: 0 };
    const counts = stats.nodes[node.id];
    row.entered += counts?.entered ?? 0;
    row.sent += counts?.sends?.sent ?? 0;
    row.opened += counts?.sends?.opened ?? 0;
    row.clicked += counts?.sends?.clicked ?? 0;
    row.unsubscribed += counts?.sends?.unsubscribed ?? 0;
    byChannel.set(channel, row);
  }
  return [...byChannel.values()];
}
