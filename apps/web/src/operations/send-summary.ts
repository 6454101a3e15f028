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
  /** How the channel's sends ended: status → count (sent, suppressed, capped, failed). */
  statuses: Record<string, number>;
  delivered: number;
  failedDelivery: number;
}

export interface SendStatusCount {
  channel: string;
  status: string;
  count: number;
  delivered: number;
  failedDelivery: number;
}

/** The journey's sends added up per channel, from the counts of its send steps and of its sends' statuses. */
export function sendsByChannel(journey: Journey, stats: JourneyStats, statusCounts: readonly SendStatusCount[] = []): ChannelSends[] {
  const empty = (channel: string): ChannelSends => ({ channel, entered: 0, sent: 0, opened: 0, clicked: 0, unsubscribed: 0, statuses: {}, delivered: 0, failedDelivery: 0 });
  const byChannel = new Map<string, ChannelSends>();
  for (const node of journey.nodes) {
    if (node.type !== 'send') continue;
    const channel = node.data.channel;
    const row = byChannel.get(channel) ?? empty(channel);
    const counts = stats.nodes[node.id];
    row.entered += counts?.entered ?? 0;
    row.sent += counts?.sends?.sent ?? 0;
    row.opened += counts?.sends?.opened ?? 0;
    row.clicked += counts?.sends?.clicked ?? 0;
    row.unsubscribed += counts?.sends?.unsubscribed ?? 0;
    byChannel.set(channel, row);
  }
  // Sends of steps no longer in this version still count under their channel.
  for (const count of statusCounts) {
    const row = byChannel.get(count.channel) ?? empty(count.channel);
    row.statuses[count.status] = (row.statuses[count.status] ?? 0) + count.count;
    row.delivered += count.delivered;
    row.failedDelivery += count.failedDelivery;
    byChannel.set(count.channel, row);
  }
  return [...byChannel.values()];
}
