import type { JourneyStats } from '@trellis/engine';
import type { Logger } from './errors.js';

/**
 * Live stats for `GET /api/journeys/:id/stats/stream`. One poller per journey serves every
 * subscriber of that journey, however many editors watch it: the database is asked once per
 * interval, and subscribers hear only when the answer changed (so at most once per interval).
 */

export interface StatsSubscriber {
  send(stats: JourneyStats): void;
  /** The feed is closing (the server is stopping): end the stream. */
  close(): void;
}

interface Watch {
  subscribers: Set<StatsSubscriber>;
  last: { json: string; stats: JourneyStats } | undefined;
  timer: NodeJS.Timeout | undefined;
}

export const STATS_INTERVAL_MS = 250;

export class StatsFeed {
  private readonly watches = new Map<string, Watch>();
  private closed = false;

  constructor(
    private readonly readStats: (journeyId: string) => Promise<JourneyStats>,
    private readonly options: { intervalMs?: number; log?: Logger } = {},
  ) {}

  /** Sends the current stats at once when known, then each change; returns the unsubscribe. */
  subscribe(journeyId: string, subscriber: StatsSubscriber): () => void {
    if (this.closed) {
      subscriber.close();
      return () => undefined;
    }
    let watch = this.watches.get(journeyId);
    if (!watch) {
      watch = { subscribers: new Set(), last: undefined, timer: undefined };
      this.watches.set(journeyId, watch);
      void this.poll(journeyId, watch);
    } else if (watch.last) {
      subscriber.send(watch.last.stats);
    }
    watch.subscribers.add(subscriber);
    return () => {
      const current = this.watches.get(journeyId);
      if (!current) return;
      current.subscribers.delete(subscriber);
      if (current.subscribers.size === 0) {
        clearTimeout(current.timer);
        this.watches.delete(journeyId);
      }
    };
  }

  /** How many journeys are polled now (one per watched journey, not per subscriber). */
  get pollers(): number {
    return this.watches.size;
  }

  close(): void {
    this.closed = true;
    for (const watch of this.watches.values()) {
      clearTimeout(watch.timer);
      for (const subscriber of watch.subscribers) subscriber.close();
    }
    this.watches.clear();
  }

  private async poll(journeyId: string, watch: Watch): Promise<void> {
    try {
      const stats = await this.readStats(journeyId);
      const json = JSON.stringify(stats);
      if (json !== watch.last?.json) {
        watch.last = { json, stats };
        for (const subscriber of watch.subscribers) subscriber.send(stats);
      }
    } catch (error) {
      // A database hiccup: say so, keep the streams, try again next interval.
      this.options.log?.(`stats for journey ${journeyId}: ${(error as Error).message}`);
    }
    if (this.watches.get(journeyId) !== watch || this.closed) return;
    watch.timer = setTimeout(() => void this.poll(journeyId, watch), this.options.intervalMs ?? STATS_INTERVAL_MS);
  }
}
