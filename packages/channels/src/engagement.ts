import { createHash } from 'node:crypto';
import {
  countEngagement,
  getLead,
  getTrackedSend,
  insertEvents,
  type EngagementKind,
  type IncomingEvent,
  type SqlExecutor,
  type TrackedSend,
} from '@trellis/store';
import { readTrackingToken, type TrackingPurpose } from './tracking-token.js';

/**
 * What the public tracking routes do: check a link's token, record what the lead did as an
 * event through the same idempotent ingest as `POST /api/events` (so journeys waiting for
 * `email_clicked` move on), and count it for the outbox view and the journey's stats in the
 * same transaction. Every answer about a token that does not verify, has expired or names a
 * send that is not there is the same `null`: nothing tells one case from another.
 */

/** Opens this soon after delivery are mail scanners fetching images, not people. */
export const MACHINE_OPEN_WINDOW_MS = 10_000;

export type PreferenceChoice = 'email' | 'sms' | 'everything';
export const PREFERENCE_CHOICES: readonly PreferenceChoice[] = ['email', 'sms', 'everything'];

export interface PreferenceTarget {
  /** The lead's address with most of it starred out (`a**@e******.com`), or null without one. */
  maskedEmail: string | null;
}

export interface EmailEngagement {
  /** A click: the URL the email linked to (recorded as `email_clicked`), or null. */
  click(token: string): Promise<string | null>;
  /** Where a click token leads, recording nothing (for HEAD requests: link checkers, not people). */
  clickTarget(token: string): Promise<string | null>;
  /** The open pixel was fetched: true when the token was good (recorded as `email_opened` at most once an hour). */
  open(token: string): Promise<boolean>;
  /** The preferences page's subject, or null. */
  preferences(token: string): Promise<PreferenceTarget | null>;
  /**
   * Opts the lead out (one channel: `lead_updated` with its consent; everything: `unsubscribed`),
   * committed before this resolves. False for a bad token.
   */
  optOut(token: string, choice: PreferenceChoice): Promise<boolean>;
}

export function createEmailEngagement({
  db,
  secret,
  now = () => new Date(),
  onError = () => undefined,
  applyOptOut = async () => undefined,
}: {
  db: SqlExecutor;
  secret: () => Promise<string>;
  now?: () => Date;
  /**
   * Applies a recorded opt-out to the lead before the page answers (the engine processes the
   * lead's new events at once), so it holds for the very next send.
   */
  applyOptOut?: (leadId: string) => Promise<void>;
  /** A click or open whose recording failed still answers (the person still gets the page); the failure goes here. */
  onError?: (error: unknown) => void;
}): EmailEngagement {
  async function verified(token: string, purpose: TrackingPurpose, at: Date) {
    const claim = readTrackingToken(token, await secret(), at);
    if (!claim || claim.purpose !== purpose) return null;
    const send = await getTrackedSend(db, claim.leadId, claim.sendId);
    return send ? { claim, send } : null;
  }

  /** Records the event; counts it when it was new (a resent id is a duplicate and counts nothing). */
  async function recordOrReport(event: IncomingEvent, send: TrackedSend, counts: EngagementKind | null): Promise<void> {
    await record(event, send, counts).catch(onError);
  }

  async function record(event: IncomingEvent, send: TrackedSend, counts: EngagementKind | null): Promise<void> {
    await db.transaction(async (tx) => {
      const { accepted } = await insertEvents(tx, [event], event.at as Date);
      if (accepted === 1 && counts) await countEngagement(tx, send, counts);
    });
  }

  const sendProps = (send: TrackedSend) => ({ sendId: send.id, journeyId: send.journeyId, nodeId: send.nodeId });

  return {
    async click(token) {
      const at = now();
      const found = await verified(token, 'click', at);
      if (!found) return null;
      const url = found.claim.url!;
      const { send } = found;
      // One event per link and minute: a double click, or a client fetching twice, is one click.
      await recordOrReport(
        {
          id: `trellis.email_clicked.${send.id}.${minuteOf(at)}.${shortHash(url)}`,
          leadId: send.leadId,
          type: 'email_clicked',
          at,
          props: { url, ...sendProps(send) },
        },
        send,
        'clicked',
      );
      return url;
    },

    async clickTarget(token) {
      return (await verified(token, 'click', now()))?.claim.url ?? null;
    },

    async open(token) {
      const at = now();
      const found = await verified(token, 'open', at);
      if (!found) return false;
      const { send } = found;
      // Not yet marked delivered: the receiving system is scanning the message in the moment
      // between the SMTP server's acceptance and our mark.
      const machine = send.deliveredAt === null || at.getTime() - send.deliveredAt.getTime() < MACHINE_OPEN_WINDOW_MS;
      // At most one open an hour per send; a scanner's open has an id of its own, so it does
      // not take the hour's place from the person opening the email after it.
      await recordOrReport(
        {
          id: `trellis.email_opened.${send.id}.${hourOf(at)}${machine ? '.machine' : ''}`,
          leadId: send.leadId,
          type: 'email_opened',
          at,
          props: { ...sendProps(send), ...(machine ? { machine: true } : {}) },
        },
        send,
        machine ? null : 'opened',
      );
      return true;
    },

    async preferences(token) {
      const found = await verified(token, 'unsubscribe', now());
      if (!found) return null;
      const lead = await getLead(db, found.send.leadId);
      return { maskedEmail: lead?.email ? maskEmail(lead.email) : null };
    },

    async optOut(token, choice) {
      const at = now();
      const found = await verified(token, 'unsubscribe', at);
      if (!found) return false;
      const { send } = found;
      // Ids per send and minute: a mailbox provider repeating its one-click POST changes
      // nothing, while the lead can opt out again later after opting back in.
      const id = `trellis.opt_out.${choice}.${send.id}.${minuteOf(at)}`;
      const event: IncomingEvent =
        choice === 'everything'
          ? { id, leadId: send.leadId, type: 'unsubscribed', at, props: sendProps(send) }
          : // A lead_updated event's props are a lead body and nothing else (the format's rule).
            { id, leadId: send.leadId, type: 'lead_updated', at, props: { consent: { [choice]: 'opted_out' } } };
      // Opting out of email, alone or with everything, is what the send's node counts.
      await record(event, send, choice === 'sms' ? null : 'unsubscribed');
      await applyOptOut(send.leadId);
      return true;
    },
  };
}

function minuteOf(at: Date): number {
  return Math.floor(at.getTime() / 60_000);
}

function hourOf(at: Date): number {
  return Math.floor(at.getTime() / 3_600_000);
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 10);
}

/** `ada.lovelace@example.com` → `a***********@e******.com`: enough to recognise, not to read. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return star(email);
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const maskedDomain = dot <= 0 ? star(domain) : star(domain.slice(0, dot)) + domain.slice(dot);
  return `${star(email.slice(0, at))}@${maskedDomain}`;
}

function star(part: string): string {
  return part.length === 0 ? '' : part[0] + '*'.repeat(Math.max(part.length - 1, 2));
}
