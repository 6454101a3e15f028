import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-policy.js';

describe('retryDelayMs', () => {
  it('doubles from 30 seconds after each failed attempt, up to an hour', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => retryDelayMs(attempt))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 960_000,
    ]);
    expect(retryDelayMs(20)).toBe(3_600_000);
  });

  it('follows a policy of its own', () => {
    const policy = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 35 };
    expect([1, 2, 3].map((attempt) => retryDelayMs(attempt, policy))).toEqual([10, 20, 35]);
  });
});
