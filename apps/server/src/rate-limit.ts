import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * Token buckets in memory, for the public tracking routes and for failed bearer tokens: each
 * key (an IP, a token) holds up to `burst` requests and earns one back every `refillMs`. One server's memory is enough here:
 * the limits keep a single client from hammering the database, they are not a quota. Full
 * buckets are dropped when the map grows, so memory stays bounded under many one-off keys.
 */

export interface BucketLimit {
  burst: number;
  refillMs: number;
}

export class TokenBuckets {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly limit: BucketLimit,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  /** Takes one request's token for `key`; false when the bucket is empty. */
  take(key: string): boolean {
    const now = this.now();
    const bucket = this.#buckets.get(key);
    const tokens = bucket ? this.#refilled(bucket, now) : this.limit.burst;
    if (tokens < 1) {
      this.#buckets.set(key, { tokens, at: now });
      return false;
    }
    if (!bucket && this.#buckets.size >= this.maxKeys) this.#prune(now);
    this.#buckets.set(key, { tokens: tokens - 1, at: now });
    return true;
  }

  /** How long until `key` may take a request again: 0 when it may now. */
  waitMs(key: string): number {
    const bucket = this.#buckets.get(key);
    if (!bucket) return 0;
    const tokens = this.#refilled(bucket, this.now());
    return tokens >= 1 ? 0 : Math.ceil((1 - tokens) * this.limit.refillMs);
  }

  get size(): number {
    return this.#buckets.size;
  }

  #refilled(bucket: { tokens: number; at: number }, now: number): number {
    return Math.min(this.limit.burst, bucket.tokens + (now - bucket.at) / this.limit.refillMs);
  }

  #prune(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (this.#refilled(bucket, now) >= this.limit.burst) this.#buckets.delete(key);
    }
    // Still full of busy keys: forget the oldest rather than grow without bound.
    while (this.#buckets.size >= this.maxKeys) this.#buckets.delete(this.#buckets.keys().next().value!);
  }
}

/**
 * The connecting address, the key of per-client limits. Forwarding headers are not trusted
 * (anyone can write them), so behind a reverse proxy every client shares the proxy's bucket.
 */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // not served from a socket (tests calling app.request)
  }
}
