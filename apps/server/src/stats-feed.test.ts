import type { JourneyStats } from '@trellis/engine';
import { describe, expect, it } from 'vitest';
import { StatsFeed } from './stats-feed.js';

const at = (current: number): JourneyStats => ({ version: 1, nodes: { wait: { current, entered: current } }, outcomes: {} });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the stats feed', () => {
  it('reads once per interval for all subscribers of a journey and sends only changes', async () => {
    const reads: string[] = [];
    let current = 1;
    const feed = new StatsFeed(async (journeyId) => {
      reads.push(journeyId);
      return at(current);
    }, { intervalMs: 10 });
    const a: JourneyStats[] = [];
    const b: JourneyStats[] = [];
    const stopA = feed.subscribe('j', { send: (s) => a.push(s), close: () => undefined });
    const stopB = feed.subscribe('j', { send: (s) => b.push(s), close: () => undefined });
    await sleep(60);
    expect(a).toEqual([at(1)]);
    expect(b).toEqual([at(1)]);
    current = 2;
    await sleep(40);
    expect(a).toEqual([at(1), at(2)]);
    const readsWhileWatched = reads.length;
    expect(readsWhileWatched).toBeLessThanOrEqual(12); // about one per 10 ms, not one per subscriber
    stopA();
    stopB();
    expect(feed.pollers).toBe(0);
    await sleep(30);
    expect(reads.length).toBe(readsWhileWatched);
  });

  it('gives a late subscriber the last known stats at once', async () => {
    const feed = new StatsFeed(async () => at(3), { intervalMs: 10 });
    feed.subscribe('j', { send: () => undefined, close: () => undefined });
    await sleep(30);
    const late: JourneyStats[] = [];
    feed.subscribe('j', { send: (s) => late.push(s), close: () => undefined });
    expect(late).toEqual([at(3)]);
    feed.close();
  });

  it('keeps polling after a failed read and says why', async () => {
    const lines: string[] = [];
    let fail = true;
    const feed = new StatsFeed(async () => {
      if (fail) {
        fail = false;
        throw new Error('connection reset');
      }
      return at(1);
    }, { intervalMs: 10, log: (line) => lines.push(line) });
    const got: JourneyStats[] = [];
    feed.subscribe('j', { send: (s) => got.push(s), close: () => undefined });
    await sleep(50);
    expect(lines).toEqual(['stats for journey j: connection reset']);
    expect(got).toEqual([at(1)]);
    feed.close();
  });
});
