import type { SqlQueryable } from './sql.js';

/**
 * The additive part of a journey's report numbers: what the rollups answer for whole UTC days
 * and the scan for the runs of a part of a day, added together (journey-report.ts).
 */

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

export type DayKind = keyof Omit<ReportDay, 'day'>;

export interface ReportCounts {
  entered: number;
  heldOut: number;
  heldOutGoal: number;
  outcomes: Record<string, number>;
  nodes: Record<string, { entered: number; reachedGoal: number }>;
  splits: Record<string, Record<string, { entered: number; goal: number }>>;
  sendNodes: Record<string, SendNodeNumbers>;
  days: { day: string; kind: DayKind; count: number }[];
}

export function emptyCounts(): ReportCounts {
  return { entered: 0, heldOut: 0, heldOutGoal: 0, outcomes: {}, nodes: {}, splits: {}, sendNodes: {}, days: [] };
}

export const NO_SENDS: SendNodeNumbers = { sent: 0, delivered: 0, opened: 0, clicked: 0, unsubscribed: 0, failed: 0, suppressed: 0, capped: 0 };

/** `a` plus `b`, leaving both as they were. */
export function addCounts(a: ReportCounts, b: ReportCounts): ReportCounts {
  const sum = (x: Record<string, number>, y: Record<string, number>) => {
    const out = { ...x };
    for (const [k, v] of Object.entries(y)) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  const sumEach = <T extends Record<string, number>>(x: Record<string, T>, y: Record<string, T>): Record<string, T> => {
    const out: Record<string, T> = { ...x };
    for (const [k, v] of Object.entries(y)) out[k] = (out[k] ? sum(out[k], v) : { ...v }) as T;
    return out;
  };
  const splits = { ...a.splits };
  for (const [node, variants] of Object.entries(b.splits)) splits[node] = sumEach(splits[node] ?? {}, variants);
  return {
    entered: a.entered + b.entered,
    heldOut: a.heldOut + b.heldOut,
    heldOutGoal: a.heldOutGoal + b.heldOutGoal,
    outcomes: sum(a.outcomes, b.outcomes),
    nodes: sumEach(a.nodes, b.nodes),
    splits,
    sendNodes: sumEach(a.sendNodes as Record<string, SendNodeNumbers & Record<string, number>>, b.sendNodes as Record<string, SendNodeNumbers & Record<string, number>>),
    days: [...a.days, ...b.days],
  };
}

/** Split node ids across the journey's published versions (a split's steps are the only ones whose handle is a variant). */
export async function splitNodeIds(db: SqlQueryable, journeyId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `select distinct n->>'id' as id from journey_versions v, jsonb_array_elements(v.document->'nodes') n
      where v.journey_id = $1 and n->>'type' = 'split'`,
    [journeyId],
  );
  return rows.map((r) => r.id);
}

/** One row per day from the first to the last day with anything, days without activity as zeros. */
export function daysOf(rows: readonly { day: string; kind: DayKind; count: number }[]): ReportDay[] {
  const byDay = new Map<string, ReportDay>();
  for (const row of rows) {
    if (row.count === 0) continue;
    const day = byDay.get(row.day) ?? { day: row.day, entered: 0, sent: 0, opened: 0, clicked: 0, goal: 0 };
    day[row.kind] += row.count;
    byDay.set(row.day, day);
  }
  if (byDay.size === 0) return [];
  const days = [...byDay.keys()].sort();
  const out: ReportDay[] = [];
  for (let at = Date.parse(`${days[0]}T00:00:00Z`), last = Date.parse(`${days[days.length - 1]}T00:00:00Z`); at <= last; at += 86_400_000) {
    const day = new Date(at).toISOString().slice(0, 10);
    out.push(byDay.get(day) ?? { day, entered: 0, sent: 0, opened: 0, clicked: 0, goal: 0 });
  }
  return out;
}
