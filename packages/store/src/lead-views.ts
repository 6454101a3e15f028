import { LEAD_CARD_COLUMN, type LeadCard } from './lead-card.js';
import type { SqlQueryable } from './sql.js';

/**
 * Read-side views of leads for the API: a lead's journeys, its timeline, the leads at a node,
 * and the sales queue. Plain reads; the engine writes everything they show.
 */

export interface LeadJourney {
  journeyId: string;
  version: number;
  nodeId: string;
  status: 'active' | 'done';
  outcome?: string;
  /** Why the run ended, where the outcome alone does not say: the loop an `error` was stopped in. */
  reason?: string;
  enteredAt: Date;
  endedAt: Date | null;
}

export async function leadJourneys(db: SqlQueryable, leadId: string): Promise<LeadJourney[]> {
  const rows = await db.query<LeadJourney & { outcome: string | null; reason: string | null }>(
    `select journey_id as "journeyId", version, node_id as "nodeId", status, outcome, state->>'reason' as reason,
            entered_at as "enteredAt", ended_at as "endedAt"
       from runs where lead_id = $1 order by entered_at, id`,
    [leadId],
  );
  return rows.map(({ outcome, reason, ...row }) => ({
    ...row,
    ...(outcome === null ? {} : { outcome }),
    ...(reason === null ? {} : { reason }),
  }));
}

/** A published version one of a lead's runs is on, with its journey's current name. */
export interface LeadJourneyVersion {
  journeyId: string;
  version: number;
  journeyName: string;
  document: unknown;
}

/**
 * The published versions a lead's runs are on, each read once: what the lead's views need to
 * name its journeys and steps without a read per item.
 */
export function leadJourneyVersions(db: SqlQueryable, leadId: string): Promise<LeadJourneyVersion[]> {
  return db.query<LeadJourneyVersion>(
    `select v.journey_id as "journeyId", v.version, j.name as "journeyName", v.document
       from journey_versions v join journeys j on j.id = v.journey_id
      where (v.journey_id, v.version) in (select journey_id, version from runs where lead_id = $1)
      order by v.journey_id, v.version`,
    [leadId],
  );
}

/**
 * `version` on the items of a journey is the version of the run they belong to (for a score
 * change, which names no run: the lead's latest run of that journey begun by then), so the
 * step can be named as that version drew it; null when no run is known.
 */
export type TimelineItem =
  | { kind: 'event'; at: Date; id: string; type: string; props: Record<string, unknown> }
  | {
      kind: 'step';
      at: Date;
      journeyId: string;
      version: number | null;
      runId: string;
      nodeId: string;
      handle: string | null;
      /** On the last step of a run the engine stopped (outcome `error`): why, in words. */
      reason?: string;
    }
  | {
      kind: 'send';
      at: Date;
      id: string;
      journeyId: string;
      version: number | null;
      nodeId: string;
      channel: string;
      template: string;
      /** The template's name, while the template exists. */
      templateName: string | null;
      /** The decision (`sent`, `suppressed`, `capped`), or `failed` once delivery gave it up. */
      status: string;
      /** Why delivery failed, on a `failed` send. */
      reason?: string;
    }
  | { kind: 'score'; at: Date; from: number; to: number; journeyId: string | null; version: number | null; nodeId: string | null }
  | { kind: 'note'; at: Date; id: string; author: string | null; body: string; handoffId: string | null }
  /** Sales answered a handoff (accepted, recycled or disqualified). */
  | {
      kind: 'answer';
      at: Date;
      handoffId: string;
      journeyId: string;
      version: number | null;
      nodeId: string;
      answer: string;
      by: string | null;
      returnAt: Date | null;
    };

