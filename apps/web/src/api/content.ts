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

/** A stored template as `GET /api/templates` answers it. */
export interface StoredTemplate {
  id: string;
  channel: string;
  name: string;
  subject: string | null;
  body: string;
  html: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TemplateUse {
  template: string;
  journeyId: string;
  journeyName: string;
  version: number;
  nodeId: string;
  label: string | null;
}

export interface SampleLead {
  email?: string | null;
  owner?: string | null;
  stage?: string | null;
  score?: number | null;
  attributes?: Record<string, unknown>;
}

export interface TemplatePreview {
  subject: string | null;
  text: string;
  html: string | null;
  missingFields: string[];
  sender: { name: string; email: string | null; phone: string | null; signature?: string | null; as: 'owner' | 'step' | 'default' } | null;
}

export const libraryApi = {
  templates: () => request<{ templates: StoredTemplate[] }>('GET', '/api/templates'),
  uses: () => request<{ uses: TemplateUse[] }>('GET', '/api/template-uses'),
  preview: (id: string, lead: SampleLead, sender?: 'owner') =>
    request<TemplatePreview>('POST', `/api/templates/${encodeURIComponent(id)}/preview`, { lead, ...(sender ? { sender } : {}) }),
};
