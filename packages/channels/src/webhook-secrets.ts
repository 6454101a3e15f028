import { randomBytes } from 'node:crypto';
import { getOrCreateSetting, readSettings, rotateSetting, type SqlExecutor } from '@trellis/store';

/**
 * The secret outgoing webhooks are signed with, and its rotation. Without
 * `TRELLIS_WEBHOOK_SECRET` the secret is generated once into `instance_settings`; an admin may
 * rotate it: a new one is made (shown once, by the route that asked) and the one before keeps
 * signing, in a second header `X-Trellis-Signature-Previous`, for a grace period of 24 hours,
 * so a receiver may switch secrets at its own pace within that day.
 *
 * Every server sharing the database signs with the rotated secret within `ttlMs` (5 s): the
 * secrets are read again from the database once they are that old. (A NOTIFY would be faster but
 * needs a listener per delivery; a few seconds of the old secret is inside the grace period,
 * which still verifies it.)
 */

export const WEBHOOK_SECRET_SETTING = 'webhook_secret';
export const PREVIOUS_WEBHOOK_SECRET_SETTING = 'webhook_secret_previous';
export const WEBHOOK_SECRET_GRACE_MS = 24 * 60 * 60 * 1000;
export const WEBHOOK_SECRET_TTL_MS = 5_000;

export interface SigningSecrets {
  current: string;
  /** The secret before the last rotation, while its grace period lasts. */
  previous: string | null;
  previousUntil: Date | null;
}

export interface WebhookSecrets {
  /** Read from the database now: what an admin page shows. */
  read(): Promise<SigningSecrets>;
  /** What delivery signs with: read at most `ttlMs` ago. */
  forSigning(): Promise<SigningSecrets>;
  /** Makes a new secret; null when it is fixed by `TRELLIS_WEBHOOK_SECRET` (the admin's own setting). */
  rotate(): Promise<{ secret: string; previousUntil: Date } | null>;
}

const newSecret = () => randomBytes(32).toString('hex');

export function webhookSecretSource(
  db: SqlExecutor,
  { fixed, now, ttlMs = WEBHOOK_SECRET_TTL_MS }: { fixed?: string | null; now: () => Date; ttlMs?: number },
): WebhookSecrets {
  let cached: { at: number; secrets: Promise<SigningSecrets> } | undefined;
  const read = async (): Promise<SigningSecrets> => {
    if (fixed) return { current: fixed, previous: null, previousUntil: null };
    const current = await getOrCreateSetting(db, WEBHOOK_SECRET_SETTING, newSecret);
    const stored = (await readSettings(db, [PREVIOUS_WEBHOOK_SECRET_SETTING])).get(PREVIOUS_WEBHOOK_SECRET_SETTING) as
      | { value: string; until: string }
      | undefined;
    const until = stored ? new Date(stored.until) : null;
    if (!stored || !until || until.getTime() <= now().getTime()) return { current, previous: null, previousUntil: null };
    return { current, previous: stored.value, previousUntil: until };
  };
  return {
    read,
    forSigning() {
      const at = Date.now();
      if (!cached || at - cached.at >= ttlMs) {
        const secrets = read().catch((error) => {
          cached = undefined; // a database hiccup must not stick: ask again next time
          throw error;
        });
        cached = { at, secrets };
      }
      return cached.secrets;
    },
    async rotate() {
      if (fixed) return null;
      await getOrCreateSetting(db, WEBHOOK_SECRET_SETTING, newSecret);
      const secret = newSecret();
      const previousUntil = new Date(now().getTime() + WEBHOOK_SECRET_GRACE_MS);
      await rotateSetting(db, WEBHOOK_SECRET_SETTING, PREVIOUS_WEBHOOK_SECRET_SETTING, secret, previousUntil);
      cached = undefined;
      return { secret, previousUntil };
    },
  };
}
