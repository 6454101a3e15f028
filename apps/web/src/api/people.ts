import type { WakeReason } from '@trellis/journey';
import type { NodeType } from '@trellis/journey';
import { request } from './client.js';

/**
 * The routes reviewers, operators, sales and admins use, through the one client in client.ts.
 * Shapes are the server's answers (apps/server/src/routes), read as they are.
 */

const j = (id: string) => `/api/journeys/${encodeURIComponent(id)}`;

export type Role = 'admin' | 'marketer' | 'reviewer' | 'operator' | 'sales' | 'ingest';

export interface CommentReply {
  id: string;
  author: string;
  body: string;
  createdAt: string;
}

export interface CommentThread extends CommentReply {
  nodeId: string | null;
  version: number | null;
  resolved: boolean;
  resolvedAt: string | null;
  resolvedBy: string | null;
  replies: CommentReply[];
}

export interface JourneyStats {
  version: number | null;
  nodes: Record<
    string,
    {
      current: number;
      entered: number;
      sends?: { sent: number; opened: number; clicked: number; unsubscribed: number };
      /** Cadence nodes: running leads by touches made. */
      touches?: { made: number; leads: number }[];
    }
  >;
  outcomes: Record<string, number>;
}

/** How the server sorts the leads at a node (`GET /api/journeys/:id/nodes/:nodeId/leads?sort=`). */
export type NodeLeadSort = 'id' | 'time-here' | 'wakes' | 'score' | 'activity';

/** A page of the leads at a node; `total` counts every lead there matching the search. */
export interface NodeLeadsPage {
  leads: LeadAtNode[];
  next: string | null;
  total: number;
}

export interface LeadAtNode {
  leadId: string;
  runId: string;
  version: number;
  enteredAt: string;
  wakeAt: string | null;
  email: string | null;
  score: number;
  stage: string | null;
  /** The lead's latest own event; absent from older servers. */
  lastActivityAt?: string | null;
  /** At a handoff held for a recycle's return date: that date. */
  heldUntil: string | null;
  /** Why the lead wakes at `wakeAt` (the journey package's `explainWake`); absent from older servers. */
  reason?: WakeReason | null;
  /** At a cadence: how many of its touches the lead has made (its next is `touches[touch]`, at `wakeAt`). */
  touch?: number;
}

/**
 * How the server names a journey's item for people who may not read the journey: the journey's
 * name now, and the step's label and type as the run's version drew it (null: no label, or not known).
 */
export interface StepNames {
  journeyName: string | null;
  nodeLabel: string | null;
  nodeType: NodeType | null;
}

export interface LeadJourney extends StepNames {
  journeyId: string;
  version: number;
  nodeId: string;
  status: 'active' | 'done';
  outcome?: string;
  enteredAt: string;
  endedAt: string | null;
}

export interface Lead {
  id: string;
  email: string | null;
  phone: string | null;
  timezone: string | null;
  owner: string | null;
  score: number;
  stage: string | null;
  attributes: Record<string, unknown>;
  consent: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  journeys: LeadJourney[];
}

export interface TimelineItem {
  kind: 'event' | 'step' | 'send' | 'score' | 'note' | 'answer';
  at: string;
  [field: string]: unknown;
}

/** Who a handoff's or task's lead is (name from its attributes), so a card can name it. */
export interface LeadCard {
  email: string | null;
  name: string | null;
  company: string | null;
}

export interface Handoff {
  id: string;
  leadId: string;
  journeyId: string;
  nodeId: string;
  queue: string | null;
  assignee: string | null;
  dueAt: string | null;
  status: string;
  note: string | null;
  createdAt: string;
  answeredAt: string | null;
  answeredBy: string | null;
  /** A recycle's date to bring the lead back: its next handoff opens no earlier. */
  returnAt: string | null;
  lead: LeadCard;
}

