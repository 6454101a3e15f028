import type { SqlQueryable } from './sql.js';

/**
 * Lead scoring's storage: the model (one row), each lead's scoring state (`lead_score_states`), the
 * explanation of its score (`score_changes`), and the re-score a new model starts
 * (`rescore_jobs`, walked a page of leads per transaction like a segment sweep, so it resumes
 * where it stopped). The rules live in the journey package; this file only stores.
 */

export interface StoredScoringModel {
  model: unknown;
  version: number;
  updatedBy: string | null;
  updatedAt: Date;
}

export interface RescoreJob {
  id: string;
  modelVersion: number;
  status: 'running' | 'done' | 'superseded';
  total: number;
  done: number;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface ScoreChangeRow {
  leadId: string;
  at: Date;
  points: number;
  ruleId: string | null;
  reason: string;
  eventId: string | null;
  eventType: string | null;
}

export interface ScoreWork {
  /** Each lead's new scoring state. */
  states: { leadId: string; state: unknown }[];
  /** Leads whose explanation is replaced (a re-score): their earlier changes are dropped first. */
  replaced: string[];
  changes: ScoreChangeRow[];
}

export async function readScoringModel(db: SqlQueryable): Promise<StoredScoringModel | null> {
  const [row] = await db.query<StoredScoringModel>(
    `select model, version, updated_by as "updatedBy", updated_at as "updatedAt" from scoring_model where id = 1`,
  );
  return row ?? null;
}

/** Stores a new model and starts the re-score of every lead with it (a running one is superseded). */
export async function replaceScoringModel(
  tx: SqlQueryable,
  model: unknown,
  by: string | null,
  now: Date,
  rescoreId: string,
): Promise<{ stored: StoredScoringModel; rescore: RescoreJob }> {
  const [stored] = await tx.query<StoredScoringModel>(
    `insert into scoring_model as m (id, model, version, updated_by, updated_at) values (1, $1, 1, $2, $3)
     on conflict (id) do update set model = excluded.model, version = m.version + 1, updated_by = excluded.updated_by,
            updated_at = excluded.updated_at
     returning model, version, updated_by as "updatedBy", updated_at as "updatedAt"`,
    [model, by, now],
  );
  await tx.query(`update rescore_jobs set status = 'superseded', finished_at = $1 where status = 'running'`, [now]);
  const [rescore] = await tx.query<RescoreJob>(
    `insert into rescore_jobs (id, model_version, status, total, created_at)
     select $1, $2, 'running', count(*), $3 from leads
     returning ${RESCORE_COLUMNS}`,
    [rescoreId, stored!.version, now],
  );
  return { stored: stored!, rescore: rescore! };
}

const RESCORE_COLUMNS = `id, model_version as "modelVersion", status, total, done, created_at as "createdAt", finished_at as "finishedAt"`;

/** The latest re-score (running or not), or null before the model first changed. */
export async function latestRescore(db: SqlQueryable): Promise<RescoreJob | null> {
  const [row] = await db.query<RescoreJob>(`select ${RESCORE_COLUMNS} from rescore_jobs order by created_at desc, id desc limit 1`);
  return row ?? null;
}

export interface RescorePage {
  jobId: string;
  /** The next page of lead ids after where the re-score stopped. */
  leadIds: string[];
}

/** Locks the running re-score if no other transaction holds it, and reads its next page of up to `limit` leads. */
export async function claimRescorePage(tx: SqlQueryable, limit: number): Promise<RescorePage | null> {
  const [job] = await tx.query<{ id: string; afterLeadId: string }>(
    `select id, after_lead_id as "afterLeadId" from rescore_jobs where status = 'running'
      order by created_at limit 1 for update skip locked`,
  );
  if (!job) return null;
  const page = await tx.query<{ id: string }>(`select id from leads where id > $1 order by id limit $2`, [job.afterLeadId, limit]);
  return { jobId: job.id, leadIds: page.map((p) => p.id) };
}

/** Records how far a claimed re-score got: past the page's last lead, and done when the page was short. */
export async function finishRescorePage(tx: SqlQueryable, page: RescorePage, limit: number, now: Date): Promise<void> {
  const finished = page.leadIds.length < limit;
  await tx.query(
    `update rescore_jobs set after_lead_id = coalesce($2, after_lead_id), done = done + $3,
            status = case when $4 then 'done' else status end, finished_at = case when $4 then $5::timestamptz else finished_at end
      where id = $1`,
    // `total` was counted when the job began; leads created since are re-scored too, so `done` may pass it.
    [page.jobId, page.leadIds.at(-1) ?? null, page.leadIds.length, finished, now],
  );
}

/** The scoring state of each lead that has one. */
export async function loadScoreStates(tx: SqlQueryable, leadIds: readonly string[]): Promise<Map<string, unknown>> {
  const rows = await tx.query<{ id: string; state: unknown }>(
    `select lead_id as id, state from lead_score_states where lead_id = any($1::text[])`,
    [[...leadIds]],
  );
  return new Map(rows.map((r) => [r.id, r.state]));
}

/** Writes what scoring did in a worker's batch, in its transaction. */
export async function saveScoreWork(tx: SqlQueryable, work: ScoreWork): Promise<void> {
  if (work.states.length > 0) {
    await tx.query(
      `insert into lead_score_states as s (lead_id, state)
       select c."leadId", c.state from jsonb_to_recordset($1::jsonb) as c("leadId" text, state jsonb)
       on conflict (lead_id) do update set state = excluded.state`,
      [work.states],
    );
  }
  if (work.replaced.length > 0) {
    await tx.query(`delete from score_changes where lead_id = any($1::text[])`, [work.replaced]);
  }
  if (work.changes.length > 0) {
    await tx.query(
      `insert into score_changes (lead_id, at, points, rule_id, reason, event_id, event_type)
       select c."leadId", c.at, c.points, c."ruleId", c.reason, c."eventId", c."eventType"
         from jsonb_to_recordset($1::jsonb) as c("leadId" text, at timestamptz, points double precision, "ruleId" text,
              reason text, "eventId" text, "eventType" text)`,
      [work.changes],
    );
  }
}

export interface LeadScoreRecord {
  score: number;
  scoring: unknown;
  history: Omit<ScoreChangeRow, 'leadId'>[];
}

/** A lead's score, its scoring state and its score changes newest first (at most `limit`), or null for an unknown lead. */
export async function leadScore(db: SqlQueryable, leadId: string, limit = 500): Promise<LeadScoreRecord | null> {
  const [lead] = await db.query<{ score: number; scoring: unknown }>(
    `select l.score, s.state as scoring from leads l left join lead_score_states s on s.lead_id = l.id where l.id = $1`,
    [leadId],
  );
  if (!lead) return null;
  const history = await db.query<Omit<ScoreChangeRow, 'leadId'>>(
    `select at, points, rule_id as "ruleId", reason, event_id as "eventId", event_type as "eventType"
       from score_changes where lead_id = $1 order by at desc, id desc limit $2`,
    [leadId, limit],
  );
  return { score: lead.score, scoring: lead.scoring, history };
}
