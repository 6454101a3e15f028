import {
  claimDueSends,
  countSendDelivered,
  getTemplate,
  markSendDelivered,
  markSendFailed,
  scheduleSendRetry,
  type DueSend,
  type SqlExecutor,
} from '@trellis/store';
import { prepareDelivery, type ChannelSetup, type ChannelDelivery, type Prepared, type TemplateLookup } from './deliver-send.js';
import { createDeliveredMarks } from './delivered-marks.js';
import type { SenderIdentity } from './render.js';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './retry-policy.js';
import { parseDefaultSender } from './sender.js';
import { createSmtpMailer } from './smtp.js';
import { DeliverySlots } from './delivery-slots.js';
import { createPostAgents } from './signed-post.js';
import { publicUrlFromEnv, trackingSecretSource } from './tracking-links.js';
import { webhookSecretSource } from './webhook-secrets.js';
import { NOTHING_ALLOWED, WEBHOOK_ALLOW_VARIABLE, parseWebhookAllow, resolveWithSystem, type ResolveHost, type WebhookAllowList } from './webhook-address.js';

/**
 * Delivers the sends the engine has written, each once.
 *
 * Ordering, and why nothing is lost or doubled:
 * 1. Claim (one committed statement): due pending sends are locked with FOR UPDATE SKIP
 *    LOCKED, their `attempts` bumped and `next_attempt_at` moved past a lease. Other workers
 *    skip them while the lease holds. A claim takes only as many sends as there are free
 *    delivery slots (`inFlight`), and waits until at least a quarter of the slots are free so
 *    that one statement claims a batch; each send holds its slot until it is marked.
 * 2. Deliver, outside any transaction (a slow webhook must not hold locks, nor the embedded
 *    database's single session), over kept-open connections: nodemailer's SMTP pool, and
 *    keep-alive agents for webhooks.
 * 3. Mark, guarded by the claim (`attempts` as claimed, still `pending`): delivered, a retry
 *    at a later `next_attempt_at`, or `failed`.
 * A worker that dies after 1 and before 3 (before, during or after the delivery) leaves the
 * send pending; when its lease runs out another worker claims and delivers it again. So every
 * send is delivered at least once, and a repeat carries the same idempotency key (SMTP
 * `Message-ID` and `X-Trellis-Idempotency-Key`, HTTP `Idempotency-Key`) for the receiver to
 * drop. A worker killed at any moment has at most `inFlight` sends (default 32; 256 on its own thread) claimed and
 * not marked, so at most that many reach their receiver twice; the rest was never claimed
 * and goes out once, at once, from another worker. Deliveries into our own tables (the outbox, tasks) are written in the same
 * transaction as the mark and keyed by send, so they happen exactly once. Because the claim
 * counts the attempt, a send that kills its worker every time still runs out of attempts.
 */

export interface DeliveryOptions {
  db: SqlExecutor;
  /** `SMTP_URL`; unset: email goes to the built-in outbox. */
  smtpUrl?: string | null;
  /** `TRELLIS_WEBHOOK_SECRET`; unset: one is generated once per instance and kept in the database. */
  webhookSecret?: string | null;
  /** Provider webhooks for SMS and direct mail; unset: into the outbox. */
  providers?: { smsWebhookUrl?: string | null; directMailWebhookUrl?: string | null };
  /** Who signs sends that say nothing else (`TRELLIS_DEFAULT_SENDER`). */
  defaultSender?: SenderIdentity;
  retry?: RetryPolicy;
  /** Where tracking and unsubscribe links point (`TRELLIS_PUBLIC_URL`). Default `http://localhost:3000`. */
  publicUrl?: string;
  /** `TRELLIS_TRACKING_SECRET`; unset: one is generated once per instance and kept in the database. */
  trackingSecret?: string | null;
  /** `TRELLIS_UNSUBSCRIBE_MAILTO`: a mailbox offered in List-Unsubscribe beside the https link. */
  unsubscribeMailto?: string | null;
  /** How long one SMTP exchange or HTTP POST may take. Default 10 s. */
  timeoutMs?: number;
  /** How long a claimed send is left alone before another worker may take it over. Default 2 min. */
  leaseMs?: number;
  /**
   * Sends delivered at once (`TRELLIS_DELIVERY_IN_FLIGHT`), claimed only for free slots. Also
   * the most sends a killed worker leaves claimed and unmarked, so the most delivered twice.
   * Default 32 here; 256 on delivery's own thread (DEFAULT_THREAD_IN_FLIGHT).
   */
  inFlight?: number;
  /** SMTP sessions kept open (`TRELLIS_SMTP_CONNECTIONS`). Default 10. */
  smtpConnections?: number;
  /** Hosts and ranges a marketer's webhook may reach beyond public addresses (`TRELLIS_WEBHOOK_ALLOW`). */
  webhookAllow?: WebhookAllowList;
  /** How webhook host names are resolved; the system's resolver unless a test stands in. */
  resolveHost?: ResolveHost;
  now?: () => Date;
}