export interface SalesTask {
  id: string;
  leadId: string;
  sendId: string;
  journeyId: string | null;
  kind: 'call' | 'voicemail';
  title: string;
  script: string;
  assignee: string | null;
  dueAt: string;
  status: 'open' | 'done';
  result: string | null;
  createdAt: string;
  completedAt: string | null;
  lead: LeadCard;
}

export interface IssuedToken {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  revokedAt: string | null;
}

export const peopleApi = {
  /** Who the signed-in token is, or `token` when given (the login page checks one before keeping it). */
  me: (token?: string) => request<{ name: string; role: Role }>('GET', '/api/me', undefined, token === undefined ? {} : { token }),

  comments: (id: string) => request<{ threads: CommentThread[] }>('GET', `${j(id)}/comments`),
  startThread: (id: string, body: { body: string; nodeId?: string; version?: number }) =>
    request<CommentThread>('POST', `${j(id)}/comments`, body),
  reply: (id: string, commentId: string, body: string) =>
    request<CommentThread>('POST', `${j(id)}/comments/${encodeURIComponent(commentId)}/replies`, { body }),
  setResolved: (id: string, commentId: string, resolved: boolean) =>
    request<CommentThread>('POST', `${j(id)}/comments/${encodeURIComponent(commentId)}/${resolved ? 'resolve' : 'reopen'}`),

  stats: (id: string) => request<JourneyStats>('GET', `${j(id)}/stats`),
  leadsAtNode: (id: string, nodeId: string, query: { q?: string; sort?: NodeLeadSort; cursor?: string | null; limit?: number } = {}) => {
    const params = new URLSearchParams({ limit: String(query.limit ?? 100) });
    if (query.q?.trim()) params.set('q', query.q.trim());
    if (query.sort && query.sort !== 'id') params.set('sort', query.sort);
    if (query.cursor) params.set('cursor', query.cursor);
    return request<NodeLeadsPage>('GET', `${j(id)}/nodes/${encodeURIComponent(nodeId)}/leads?${params}`);
  },
  sendCounts: (id: string) =>
    request<{ sends: Array<{ channel: string; status: string; count: number; delivered: number; failedDelivery: number }> }>('GET', `${j(id)}/sends`),
  removeLead: (id: string, leadId: string) => request<void>('DELETE', `${j(id)}/leads/${encodeURIComponent(leadId)}`),
  lead: (leadId: string) => request<Lead>('GET', `/api/leads/${encodeURIComponent(leadId)}`),
  timeline: (leadId: string) => request<{ items: TimelineItem[] }>('GET', `/api/leads/${encodeURIComponent(leadId)}/timeline`),
  outbox: (journeyId?: string) =>
    request<{ messages: Array<Record<string, unknown>> }>('GET', `/api/outbox${journeyId ? `?journeyId=${encodeURIComponent(journeyId)}` : ''}`),

  handoffs: (status = 'open') => request<{ handoffs: Handoff[] }>('GET', `/api/handoffs?status=${encodeURIComponent(status)}`),
  returningHandoffs: () => request<{ handoffs: Handoff[] }>('GET', '/api/handoffs/returning'),
  answerHandoff: (handoffId: string, action: 'accept' | 'recycle' | 'disqualify', body: { note?: string; returnAt?: string } = {}) =>
    request<Handoff>('POST', `/api/handoffs/${encodeURIComponent(handoffId)}/${action}`, body),
  tasks: (status: 'open' | 'done' = 'open') => request<{ tasks: SalesTask[] }>('GET', `/api/tasks?status=${status}&limit=500`),
  completeTask: (taskId: string, result?: string) =>
    request<SalesTask>('POST', `/api/tasks/${encodeURIComponent(taskId)}/complete`, result ? { result } : {}),

  tokens: () => request<{ tokens: IssuedToken[] }>('GET', '/api/tokens'),
  createToken: (name: string, role: Role) => request<{ id: string; token: string }>('POST', '/api/tokens', { name, role }),
  revokeToken: (tokenId: string) => request<void>('DELETE', `/api/tokens/${encodeURIComponent(tokenId)}`),
};