/** Everything that happened to a lead, oldest first; `limit` keeps the newest that many. */
export async function leadTimeline(db: SqlQueryable, leadId: string, limit = 1_000): Promise<TimelineItem[]> {
  const events = await db.query<{ id: string; type: string; at: Date; props: Record<string, unknown> }>(
    `select id, type, at, props from events where lead_id = $1 order by at desc, seq desc limit $2`,
    [leadId, limit],
  );
  const steps = await db.query<{
    at: Date;
    journeyId: string;
    version: number;
    runId: string;
    nodeId: string;
    handle: string | null;
    reason: string | null;
  }>(
    // The run's state keeps its step count (the next seq): its reason belongs to the last step.
    `select s.at, r.journey_id as "journeyId", r.version, s.run_id as "runId", s.node_id as "nodeId", s.handle,
            case when s.seq = (r.state->>'stepCount')::int - 1 then r.state->>'reason' end as reason
       from steps s join runs r on r.lead_id = s.lead_id and r.id = s.run_id
      where s.lead_id = $1 order by s.at desc, r.entered_at desc, s.run_id desc, s.seq desc limit $2`,
    [leadId, limit],
  );
  const sends = await db.query<{
    id: string;
    at: Date;
    runId: string;
    journeyId: string;
    nodeId: string;
    channel: string;
    template: string;
    templateName: string | null;
    status: string;
    reason: string | null;
  }>(
    // A send delivery gave up on is `failed` (markSendFailed), and says why.
    `select s.id, s.at, s.run_id as "runId", s.journey_id as "journeyId", s.node_id as "nodeId", s.channel, s.template,
            t.name as "templateName", s.status, case when s.status = 'failed' then s.last_error end as reason
       from sends s left join templates t on t.id = s.template
      where s.lead_id = $1 order by s.at desc limit $2`,
    [leadId, limit],
  );
  const notes = await db.query<{ id: string; at: Date; author: string | null; body: string; handoffId: string | null }>(
    `select id, at, author, body, handoff_id as "handoffId" from lead_notes where lead_id = $1 order by at desc limit $2`,
    [leadId, limit],
  );
  const answers = await db.query<{
    at: Date;
    handoffId: string;
    runId: string;
    journeyId: string;
    nodeId: string;
    answer: string;
    by: string | null;
    returnAt: Date | null;
  }>(
    `select answered_at as at, id as "handoffId", run_id as "runId", journey_id as "journeyId", node_id as "nodeId", status as answer,
            answered_by as by, return_at as "returnAt"
       from handoffs where lead_id = $1 and status in ('accepted', 'recycled', 'disqualified') and answered_at is not null
      order by answered_at desc limit $2`,
    [leadId, limit],
  );
  const runs = await db.query<{ id: string; journeyId: string; version: number; enteredAt: Date }>(
    `select id, journey_id as "journeyId", version, entered_at as "enteredAt" from runs where lead_id = $1 order by entered_at, id`,
    [leadId],
  );
  const versionOfRun = new Map(runs.map((r) => [r.id, r.version]));
  const runVersion = (runId: string) => versionOfRun.get(runId) ?? null;
  const latestVersionBy = (journeyId: string | null, at: Date) =>
    runs.findLast((r) => r.journeyId === journeyId && r.enteredAt.getTime() <= at.getTime())?.version ?? null;
  const items: TimelineItem[] = [];
  // Read newest first (to keep the newest `limit`), merged oldest first: reverse, so that ties
  // keep arrival order, and a run's steps at one instant stay together (a lead entering two
  // journeys with one event reads as one journey's steps, then the other's).
  events.reverse();
  steps.reverse();
  for (const e of events) {
    if (e.type === 'score_changed') {
      const props = e.props ?? {};
      const journeyId = typeof props.journeyId === 'string' ? props.journeyId : null;
      items.push({
        kind: 'score',
        at: e.at,
        from: Number(props.from),
        to: Number(props.to),
        journeyId,
        version: latestVersionBy(journeyId, e.at),
        nodeId: typeof props.nodeId === 'string' ? props.nodeId : null,
      });
    } else {
      items.push({ kind: 'event', at: e.at, id: e.id, type: e.type, props: e.props ?? {} });
    }
  }
  for (const { reason, ...s } of steps) items.push(reason === null ? { kind: 'step', ...s } : { kind: 'step', ...s, reason });
  for (const { runId, reason, ...s } of sends) items.push({ kind: 'send', ...s, version: runVersion(runId), ...(reason ? { reason } : {}) });
  for (const n of notes) items.push({ kind: 'note', ...n });
  for (const { runId, ...a } of answers) items.push({ kind: 'answer', ...a, version: runVersion(runId) });
  // Stable: at the same instant events come before the steps they caused, then sends, then
  // sales' answers with their notes.
  const order = { event: 0, score: 1, step: 2, send: 3, answer: 4, note: 5 } as const;
  items.sort((a, b) => a.at.getTime() - b.at.getTime() || order[a.kind] - order[b.kind]);
  return items.slice(-limit);
}

