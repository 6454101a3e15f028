import { randomUUID } from 'node:crypto';
import { LEAD_CARD_COLUMN, type LeadCard } from './lead-card.js';
import type { SqlQueryable } from './sql.js';

/**
 * Sales tasks: a `call_task` or `voicemail_task` send becomes work for the lead's owner, not a
 * delivery. One task per send: writing it again (a retried delivery) changes nothing.
 */

export const TASK_KINDS = ['call', 'voicemail'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const TASK_STATUSES = ['open', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface TaskRecord {
  id: string;
  leadId: string;
  sendId: string;
  journeyId: string | null;
  kind: TaskKind;
  title: string;
  script: string;
  assignee: string | null;
  dueAt: Date;
  status: TaskStatus;
  result: string | null;
  createdAt: Date;
  completedAt: Date | null;
}

/** A task as sales work it: with who the lead is, for the card. */
export interface TaskWithLead extends TaskRecord {
  lead: LeadCard;
}

export interface TaskInput {
  leadId: string;
  sendId: string;
  journeyId?: string | null;
  kind: TaskKind;
  title: string;
  script: string;
  assignee?: string | null;
  dueAt: Date;
}

const TASK_COLUMNS = `id, lead_id as "leadId", send_id as "sendId", journey_id as "journeyId", kind, title, script,
  assignee, due_at as "dueAt", status, result, created_at as "createdAt", completed_at as "completedAt"`;

/** The columns of a task `t` joined with its lead `l`. */
const TASK_WITH_LEAD_COLUMNS = `t.id, t.lead_id as "leadId", t.send_id as "sendId", t.journey_id as "journeyId", t.kind, t.title,
  t.script, t.assignee, t.due_at as "dueAt", t.status, t.result, t.created_at as "createdAt", t.completed_at as "completedAt",
  ${LEAD_CARD_COLUMN}`;

/** Opens the send's task, once: a second call for the same send answers the task written first. */
export async function openTask(db: SqlQueryable, input: TaskInput): Promise<TaskRecord> {
  const [inserted] = await db.query<TaskRecord>(
    `insert into tasks (lead_id, id, send_id, journey_id, kind, title, script, assignee, due_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     on conflict (lead_id, send_id) do nothing
     returning ${TASK_COLUMNS}`,
    [
      input.leadId,
      randomUUID(),
      input.sendId,
      input.journeyId ?? null,
      input.kind,
      input.title,
      input.script,
      input.assignee ?? null,
      input.dueAt,
    ],
  );
  if (inserted) return inserted;
  const [existing] = await db.query<TaskRecord>(`select ${TASK_COLUMNS} from tasks where lead_id = $1 and send_id = $2`, [
    input.leadId,
    input.sendId,
  ]);
  return existing!;
}

export interface TaskQuery {
  status?: TaskStatus;
  assignee?: string;
  /** Default 100, at most 500. */
  limit?: number;
}

/** Tasks, soonest due first. */
export function listTasks(db: SqlQueryable, query: TaskQuery = {}): Promise<TaskWithLead[]> {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? 100), 1), 500);
  return db.query<TaskWithLead>(
    `select ${TASK_WITH_LEAD_COLUMNS} from tasks t join leads l on l.id = t.lead_id
      where ($1::text is null or t.status = $1) and ($2::text is null or t.assignee = $2)
      order by t.due_at, t.created_at, t.id
      limit $3`,
    [query.status ?? null, query.assignee ?? null, limit],
  );
}

export async function getTask(db: SqlQueryable, id: string): Promise<TaskWithLead | null> {
  const [task] = await db.query<TaskWithLead>(`select ${TASK_WITH_LEAD_COLUMNS} from tasks t join leads l on l.id = t.lead_id where t.id = $1`, [
    id,
  ]);
  return task ?? null;
}

/**
 * Marks an open task done with its result. A task already done keeps its first result and is
 * answered as it is (completing twice is harmless); null for an unknown task.
 */
export async function completeTask(db: SqlQueryable, id: string, result: string | null): Promise<TaskWithLead | null> {
  const [completed] = await db.query<TaskWithLead>(
    `with t as (
       update tasks set status = 'done', result = $2, completed_at = now()
        where id = $1 and status = 'open'
        returning *
     )
     select ${TASK_WITH_LEAD_COLUMNS} from t join leads l on l.id = t.lead_id`,
    [id, result],
  );
  return completed ?? getTask(db, id);
}
