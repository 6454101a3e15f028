import type { SqlQueryable } from './sql.js';

/**
 * Split experiments (050_experiments.sql): the leads that passed a split, for the engine to
 * decide on, and the decisions it records. What to decide is the journey package's rule
 * (`decideExperiment`); these only read and write rows.
 */

export interface ExperimentDecisionRow {
  journeyId: string;
  version: number;
  nodeId: string;
  decidedAt: Date;
  winner: string | null;
  pValue: number | null;
  variants: Record<string, { entered: number; goal: number; rate: number; ci95: [number, number] }>;
}

/** Records a decision once: a second one for the same version and split changes nothing; true when this one was kept. */
export async function recordExperimentDecision(db: SqlQueryable, decision: ExperimentDecisionRow): Promise<boolean> {
  const rows = await db.query(
    `insert into experiment_decisions (journey_id, version, node_id, decided_at, winner, p_value, variants)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (journey_id, version, node_id) do nothing
     returning node_id`,
    [decision.journeyId, decision.version, decision.nodeId, decision.decidedAt, decision.winner, decision.pValue, decision.variants],
  );
  return rows.length === 1;
}

/** Every decision, or one journey's; oldest first. */
export function experimentDecisions(db: SqlQueryable, journeyId?: string): Promise<ExperimentDecisionRow[]> {
  return db.query<ExperimentDecisionRow>(
    `select journey_id as "journeyId", version, node_id as "nodeId", decided_at as "decidedAt", winner,
            p_value as "pValue", variants
       from experiment_decisions
      where $1::text is null or journey_id = $1
      order by decided_at, journey_id, version, node_id`,
    [journeyId ?? null],
  );
}

/** When each published version of a journey was published. */
export function versionPublishedAt(db: SqlQueryable, journeyId: string, version: number): Promise<Date | null> {
  return db
    .query<{ at: Date }>(`select published_at as at from journey_versions where journey_id = $1 and version = $2`, [journeyId, version])
    .then((rows) => rows[0]?.at ?? null);
}

export interface SplitPassRow {
  leadId: string;
  runId: string;
  handle: string;
  enteredAt: Date;
  /** When the run ended with outcome `goal`, or null. */
  goalAt: Date | null;
}

/** Every pass of a version's leads through a split node before `before`, with the variant taken. */
export function splitPasses(db: SqlQueryable, journeyId: string, version: number, nodeId: string, before: Date): Promise<SplitPassRow[]> {
  return db.query<SplitPassRow>(
    `select s.lead_id as "leadId", s.run_id as "runId", s.handle, s.at as "enteredAt",
            case when r.outcome = 'goal' then r.ended_at end as "goalAt"
       from runs r
       join steps s on s.lead_id = r.lead_id and s.run_id = r.id
      where r.journey_id = $1 and r.version = $2 and s.node_id = $3 and s.handle is not null and s.at < $4`,
    [journeyId, version, nodeId, before],
  );
}

export interface LeadEventRow {
  leadId: string;
  at: Date;
  props: Record<string, unknown>;
}

/** Events of one type of the given leads at or after `since` and before `before` (an event metric's candidates). */
export function leadEventsOfType(db: SqlQueryable, leadIds: readonly string[], type: string, since: Date, before: Date): Promise<LeadEventRow[]> {
  if (leadIds.length === 0) return Promise.resolve([]);
  return db.query<LeadEventRow>(
    `select lead_id as "leadId", at, props from events
      where lead_id = any($1::text[]) and type = $2 and at >= $3 and at < $4`,
    [leadIds, type, since, before],
  );
}
