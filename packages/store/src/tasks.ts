import { randomUUID } from 'node:crypto';
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
export function listTasks(db: SqlQueryable, query: TaskQuery = {}): Promise<TaskRecord[]> {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? 100), 1), 500);
  return db.query<TaskRecord>(
    `select ${TASK_COLUMNS} from tasks
      where ($1::text is null or status = $1) and ($2::text is null or assignee = $2)
      order by due_at, created_at, id
      limit $3`,
    [query.status ?? null, query.assignee ?? null, limit],
  );
}

export async function getTask(db: SqlQueryable, id: string): Promise<TaskRecord | null> {
  const [task] = await db.query<TaskRecord>(`select ${TASK_COLUMNS} from tasks where id = $1`, [id]);
  return task ?? null;
}

/**
 * Marks an open task done with its result. A task already done keeps its first result and is
 * answered as it is (completing twice is harmless); null for an unknown task.
 */
export async function completeTask(db: SqlQueryable, id: string, result: string | null): Promise<TaskRecord | null> {
  const [completed] = await db.query<TaskRecord>(
    `update tasks set status = 'done', result = $2, completed_at = now()
      where id = $1 and status = 'open'
      returning ${TASK_COLUMNS}`,
    [id, result],
  );
  return completed ?? getTask(db, id);
}
