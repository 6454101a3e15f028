import type { SqlQueryable } from './sql.js';

/**
 * The numbers behind a journey's report (`GET /api/journeys/:id/report`): the runs of a
 * version (or all) that entered in a period, what they did and how they ended. Counts only;
 * rates, intervals and p-values are computed from these by the journey package's statistics.
 *
 * These read `runs`, `steps`, `sends` and engagement for the selected runs (a scan of the
 * journey's runs in the period, by `runs_at_node`'s journey prefix where the planner likes it):
 * fine for the thousands of leads a period holds; issue 16's million-run target needs rollups
 * kept by the engine, not done here (docs/spec-readings.md).
 */

export interface ReportSelection {
  journeyId: string;
  /** Null: every version. */
  version: number | null;
  /** Runs that entered at or after `from` and before `to` (null: unbounded). */
  from: Date | null;
  to: Date | null;
  /** The holdout's goal window (ISO 8601 duration, e.g. P30D): treated leads count as reaching the goal within it. */
  holdoutWindow: string;
}

export interface SendNodeNumbers {
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  unsubscribed: number;
  failed: number;
  suppressed: number;
  capped: number;
}

export interface ReportDay {
  day: string;
  entered: number;
  sent: number;
  opened: number;
  clicked: number;
  goal: number;
}

export interface JourneyReportNumbers {
  entered: number;
  outcomes: Record<string, number>;
  nodes: Record<string, { entered: number; reachedGoal: number }>;
  /** Per split node and variant: runs that left by it, and of those how many reached the goal. */
  splits: Record<string, Record<string, { entered: number; goal: number }>>;
  sendNodes: Record<string, SendNodeNumbers>;
  series: ReportDay[];
  /** Milliseconds from entering to the goal, of runs that reached it; null when none did. */
  timeToGoal: { median: number; p90: number } | null;
  holdout: { heldOut: number; heldOutGoal: number; treated: number; treatedGoal: number };
}

const SELECTED = `sel as (
  select lead_id, id, outcome, entered_at, ended_at, (state->>'heldOut') = 'true' as held_out, state ? 'goalAt' as held_out_goal
    from runs
   where journey_id = $1 and ($2::int is null or version = $2)
     and ($3::timestamptz is null or entered_at >= $3) and ($4::timestamptz is null or entered_at < $4))`;
const DAY = (column: string): string => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD')`;

