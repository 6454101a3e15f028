import { addCounts, daysOf, emptyCounts, NO_SENDS, splitNodeIds, type DayKind, type ReportCounts, type ReportDay, type SendNodeNumbers } from './journey-report-counts.js';
import { scanReportCounts } from './journey-report-scan.js';
import type { SqlQueryable } from './sql.js';

export type { ReportDay, SendNodeNumbers } from './journey-report-counts.js';

/**
 * The numbers behind a journey's report (`GET /api/journeys/:id/report`): the runs of a
 * version (or all) that entered in a period, what they did and how they ended. Counts only;
 * rates, intervals and p-values are computed from these by the journey package's statistics.
 *
 * Whole UTC days of entering are read from the daily rollups the triggers of migration 055
 * keep (a few rows per day and node, whatever the number of runs); the part of a day at an end
 * of a period that does not start or end at midnight UTC is scanned (journey-report-scan.ts).
 * Time to goal and the treated leads' goals within the holdout window are read exactly from
 * the runs that reached the goal (`runs_goal`, a partial index holding only those).
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


const DAY_MS = 86_400_000;

export async function journeyReportNumbers(db: SqlQueryable, selection: ReportSelection): Promise<JourneyReportNumbers> {
  const { days, edges } = splitPeriod(selection.from, selection.to);
  let counts = days ? await rollupCounts(db, selection, days) : emptyCounts();
  for (const edge of edges) counts = addCounts(counts, await scanReportCounts(db, { ...selection, ...edge }));
  const goals = await goalFigures(db, selection);
  return {
    entered: counts.entered,
    outcomes: counts.outcomes,
    nodes: counts.nodes,
    splits: counts.splits,
    sendNodes: counts.sendNodes,
    series: daysOf(counts.days),
    timeToGoal: goals.timeToGoal,
    holdout: { heldOut: counts.heldOut, heldOutGoal: counts.heldOutGoal, treated: counts.entered - counts.heldOut, treatedGoal: goals.treatedGoal },
  };
}

interface DayRange {
  /** First UTC day included, 'YYYY-MM-DD'; null: unbounded. */
  from: string | null;
  /** First UTC day after the range; null: unbounded. */
  to: string | null;
}

/** The whole UTC days of [from, to) (null when none) and the parts of a day at its ends. */
export function splitPeriod(from: Date | null, to: Date | null): { days: DayRange | null; edges: { from: Date; to: Date }[] } {
  const ceilDay = (at: Date) => new Date(Math.ceil(at.getTime() / DAY_MS) * DAY_MS);
  const floorDay = (at: Date) => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
  const dayOf = (at: Date) => at.toISOString().slice(0, 10);
  const start = from ? ceilDay(from) : null;
  const end = to ? floorDay(to) : null;
  if (start && end && start.getTime() >= end.getTime()) return { days: null, edges: from && to ? [{ from, to }] : [] };
  const edges: { from: Date; to: Date }[] = [];
  if (from && start && start.getTime() > from.getTime()) edges.push({ from, to: start });
  if (to && end && end.getTime() < to.getTime()) edges.push({ from: end, to });
  return { days: { from: start ? dayOf(start) : null, to: end ? dayOf(end) : null }, edges };
}

const ROLLUP_KEY = `journey_id = $1 and ($2::int is null or version = $2) and ($3::date is null or day >= $3::date) and ($4::date is null or day < $4::date)`;

