import type { SqlQueryable } from './sql.js';

/**
 * Counters of what leads did with what they were sent (see 012_send_engagement.sql). Tracking
 * calls these in the transaction that records the `email_opened`/`email_clicked`/
 * `unsubscribed` event, and only for an event that was new, so a resent event counts once.
 */

/** The send a tracking link points at, as much as tracking needs of it. */
export interface TrackedSend {
  leadId: string;
  id: string;
  journeyId: string;
  nodeId: string;
  channel: string;
  deliveredAt: Date | null;
}

export type EngagementKind = 'opened' | 'clicked' | 'unsubscribed';

export interface SendEngagement {
  opens: number;
  clicks: number;
  unsubscribes: number;
}

export interface NodeSendStats {
  sent: number;
  opened: number;
  clicked: number;
  unsubscribed: number;
}

export async function getTrackedSend(db: SqlQueryable, leadId: string, sendId: string): Promise<TrackedSend | null> {
  const [send] = await db.query<TrackedSend>(
    `select lead_id as "leadId", id, journey_id as "journeyId", node_id as "nodeId", channel, delivered_at as "deliveredAt"
       from sends where lead_id = $1 and id = $2`,
    [leadId, sendId],
  );
  return send ?? null;
}

const COUNTER_OF: Record<EngagementKind, { perSend: keyof SendEngagement; perNode: keyof NodeSendStats }> = {
  opened: { perSend: 'opens', perNode: 'opened' },
  clicked: { perSend: 'clicks', perNode: 'clicked' },
  unsubscribed: { perSend: 'unsubscribes', perNode: 'unsubscribed' },
};

/**
 * Counts one open, click or unsubscribe of `send`; the first of its kind for the send also
 * counts for the send's node. The upsert holds the row's lock, so of two concurrent first
 * opens exactly one sees the count reach 1.
 */
export async function countEngagement(db: SqlQueryable, send: Pick<TrackedSend, 'leadId' | 'id' | 'journeyId' | 'nodeId'>, kind: EngagementKind): Promise<void> {
  const { perSend, perNode } = COUNTER_OF[kind];
  const [row] = await db.query<{ count: number }>(
    `insert into send_engagement (lead_id, send_id, ${perSend}) values ($1, $2, 1)
     on conflict (lead_id, send_id) do update set ${perSend} = send_engagement.${perSend} + 1
     returning ${perSend} as count`,
    [send.leadId, send.id],
  );
  if (row!.count === 1) await bumpNodeStat(db, send, perNode);
}

/** Counts a delivered send for its node (`sent`), in the transaction that marks it delivered. */
export function countSendDelivered(db: SqlQueryable, send: { journeyId: string; nodeId: string }): Promise<void> {
  return bumpNodeStat(db, send, 'sent');
}

async function bumpNodeStat(db: SqlQueryable, send: { journeyId: string; nodeId: string }, column: keyof NodeSendStats): Promise<void> {
  await db.query(
    `insert into send_stats (journey_id, node_id, ${column}) values ($1, $2, 1)
     on conflict (journey_id, node_id) do update set ${column} = send_stats.${column} + 1`,
    [send.journeyId, send.nodeId],
  );
}

/** Per send node of the journey (only nodes that have sent or been engaged with). */
export async function sendStatsOfJourney(db: SqlQueryable, journeyId: string): Promise<Record<string, NodeSendStats>> {
  const rows = await db.query<NodeSendStats & { nodeId: string }>(
    `select node_id as "nodeId", sent, opened, clicked, unsubscribed from send_stats where journey_id = $1 order by node_id`,
    [journeyId],
  );
  return Object.fromEntries(rows.map(({ nodeId, ...counts }) => [nodeId, counts]));
}

/** A send's counters; zeros when nothing happened to it yet. */
export async function engagementOfSend(db: SqlQueryable, leadId: string, sendId: string): Promise<SendEngagement> {
  const [row] = await db.query<SendEngagement>(
    `select opens, clicks, unsubscribes from send_engagement where lead_id = $1 and send_id = $2`,
    [leadId, sendId],
  );
  return row ?? { opens: 0, clicks: 0, unsubscribes: 0 };
}