export async function journeyReportNumbers(db: SqlQueryable, selection: ReportSelection): Promise<JourneyReportNumbers> {
  const params = [selection.journeyId, selection.version, selection.from, selection.to];

  const [totals] = await db.query<{ entered: number; heldOut: number; heldOutGoal: number; treatedGoal: number; median: number | null; p90: number | null }>(
    `with ${SELECTED}
     select count(*)::bigint as entered,
            count(*) filter (where held_out)::bigint as "heldOut",
            count(*) filter (where held_out and held_out_goal)::bigint as "heldOutGoal",
            count(*) filter (where not coalesce(held_out, false) and outcome = 'goal' and ended_at <= entered_at + $5::interval)::bigint as "treatedGoal",
            percentile_disc(0.5) within group (order by extract(epoch from ended_at - entered_at) * 1000) filter (where outcome = 'goal') as median,
            percentile_disc(0.9) within group (order by extract(epoch from ended_at - entered_at) * 1000) filter (where outcome = 'goal') as p90
       from sel`,
    [...params, selection.holdoutWindow],
  );
  const outcomeRows = await db.query<{ outcome: string; count: number }>(
    `with ${SELECTED} select outcome, count(*)::bigint as count from sel where outcome is not null group by outcome order by outcome`,
    params,
  );
  const nodeRows = await db.query<{ nodeId: string; entered: number; reachedGoal: number }>(
    `with ${SELECTED}
     select s.node_id as "nodeId", count(distinct (s.lead_id, s.run_id))::bigint as entered,
            count(distinct (s.lead_id, s.run_id)) filter (where r.outcome = 'goal')::bigint as "reachedGoal"
       from sel r join steps s on s.lead_id = r.lead_id and s.run_id = r.id
      group by s.node_id`,
    params,
  );
  // A split step's handle is the variant taken (a split is left at the instant it is entered).
  const splitRows = await db.query<{ nodeId: string; handle: string; entered: number; goal: number }>(
    `with ${SELECTED}
     select s.node_id as "nodeId", s.handle, count(*)::bigint as entered, count(*) filter (where r.outcome = 'goal')::bigint as goal
       from sel r join steps s on s.lead_id = r.lead_id and s.run_id = r.id
      where s.handle is not null and s.node_id = any($5::text[])
      group by s.node_id, s.handle`,
    [...params, await splitNodeIds(db, selection.journeyId)],
  );
  const sendRows = await db.query<SendNodeNumbers & { nodeId: string }>(
    `with ${SELECTED}
     select s.node_id as "nodeId",
            count(*) filter (where s.status = 'sent')::bigint as sent,
            count(*) filter (where s.status = 'sent' and s.delivery_state = 'delivered')::bigint as delivered,
            count(*) filter (where coalesce(e.opens, 0) > 0)::bigint as opened,
            count(*) filter (where coalesce(e.clicks, 0) > 0)::bigint as clicked,
            count(*) filter (where coalesce(e.unsubscribes, 0) > 0)::bigint as unsubscribed,
            count(*) filter (where s.status = 'failed' or s.delivery_state = 'failed')::bigint as failed,
            count(*) filter (where s.status = 'suppressed')::bigint as suppressed,
            count(*) filter (where s.status = 'capped')::bigint as capped
       from sel r
       join sends s on s.lead_id = r.lead_id and s.run_id = r.id
       left join send_engagement e on e.lead_id = s.lead_id and e.send_id = s.id
      group by s.node_id`,
    params,
  );
  const dayRows = await db.query<{ day: string; kind: keyof Omit<ReportDay, 'day'>; count: number }>(
    `with ${SELECTED},
     sel_sends as (select s.lead_id, s.id, s.at from sel r join sends s on s.lead_id = r.lead_id and s.run_id = r.id where s.status = 'sent')
     select ${DAY('entered_at')} as day, 'entered' as kind, count(*)::bigint as count from sel group by 1
     union all
     select ${DAY('ended_at')}, 'goal', count(*)::bigint from sel where outcome = 'goal' group by 1
     union all
     select ${DAY('at')}, 'sent', count(*)::bigint from sel_sends group by 1
     union all
     select ${DAY('e.at')}, case e.type when 'email_opened' then 'opened' else 'clicked' end,
            count(distinct (ss.lead_id, ss.id))::bigint
       from sel_sends ss join events e on e.lead_id = ss.lead_id and e.props->>'sendId' = ss.id
      where e.type in ('email_opened', 'email_clicked')
      group by 1, 2`,
    params,
  );

  const splits: JourneyReportNumbers['splits'] = {};
  for (const row of splitRows) (splits[row.nodeId] ??= {})[row.handle] = { entered: row.entered, goal: row.goal };
  const t = totals!;
  return {
    entered: t.entered,
    outcomes: Object.fromEntries(outcomeRows.map((r) => [r.outcome, r.count])),
    nodes: Object.fromEntries(nodeRows.map((r) => [r.nodeId, { entered: r.entered, reachedGoal: r.reachedGoal }])),
    splits,
    sendNodes: Object.fromEntries(sendRows.map(({ nodeId, ...numbers }) => [nodeId, numbers])),
    series: daysOf(dayRows),
    timeToGoal: t.median === null || t.p90 === null ? null : { median: Number(t.median), p90: Number(t.p90) },
    holdout: { heldOut: t.heldOut, heldOutGoal: t.heldOutGoal, treated: t.entered - t.heldOut, treatedGoal: t.treatedGoal },
  };
}

/** Split node ids across the journey's published versions (a split's steps are the only ones whose handle is a variant). */
async function splitNodeIds(db: SqlQueryable, journeyId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `select distinct n->>'id' as id from journey_versions v, jsonb_array_elements(v.document->'nodes') n
      where v.journey_id = $1 and n->>'type' = 'split'`,
    [journeyId],
  );
  return rows.map((r) => r.id);
}

/** One row per day from the first to the last day with anything, days without activity as zeros. */
function daysOf(rows: readonly { day: string; kind: keyof Omit<ReportDay, 'day'>; count: number }[]): ReportDay[] {
  if (rows.length === 0) return [];
  const byDay = new Map<string, ReportDay>();
  for (const row of rows) {
    const day = byDay.get(row.day) ?? { day: row.day, entered: 0, sent: 0, opened: 0, clicked: 0, goal: 0 };
    day[row.kind] += row.count;
    byDay.set(row.day, day);
  }
  const days = [...byDay.keys()].sort();
  const out: ReportDay[] = [];
  for (let at = Date.parse(`${days[0]}T00:00:00Z`), last = Date.parse(`${days[days.length - 1]}T00:00:00Z`); at <= last; at += 86_400_000) {
    const day = new Date(at).toISOString().slice(0, 10);
    out.push(byDay.get(day) ?? { day, entered: 0, sent: 0, opened: 0, clicked: 0, goal: 0 });
  }
  return out;
}
