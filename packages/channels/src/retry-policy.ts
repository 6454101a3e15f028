/**
 * When a failed delivery is tried again. Retries are data (the send's `next_attempt_at`), not
 * a loop in memory, so they survive a restart; this is the one formula behind them.
 */

export interface RetryPolicy {
  /** Attempts in all, the first included; after the last one fails the send is `failed`. */
  maxAttempts: number;
  /** The wait after the first failed attempt; it doubles after each further one. */
  baseDelayMs: number;
  /** No wait is longer than this. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 30_000, maxDelayMs: 3_600_000 };

/** The wait after failed attempt number `attempt` (1 for the first): 30 s, 1 min, 2 min, 4 min, … */
export function retryDelayMs(attempt: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  return Math.min(policy.baseDelayMs * 2 ** Math.max(attempt - 1, 0), policy.maxDelayMs);
}
