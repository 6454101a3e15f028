import { request } from './client.js';

/** The content routes: senders (http-api.md), sales queues and the webhook signing secret. */

export interface Sender {
  email: string;
  name: string;
  phone: string | null;
  signature: string | null;
  updatedAt: string;
}

export interface SenderInput {
  name: string;
  phone?: string | null;
  signature?: string | null;
}

export const contentApi = {
  senders: () => request<{ senders: Sender[] }>('GET', '/api/senders'),
  putSender: (email: string, body: SenderInput) => request<Sender>('PUT', `/api/senders/${encodeURIComponent(email)}`, body),
};

export interface Queue {
  name: string;
  /** In round-robin order: the next handoff goes to the member after the last one given one. */
  members: string[];
  openHandoffs: Array<{ assignee: string | null; open: number }>;
}

export const queuesApi = {
  list: () => request<{ queues: Queue[] }>('GET', '/api/queues'),
  setMembers: (name: string, members: string[]) => request<Queue>('PUT', `/api/queues/${encodeURIComponent(name)}`, { members }),
};

export const settingsApi = {
  webhookSecret: () => request<{ secret: string; header: string; format: string }>('GET', '/api/settings/webhook-secret'),
};
