import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './rate-limit.js';

describe('TokenBuckets', () => {
  it('lets a burst through, refuses the next, and earns requests back over time, per key', () => {
    let now = 0;
    const buckets = new TokenBuckets({ burst: 3, refillMs: 1_000 }, () => now);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([true, true, true, false]);
    expect(buckets.take('b')).toBe(true);
    now = 999;
    expect(buckets.take('a')).toBe(false);
    now = 1_999; // nearly two refills since the burst ran out: one request, not two
    expect([buckets.take('a'), buckets.take('a')]).toEqual([true, false]);
  });

  it('keeps at most maxKeys buckets, dropping full ones first', () => {
    let now = 0;
    const buckets = new TokenBuckets({ burst: 2, refillMs: 1_000 }, () => now, 3);
    buckets.take('busy');
    buckets.take('busy');
    buckets.take('one');
    buckets.take('two');
    now = 1_500; // `one` and `two` are full again, `busy` is not
    buckets.take('three');
    expect(buckets.size).toBe(2);
    expect(buckets.take('busy')).toBe(true);
    expect(buckets.take('busy')).toBe(false);
  });
});