export type DeliveryOutcome = 'delivered' | 'retry' | 'failed' | 'lost_claim';

export interface DeliveryReport {
  leadId: string;
  sendId: string;
  channel: string;
  attempt: number;
  outcome: DeliveryOutcome;
  error: string | null;
  missingFields: string[];
  /** For a retry: when. */
  nextAttemptAt: Date | null;
}

export interface Delivery {
  /** Delivers up to `limit` due sends, `inFlight` at a time, each claimed, delivered and marked; reports each, in claim order. */
  deliverDue(limit?: number): Promise<DeliveryReport[]>;
  /** Slots for `fill`, as many as the delivery has in flight. */
  slots(): DeliverySlots;
  /**
   * Waits until a batch's worth of `slots` is free, claims at most that many due sends (and at
   * most `max`) in one statement and starts delivering each in its slot, reporting each to
   * `onReport` once marked. `drained`: fewer were due than asked for.
   */
  fill(slots: DeliverySlots, options?: { max?: number; onReport?: (report: DeliveryReport) => void }): Promise<{ sends: DueSend[]; drained: boolean }>;
  /** The secret webhooks are signed with now (for showing to whoever sets up a receiver). */
  webhookSecret(): Promise<string>;
  /** A new signing secret, the old one verifying for a grace period; null when `TRELLIS_WEBHOOK_SECRET` fixes it. */
  rotateWebhookSecret(): Promise<{ secret: string; previousUntil: Date } | null>;
  close(): void;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_LEASE_MS = 120_000;
export const DEFAULT_IN_FLIGHT = 32;
/**
 * On its own thread (PostgreSQL) delivery keeps more in flight: measured on two cores, 32 left
 * the SMTP pool idle while sends waited on their marks and preparation; 512 gave no more. In
 * the server's own thread (PGlite) the sends in flight share the event loop with the embedded
 * database and the engine: 256 there starved nodemailer's sockets into timeouts under load.
 */
export const DEFAULT_THREAD_IN_FLIGHT = 256;

/** The fewest free slots a claim waits for: one statement claims a batch, not a send. */
export function claimBatchOf(inFlight: number): number {
  return Math.max(1, Math.floor(inFlight / 4));
}

/** The options the environment gives (see the README's variables). */
export function deliveryOptionsFromEnv(env: NodeJS.ProcessEnv): Omit<DeliveryOptions, 'db'> {
  const value = (name: string) => env[name]?.trim() || null;
  return {
    smtpUrl: value('SMTP_URL'),
    webhookSecret: value('TRELLIS_WEBHOOK_SECRET'),
    providers: {
      smsWebhookUrl: value('TRELLIS_SMS_WEBHOOK_URL'),
      directMailWebhookUrl: value('TRELLIS_DIRECT_MAIL_WEBHOOK_URL'),
    },
    defaultSender: parseDefaultSender(env.TRELLIS_DEFAULT_SENDER),
    publicUrl: publicUrlFromEnv(env),
    trackingSecret: value('TRELLIS_TRACKING_SECRET'),
    unsubscribeMailto: value('TRELLIS_UNSUBSCRIBE_MAILTO'),
    webhookAllow: parseWebhookAllow(value(WEBHOOK_ALLOW_VARIABLE)),
    // How long a claimed send waits before another worker may retry it after a crash.
    ...wholeFromEnv('leaseMs', 'TRELLIS_DELIVERY_LEASE_MS', value('TRELLIS_DELIVERY_LEASE_MS'), 1_000, 'milliseconds'),
    ...wholeFromEnv('inFlight', 'TRELLIS_DELIVERY_IN_FLIGHT', value('TRELLIS_DELIVERY_IN_FLIGHT'), 1, 'sends'),
    ...wholeFromEnv('smtpConnections', 'TRELLIS_SMTP_CONNECTIONS', value('TRELLIS_SMTP_CONNECTIONS'), 1, 'connections'),
  };
}

function wholeFromEnv<K extends string>(key: K, name: string, text: string | null, least: number, unit: string): Partial<Record<K, number>> {
  if (text === null) return {};
  const number = Number(text);
  if (!Number.isInteger(number) || number < least) {
    throw new Error(`${name} must be a whole number of ${unit}, at least ${least}; got "${text}"`);
  }
  return { [key]: number } as Partial<Record<K, number>>;
}

export function createDelivery(options: DeliveryOptions): Delivery {
  const { db } = options;
  const retry = options.retry ?? DEFAULT_RETRY_POLICY;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const inFlight = options.inFlight ?? DEFAULT_IN_FLIGHT;
  const now = options.now ?? (() => new Date());
  // Read again every few seconds, so a rotation by any server sharing the database signs here too.
  const secrets = webhookSecretSource(db, { fixed: options.webhookSecret, now });
  const webhookSecret = async () => (await secrets.read()).current;
  const setup: ChannelSetup = {
    smtp: options.smtpUrl ? createSmtpMailer(options.smtpUrl, { timeoutMs, maxConnections: options.smtpConnections }) : null,
    smsWebhookUrl: options.providers?.smsWebhookUrl ?? null,
    directMailWebhookUrl: options.providers?.directMailWebhookUrl ?? null,
    webhookSecrets: () => secrets.forSigning(),
    webhookGuard: { allow: options.webhookAllow ?? NOTHING_ALLOWED, resolve: options.resolveHost ?? resolveWithSystem },
    agents: { webhook: createPostAgents(inFlight), provider: createPostAgents(inFlight) },
    defaultSender: options.defaultSender ?? parseDefaultSender(undefined),
    timeoutMs,
    tracking: {
      publicUrl: (options.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, ''),
      unsubscribeMailto: options.unsubscribeMailto ?? null,
      secret: trackingSecretSource(db, options.trackingSecret),
    },
    now,
  };

  const deliveredMarks = createDeliveredMarks(db);

  async function deliverOne(send: DueSend, templateOf: TemplateLookup): Promise<DeliveryReport> {
    let prepared: Prepared;
    try {
      prepared = await prepareDelivery(db, send, setup, templateOf);
    } catch (error) {
      // The database failing mid-preparation: a retry later may well succeed.
      prepared = { ok: false, error: (error as Error).message, permanent: false, missingFields: [] };
    }
    const { missingFields } = prepared;
    const report = (outcome: DeliveryOutcome, error: string | null = null, nextAttemptAt: Date | null = null) => ({
      leadId: send.leadId,
      sendId: send.id,
      channel: send.channel,
      attempt: send.attempts,
      outcome,
      error,
      missingFields,
      nextAttemptAt,
    });

    const attempted = prepared.ok ? await attempt(send, prepared.delivery, missingFields) : prepared;
    if ('outcome' in attempted) return report(attempted.outcome);

    const { error, permanent } = attempted;
    if (permanent || send.attempts >= retry.maxAttempts) {
      const reason = permanent ? error : `${error} (gave up after ${send.attempts} attempts)`;
      const marked = await markSendFailed(db, send, { error: reason, missingFields });
      return report(marked ? 'failed' : 'lost_claim', reason);
    }
    const nextAttemptAt = new Date(now().getTime() + retryDelayMs(send.attempts, retry));
    const marked = await scheduleSendRetry(db, send, { nextAttemptAt, error, missingFields });
    return marked ? report('retry', error, nextAttemptAt) : report('lost_claim', error);
  }

  /** Delivers and marks; answers the failure when the delivery did not go through. */
  async function attempt(
    send: DueSend,
    delivery: ChannelDelivery,
    missingFields: string[],
  ): Promise<{ outcome: 'delivered' | 'lost_claim' } | { error: string; permanent: boolean }> {
    if (delivery.kind === 'external') {
      const result = await delivery.call().catch((error: Error) => ({ ok: false as const, error: error.message, permanent: false }));
      if (!result.ok) return result;
      const marked = await deliveredMarks.mark({ ...send, at: now(), missingFields });
      return { outcome: marked ? 'delivered' : 'lost_claim' };
    }
    try {
      await db.transaction(async (tx) => {
        await delivery.write(tx);
        // A lost claim rolls the write back: it is the current claimant's to make.
        if (!(await markSendDelivered(tx, send, { at: now(), missingFields }))) throw new LostClaim();
        await countSendDelivered(tx, send);
      });
      return { outcome: 'delivered' };
    } catch (error) {
      if (error instanceof LostClaim) return { outcome: 'lost_claim' };
      return { error: `could not write the ${send.channel} delivery: ${(error as Error).message}`, permanent: false };
    }
  }

  async function fill(
    slots: DeliverySlots,
    { max = Infinity, onReport }: { max?: number; onReport?: (report: DeliveryReport) => void } = {},
  ): Promise<{ sends: DueSend[]; drained: boolean }> {
    await slots.whenFree(Math.min(claimBatchOf(slots.size), max));
    const count = Math.min(slots.free, max);
    const sends = await claimDueSends(db, { now: now(), limit: count, leaseMs });
    // A batch's sends mostly share a template: it is read once for them, as it is now.
    const templateOf = readOnceEach((id: string) => getTemplate(db, id));
    for (const send of sends) {
      slots.run(async () => {
        const report = await deliverOne(send, templateOf);
        onReport?.(report);
      });
    }
    return { sends, drained: sends.length < count };
  }

  return {
    async deliverDue(limit = 50) {
      const slots = new DeliverySlots(inFlight);
      const reports: DeliveryReport[] = [];
      const order = new Map<string, number>();
      try {
        while (order.size < limit) {
          const round = await fill(slots, { max: limit - order.size, onReport: (report) => reports.push(report) });
          for (const send of round.sends) order.set(claimKey(send.leadId, send.id), order.size);
          if (round.drained) break;
        }
      } finally {
        await slots.idle();
      }
      const failure = slots.takeFailure();
      if (failure) throw failure.error;
      // In claim order, whichever delivery finished first.
      const rank = (report: DeliveryReport) => order.get(claimKey(report.leadId, report.sendId))!;
      return reports.sort((a, b) => rank(a) - rank(b));
    },
    slots: () => new DeliverySlots(inFlight),
    fill,
    webhookSecret,
    rotateWebhookSecret: () => secrets.rotate(),
    close() {
      setup.smtp?.close();
      for (const pair of Object.values(setup.agents)) {
        pair.http.destroy();
        pair.https.destroy();
      }
    },
  };
}

/** `read`, asked once per argument; a failed read is asked again. */
function readOnceEach<T>(read: (id: string) => Promise<T>): (id: string) => Promise<T> {
  const asked = new Map<string, Promise<T>>();
  return (id) => {
    let answer = asked.get(id);
    if (!answer) {
      answer = read(id);
      asked.set(id, answer);
      answer.catch(() => asked.delete(id));
    }
    return answer;
  };
}

const claimKey = (leadId: string, sendId: string) => JSON.stringify([leadId, sendId]);

class LostClaim extends Error {}
