import { createEmailEngagement, trackingSecretSource, type EmailEngagement } from '@trellis/channels';
import type { Context } from 'hono';
import { clientAddress, TokenBuckets } from './rate-limit.js';
import type { AppOptions } from './route.js';

/**
 * What the public tracking routes (`/t/...`) share within one app: the engagement recorder on
 * the app's database, and the rate limits. These routes take no bearer token, so each request
 * must get through two buckets: its client address's and its link token's.
 */

export interface PublicTracking {
  engagement: EmailEngagement;
  /** False when this client or this token has made too many requests lately. */
  admit(c: Context, token: string): boolean;
  log(line: string): void;
}

/** A person clicking through an email, or a mail client loading its images, stays far below these. */
export const PER_CLIENT_LIMIT = { burst: 60, refillMs: 1_000 };
export const PER_TOKEN_LIMIT = { burst: 20, refillMs: 3_000 };

const byApp = new WeakMap<AppOptions, PublicTracking | null>();

/** The app's tracking services; null for an app built without a database. */
export function publicTrackingOf(options: AppOptions): PublicTracking | null {
  if (byApp.has(options)) return byApp.get(options)!;
  const runtime = options.services.runtime;
  const log = options.services.log ?? ((line: string) => console.error(line));
  const tracking = runtime
    ? {
        engagement: createEmailEngagement({
          db: runtime.db,
          // The same secret delivery signs with: the environment's, else the instance's own.
          secret: trackingSecretSource(runtime.db, process.env.TRELLIS_TRACKING_SECRET?.trim() || null),
          onError: (error) => log(`tracking: could not record engagement: ${(error as Error).message}`),
          applyOptOut: (leadId) => runtime.engine.applyPendingEvents(leadId),
        }),
        admit: admitter(),
        log,
      }
    : null;
  byApp.set(options, tracking);
  return tracking;
}

function admitter(): PublicTracking['admit'] {
  const perClient = new TokenBuckets(PER_CLIENT_LIMIT);
  const perToken = new TokenBuckets(PER_TOKEN_LIMIT);
  return (c, token) => perClient.take(clientAddress(c)) && perToken.take(token);
}
