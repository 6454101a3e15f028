import { daysOf, splitNodeIds, type DayKind, type ReportCounts, type SendNodeNumbers } from './journey-report-counts.js';
import type { JourneyReportNumbers, ReportSelection } from './journey-report.js';
import type { SqlQueryable } from './sql.js';

/**
 * The report's numbers read straight from `runs`, `steps`, `sends` and events: a scan of the
 * journey's runs entered in the period. journeyReportNumbers uses it only for the part of a day
 * at either end of a period that does not start or end at midnight UTC (a few hours of runs,
 * found by `runs_entered`); the rollups answer whole days. It is also the reference the
 * rollups are tested against (journey-report-rollups.test.ts).
 */

const SELECTED = `sel as (
  select lead_id, id, outcome, entered_at, ended_at, (state->>'heldOut') = 'true' as held_out, state ? 'goalAt' as held_out_goal
    from runs
   where journey_id = $1 and ($2::int is null or version = $2)
     and ($3::timestamptz is null or entered_at >= $3) and ($4::timestamptz is null or entered_at < $4))`;
// Opens and clicks by the rule in docs/spec-readings.md ("Opens and clicks of a send"), one
// function shared with the rollups' triggers: the events of the selected leads, each with the send it opens or clicks.
const ENGAGED = `engaged as (
  select distinct e.lead_id, report_engaged_send(e.lead_id, e.props, e.at) as send_id,
         case e.type when 'email_opened' then 'opened' else 'clicked' end as kind, report_day(e.at) as day
    from events e
   where e.type in ('email_opened', 'email_clicked') and e.lead_id in (select lead_id from sel))`;
const DAY = (column: string): string => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD')`;

export async function scanReportCounts(db: SqlQueryable, selection: ReportSelection): Promise<ReportCounts> {
  const params = [selection.journeyId, selection.version, selection.from, selection.to];
  const [totals] = await db.query<{ entered: number; heldOut: number; heldOutGoal: number }>(
    `with ${SELECTED}
     select count(*)::bigint as entered, count(*) filter (where held_out)::bigint as "heldOut",
            count(*) filter (where held_out and held_out_goal)::bigint as "heldOutGoal"
       from sel`,
    params,
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
  // Only a sent send can be opened or clicked (one suppressed, capped or failed never left).
  const sendRows = await db.query<SendNodeNumbers & { nodeId: string }>(
    `with ${SELECTED}, ${ENGAGED}
     select s.node_id as "nodeId",
            count(*) filter (where s.status = 'sent')::bigint as sent,
            count(*) filter (where s.status = 'sent' and s.delivery_state = 'delivered')::bigint as delivered,
            count(*) filter (where s.status = 'sent' and exists (select 1 from engaged g where g.lead_id = s.lead_id and g.send_id = s.id and g.kind = 'opened'))::bigint as opened,
            count(*) filter (where s.status = 'sent' and exists (select 1 from engaged g where g.lead_id = s.lead_id and g.send_id = s.id and g.kind = 'clicked'))::bigint as clicked,
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
  const dayRows = await db.query<{ day: string; kind: DayKind; count: number }>(
    `with ${SELECTED}, ${ENGAGED},
     sel_sends as (select s.lead_id, s.id, s.at from sel r join sends s on s.lead_id = r.lead_id and s.run_id = r.id where s.status = 'sent')
     select ${DAY('entered_at')} as day, 'entered' as kind, count(*)::bigint as count from sel group by 1
     union all
     select ${DAY('ended_at')}, 'goal', count(*)::bigint from sel where outcome = 'goal' group by 1
     union all
     select ${DAY('at')}, 'sent', count(*)::bigint from sel_sends group by 1
     union all
     select to_char(g.day, 'YYYY-MM-DD'), g.kind, count(*)::bigint
       from sel_sends ss join engaged g on g.lead_id = ss.lead_id and g.send_id = ss.id
      group by 1, 2`,
    params,
  );

  const splits: ReportCounts['splits'] = {};
  for (const row of splitRows) (splits[row.nodeId] ??= {})[row.handle] = { entered: row.entered, goal: row.goal };
  return {
    entered: totals!.entered,
    heldOut: totals!.heldOut,
    heldOutGoal: totals!.heldOutGoal,
    outcomes: Object.fromEntries(outcomeRows.map((r) => [r.outcome, r.count])),
    nodes: Object.fromEntries(nodeRows.map((r) => [r.nodeId, { entered: r.entered, reachedGoal: r.reachedGoal }])),
    splits,
    sendNodes: Object.fromEntries(sendRows.map(({ nodeId, ...numbers }) => [nodeId, numbers])),
    days: dayRows,
  };
}

/** The whole report by scanning: the reference the rollups answer the same as. */
export async function scanJourneyReportNumbers(db: SqlQueryable, selection: ReportSelection): Promise<JourneyReportNumbers> {
  const counts = await scanReportCounts(db, selection);
  const [t] = await db.query<{ treatedGoal: number; median: number | null; p90: number | null }>(
    `with ${SELECTED}
     select count(*) filter (where not coalesce(held_out, false) and outcome = 'goal' and ended_at <= entered_at + $5::interval)::bigint as "treatedGoal",
            percentile_disc(0.5) within group (order by extract(epoch from ended_at - entered_at) * 1000) filter (where outcome = 'goal') as median,
            percentile_disc(0.9) within group (order by extract(epoch from ended_at - entered_at) * 1000) filter (where outcome = 'goal') as p90
       from sel`,
    [selection.journeyId, selection.version, selection.from, selection.to, selection.holdoutWindow],
  );
  return {
    entered: counts.entered,
    outcomes: counts.outcomes,
    nodes: counts.nodes,
    splits: counts.splits,
    sendNodes: counts.sendNodes,
    series: daysOf(counts.days),
    timeToGoal: t!.median === null || t!.p90 === null ? null : { median: Number(t!.median), p90: Number(t!.p90) },
    holdout: { heldOut: counts.heldOut, heldOutGoal: counts.heldOutGoal, treated: counts.entered - counts.heldOut, treatedGoal: t!.treatedGoal },
  };
}