async function rollupCounts(db: SqlQueryable, selection: ReportSelection, range: DayRange): Promise<ReportCounts> {
  const params = [selection.journeyId, selection.version, range.from, range.to];
  const runRows = await db.query<{ day: string; outcome: string; heldOut: boolean; heldOutGoal: boolean; goalDay: string; count: number }>(
    `select to_char(day, 'YYYY-MM-DD') as day, outcome, held_out as "heldOut", held_out_goal as "heldOutGoal",
            to_char(goal_day, 'YYYY-MM-DD') as "goalDay", sum(count)::bigint as count
       from report_runs where ${ROLLUP_KEY} group by day, outcome, held_out, held_out_goal, goal_day`,
    params,
  );
  const nodeRows = await db.query<{ nodeId: string; entered: number; reachedGoal: number }>(
    `select node_id as "nodeId", sum(runs)::bigint as entered, coalesce(sum(runs) filter (where goal), 0)::bigint as "reachedGoal"
       from report_nodes where ${ROLLUP_KEY} group by node_id having sum(runs) <> 0`,
    params,
  );
  const splitRows = await db.query<{ nodeId: string; handle: string; entered: number; goal: number }>(
    `select node_id as "nodeId", handle, sum(steps)::bigint as entered, coalesce(sum(steps) filter (where goal), 0)::bigint as goal
       from report_handles where ${ROLLUP_KEY} and node_id = any($5::text[]) group by node_id, handle having sum(steps) <> 0`,
    [...params, await splitNodeIds(db, selection.journeyId)],
  );
  const sendRows = await db.query<SendNodeNumbers & { nodeId: string; count: number }>(
    `select node_id as "nodeId", sum(count)::bigint as count,
            coalesce(sum(count) filter (where status = 'sent'), 0)::bigint as sent,
            coalesce(sum(count) filter (where status = 'sent' and delivery_state = 'delivered'), 0)::bigint as delivered,
            coalesce(sum(count) filter (where status = 'sent' and opened), 0)::bigint as opened,
            coalesce(sum(count) filter (where status = 'sent' and clicked), 0)::bigint as clicked,
            coalesce(sum(count) filter (where unsubscribed), 0)::bigint as unsubscribed,
            coalesce(sum(count) filter (where status = 'failed' or delivery_state = 'failed'), 0)::bigint as failed,
            coalesce(sum(count) filter (where status = 'suppressed'), 0)::bigint as suppressed,
            coalesce(sum(count) filter (where status = 'capped'), 0)::bigint as capped
       from report_sends where ${ROLLUP_KEY} group by node_id`,
    params,
  );
  const dayRows = await db.query<{ day: string; kind: DayKind; count: number }>(
    `select to_char(sent_day, 'YYYY-MM-DD') as day, 'sent' as kind, sum(count)::bigint as count from report_sent_days where ${ROLLUP_KEY} group by sent_day
     union all
     select to_char(engaged_day, 'YYYY-MM-DD'), kind, sum(count)::bigint from report_engaged_days where ${ROLLUP_KEY} group by engaged_day, kind`,
    params,
  );

  const counts = emptyCounts();
  for (const row of runRows) {
    counts.entered += row.count;
    if (row.heldOut) counts.heldOut += row.count;
    if (row.heldOut && row.heldOutGoal) counts.heldOutGoal += row.count;
    if (row.outcome !== '') counts.outcomes[row.outcome] = (counts.outcomes[row.outcome] ?? 0) + row.count;
    counts.days.push({ day: row.day, kind: 'entered', count: row.count });
    if (row.outcome === 'goal') counts.days.push({ day: row.goalDay, kind: 'goal', count: row.count });
  }
  counts.outcomes = Object.fromEntries(Object.entries(counts.outcomes).filter(([, n]) => n !== 0));
  counts.nodes = Object.fromEntries(nodeRows.map((r) => [r.nodeId, { entered: r.entered, reachedGoal: r.reachedGoal }]));
  for (const row of splitRows) (counts.splits[row.nodeId] ??= {})[row.handle] = { entered: row.entered, goal: row.goal };
  counts.sendNodes = Object.fromEntries(sendRows.filter((r) => r.count !== 0).map(({ nodeId, count: _, ...numbers }) => [nodeId, { ...NO_SENDS, ...numbers }]));
  counts.days.push(...dayRows);
  return counts;
}

/**
 * Exact, from the runs that reached the goal (the partial index `runs_goal`): the median and
 * 90th percentile of the time from entering to the goal (nearest rank), and how many reached it
 * within the holdout window. A run that reached the goal is never a held-out one (those end as
 * `holdout`), so every one counts as treated.
 */
async function goalFigures(db: SqlQueryable, selection: ReportSelection): Promise<{ treatedGoal: number; timeToGoal: JourneyReportNumbers['timeToGoal'] }> {
  const [row] = await db.query<{ treatedGoal: number; median: number | null; p90: number | null }>(
    `select count(*) filter (where ended_at <= entered_at + $5::interval)::bigint as "treatedGoal",
            percentile_disc(0.5) within group (order by extract(epoch from ended_at - entered_at) * 1000) as median,
            percentile_disc(0.9) within group (order by extract(epoch from ended_at - entered_at) * 1000) as p90
       from runs
      where journey_id = $1 and outcome = 'goal' and ($2::int is null or version = $2)
        and ($3::timestamptz is null or entered_at >= $3) and ($4::timestamptz is null or entered_at < $4)`,
    [selection.journeyId, selection.version, selection.from, selection.to, selection.holdoutWindow],
  );
  return {
    treatedGoal: row!.treatedGoal,
    timeToGoal: row!.median === null || row!.p90 === null ? null : { median: Number(row!.median), p90: Number(row!.p90) },
  };
}
