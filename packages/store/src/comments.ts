import { randomUUID } from 'node:crypto';
import type { SqlQueryable } from './sql.js';

/**
 * Review comments on a journey: threads pinned to a node or to the whole journey, with replies,
 * resolved and reopened as a whole. Written by people, so small: a journey's threads are read
 * in one query and grouped here.
 */

export interface CommentRecord {
  id: string;
  journeyId: string;
  /** The thread's first comment; null for the first comment itself. */
  threadId: string | null;
  nodeId: string | null;
  version: number | null;
  author: string;
  body: string;
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
}

export interface CommentReply {
  id: string;
  author: string;
  body: string;
  createdAt: Date;
}

export interface CommentThread {
  id: string;
  journeyId: string;
  nodeId: string | null;
  version: number | null;
  author: string;
  body: string;
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  replies: CommentReply[];
}

const COMMENT_COLUMNS = `id, journey_id as "journeyId", thread_id as "threadId", node_id as "nodeId", version, author, body,
  created_at as "createdAt", resolved_at as "resolvedAt", resolved_by as "resolvedBy"`;

export interface NewThread {
  journeyId: string;
  nodeId?: string | null;
  version?: number | null;
  author: string;
  body: string;
}

/** Starts a thread; the journey must exist (the caller checks, and the foreign key insists). */
export async function startCommentThread(db: SqlQueryable, input: NewThread): Promise<CommentThread> {
  const [row] = await db.query<CommentRecord>(
    `insert into comments (id, journey_id, node_id, version, author, body)
     values ($1, $2, $3, $4, $5, $6)
     returning ${COMMENT_COLUMNS}`,
    [randomUUID(), input.journeyId, input.nodeId ?? null, input.version ?? null, input.author, input.body],
  );
  return { ...threadOf(row!), replies: [] };
}

/**
 * Replies to the thread that `commentId` belongs to (a reply to a reply joins the same thread).
 * Null when the journey has no such comment.
 */
export async function replyToComment(
  db: SqlQueryable,
  journeyId: string,
  commentId: string,
  input: { author: string; body: string },
): Promise<CommentRecord | null> {
  const [row] = await db.query<CommentRecord>(
    `insert into comments (id, journey_id, thread_id, node_id, version, author, body)
     select $3, c.journey_id, coalesce(c.thread_id, c.id), c.node_id, c.version, $4, $5
       from comments c where c.journey_id = $1 and c.id = $2
     returning ${COMMENT_COLUMNS}`,
    [journeyId, commentId, randomUUID(), input.author, input.body],
  );
  return row ?? null;
}

/** Every thread of a journey, oldest first, each with its replies oldest first. */
export async function listCommentThreads(db: SqlQueryable, journeyId: string): Promise<CommentThread[]> {
  const rows = await db.query<CommentRecord>(
    `select ${COMMENT_COLUMNS} from comments where journey_id = $1 order by created_at, id`,
    [journeyId],
  );
  return groupThreads(rows);
}

export async function getCommentThread(db: SqlQueryable, journeyId: string, threadId: string): Promise<CommentThread | null> {
  const rows = await db.query<CommentRecord>(
    `select ${COMMENT_COLUMNS} from comments
      where journey_id = $1 and (id = $2 or thread_id = $2)
      order by created_at, id`,
    [journeyId, threadId],
  );
  return groupThreads(rows).find((thread) => thread.id === threadId) ?? null;
}

/**
 * Resolves (by `who`) or reopens the thread `commentId` belongs to. Resolving a resolved thread
 * keeps who resolved it first. Null when the journey has no such comment.
 */
export async function setThreadResolved(
  db: SqlQueryable,
  journeyId: string,
  commentId: string,
  resolved: { by: string } | null,
): Promise<CommentThread | null> {
  const [target] = await db.query<{ threadId: string }>(
    `select coalesce(thread_id, id) as "threadId" from comments where journey_id = $1 and id = $2`,
    [journeyId, commentId],
  );
  if (!target) return null;
  if (resolved) {
    await db.query(`update comments set resolved_at = now(), resolved_by = $2 where id = $1 and resolved_at is null`, [
      target.threadId,
      resolved.by,
    ]);
  } else {
    await db.query(`update comments set resolved_at = null, resolved_by = null where id = $1`, [target.threadId]);
  }
  return getCommentThread(db, journeyId, target.threadId);
}

function threadOf(row: CommentRecord): Omit<CommentThread, 'replies'> {
  return {
    id: row.id,
    journeyId: row.journeyId,
    nodeId: row.nodeId,
    version: row.version,
    author: row.author,
    body: row.body,
    createdAt: row.createdAt,
    resolvedAt: row.resolvedAt,
    resolvedBy: row.resolvedBy,
  };
}

function groupThreads(rows: readonly CommentRecord[]): CommentThread[] {
  const threads = new Map<string, CommentThread>();
  for (const row of rows) if (row.threadId === null) threads.set(row.id, { ...threadOf(row), replies: [] });
  for (const row of rows) {
    if (row.threadId === null) continue;
    threads.get(row.threadId)?.replies.push({ id: row.id, author: row.author, body: row.body, createdAt: row.createdAt });
  }
  return [...threads.values()];
}
