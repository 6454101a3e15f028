import { randomBytes } from 'node:crypto';
import { getOrCreateSetting, type SqlQueryable } from '@trellis/store';
import type { EmailLinks } from './email-tracking.js';
import { signTrackingToken, TRACKING_LIFETIME_S, type TrackingPurpose } from './tracking-token.js';

/**
 * Where tracking links point and what signs them. The server answers them at
 * `<TRELLIS_PUBLIC_URL>/t/c|o|u/<token>`; the secret is `TRELLIS_TRACKING_SECRET` or one the
 * instance generates once and keeps in `instance_settings`, so every server of an instance
 * signs and checks alike.
 */

export interface TrackingSetup {
  /** The server's address as recipients reach it, without a trailing slash. */
  publicUrl: string;
  /** `TRELLIS_UNSUBSCRIBE_MAILTO`: a mailbox someone reads, offered in List-Unsubscribe too. */
  unsubscribeMailto: string | null;
  secret: () => Promise<string>;
}

export const TRACKING_SECRET_SETTING = 'tracking_secret';

/** The tracking secret, from the environment or the database (asked once; a failure is asked again). */
export function trackingSecretSource(db: SqlQueryable, fixed?: string | null): () => Promise<string> {
  let secret: Promise<string> | undefined;
  return () => {
    if (fixed) return Promise.resolve(fixed);
    secret ??= getOrCreateSetting(db, TRACKING_SECRET_SETTING, () => randomBytes(32).toString('base64url')).catch((error) => {
      secret = undefined;
      throw error;
    });
    return secret;
  };
}

/** `TRELLIS_PUBLIC_URL`, else `http://localhost:<PORT>`; a value that is not an http(s) URL is an error naming it. */
export function publicUrlFromEnv(env: NodeJS.ProcessEnv): string {
  const given = env.TRELLIS_PUBLIC_URL?.trim();
  if (!given) return `http://localhost:${env.PORT?.trim() || '3000'}`;
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new Error(`TRELLIS_PUBLIC_URL must be an http(s) URL such as https://trellis.example.com (got "${given}").`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`TRELLIS_PUBLIC_URL must be an http(s) URL such as https://trellis.example.com (got "${given}").`);
  }
  return given.replace(/\/+$/, '');
}

export const TRACKING_PATHS: Record<TrackingPurpose, string> = { click: '/t/c/', open: '/t/o/', unsubscribe: '/t/u/' };

export interface SendLinks {
  links: EmailLinks;
  /** RFC 2369 and RFC 8058 headers: mailbox providers show an unsubscribe button and POST to it. */
  headers: Record<string, string>;
}

/** The links and headers of one email, signed now and valid for their lifetimes. */
export async function linksForSend(setup: TrackingSetup, send: { leadId: string; id: string }, now: Date): Promise<SendLinks> {
  const secret = await setup.secret();
  const nowS = Math.floor(now.getTime() / 1000);
  const url = (purpose: TrackingPurpose, target?: string) =>
    setup.publicUrl +
    TRACKING_PATHS[purpose] +
    signTrackingToken(
      { purpose, leadId: send.leadId, sendId: send.id, expiresAt: nowS + TRACKING_LIFETIME_S[purpose], ...(target === undefined ? {} : { url: target }) },
      secret,
    );
  const unsubscribe = url('unsubscribe');
  const listUnsubscribe = [`<${unsubscribe}>`];
  if (setup.unsubscribeMailto) listUnsubscribe.push(`<mailto:${setup.unsubscribeMailto}?subject=unsubscribe>`);
  return {
    links: { click: (target) => url('click', target), open: url('open'), unsubscribe, ownPrefix: `${setup.publicUrl}/t/` },
    headers: { 'List-Unsubscribe': listUnsubscribe.join(', '), 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