export interface HandoffRecord {
  id: string;
  leadId: string;
  journeyId: string;
  nodeId: string;
  queue: string | null;
  assignee: string | null;
  dueAt: Date | null;
  status: string;
  note: string | null;
  createdAt: Date;
  answeredAt: Date | null;
  /** Who answered (the token's name). */
  answeredBy: string | null;
  /** A recycle's "bring the lead back on": its next handoff opens no earlier. */
  returnAt: Date | null;
  /** Who the lead is, for the card. */
  lead: LeadCard;
}

/** A handoff `h` joined with its lead `l`. */
const HANDOFF_COLUMNS = `h.id, h.lead_id as "leadId", h.journey_id as "journeyId", h.node_id as "nodeId", h.queue, h.assignee,
  h.due_at as "dueAt", h.status, h.note, h.created_at as "createdAt", h.answered_at as "answeredAt",
  h.answered_by as "answeredBy", h.return_at as "returnAt", ${LEAD_CARD_COLUMN}`;
const HANDOFFS_WITH_LEAD = `handoffs h join leads l on l.id = h.lead_id`;

export function listHandoffs(
  db: SqlQueryable,
  filter: { status?: string; queue?: string; assignee?: string; limit?: number },
): Promise<HandoffRecord[]> {
  return db.query<HandoffRecord>(
    `select ${HANDOFF_COLUMNS} from ${HANDOFFS_WITH_LEAD}
      where ($1::text is null or h.status = $1) and ($2::text is null or h.queue = $2) and ($3::text is null or h.assignee = $3)
      order by h.due_at nulls last, h.created_at limit $4`,
    [filter.status ?? null, filter.queue ?? null, filter.assignee ?? null, filter.limit ?? 500],
  );
}

/**
 * Recycled leads sales will see again: the recycle's return date is still ahead and the lead is
 * still in that journey, soonest return first.
 */
export function returningHandoffs(db: SqlQueryable, filter: { now: Date; queue?: string; limit?: number }): Promise<HandoffRecord[]> {
  return db.query<HandoffRecord>(
    `select ${HANDOFF_COLUMNS} from ${HANDOFFS_WITH_LEAD}
      where h.status = 'recycled' and h.return_at > $1 and ($2::text is null or h.queue = $2)
        and exists (select 1 from runs r where r.lead_id = h.lead_id and r.id = h.run_id and r.status = 'active')
      order by h.return_at, h.lead_id limit $3`,
    [filter.now, filter.queue ?? null, filter.limit ?? 500],
  );
}

export async function getHandoff(db: SqlQueryable, id: string): Promise<HandoffRecord | null> {
  const [row] = await db.query<HandoffRecord>(`select ${HANDOFF_COLUMNS} from ${HANDOFFS_WITH_LEAD} where h.id = $1`, [id]);
  return row ?? null;
}

/** Sales queues and their members, for round-robin handoffs. */
export async function setQueueMembers(db: SqlQueryable, name: string, members: readonly string[]): Promise<void> {
  await db.query(
    `insert into queues (name, members) values ($1, $2::text[])
     on conflict (name) do update set members = excluded.members, updated_at = now()`,
    [name, [...members]],
  );
}

export function listQueues(db: SqlQueryable): Promise<{ name: string; members: string[] }[]> {
  return db.query(`select name, members from queues order by name`);
}
