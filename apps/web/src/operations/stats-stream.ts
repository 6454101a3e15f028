import { createParser } from 'eventsource-parser';
import { readToken } from '../api/client.js';
import type { JourneyStats } from '../api/people.js';

/**
 * Follows `GET /api/journeys/:id/stats/stream`. EventSource cannot send the bearer token, so
 * this reads the stream with fetch and parses it with eventsource-parser; a dropped stream is
 * opened again after `retryMs`. Returns a function that stops it.
 */
export function followStats(
  journeyId: string,
  onStats: (stats: JourneyStats) => void,
  onState: (state: 'live' | 'reconnecting' | 'refused') => void,
  retryMs = 2_000,
): () => void {
  const abort = new AbortController();
  let stopped = false;
  const run = async () => {
    while (!stopped) {
      try {
        const token = readToken();
        const response = await fetch(`/api/journeys/${encodeURIComponent(journeyId)}/stats/stream`, {
          headers: token ? { Authorization: `Bearer ${token}` } : {},
          signal: abort.signal,
        });
        if (response.status === 401 || response.status === 403 || response.status === 404) {
          onState('refused');
          return;
        }
        if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
        onState('live');
        const parser = createParser({
          onEvent(event) {
            if (event.event !== 'stats') return;
            try {
              onStats(JSON.parse(event.data) as JourneyStats);
            } catch {
              // A malformed frame is skipped; the next one carries the whole counts again.
            }
          },
        });
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.feed(value);
        }
      } catch {
        if (stopped) return;
      }
      if (stopped) return;
      onState('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  };
  void run();
  return () => {
    stopped = true;
    abort.abort();
  };
}
