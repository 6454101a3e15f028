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
  rotateWebhookSecret: () =>
    request<{ secret: string; header: string; previousHeader: string; previousValidUntil: string }>('POST', '/api/settings/webhook-secret/rotate'),
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
  /** Who saved it last (the token's name); null for templates saved before this was kept. */
  updatedBy?: string | null;
  /** A webhook's method, extra headers and Liquid JSON body; null: the fixed JSON POST. */
  request?: WebhookRequest | null;
  /** Who it is from when the send step names no sender: "owner" or a named sender; null: the default. */
  sender?: 'owner' | { name?: string; email?: string; phone?: string } | null;
}

export interface WebhookRequest {
  method: 'POST' | 'PUT' | 'PATCH';
  headers: Record<string, string>;
  body: string | null;
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
  sender: { name: string; email: string | null; phone: string | null; signature?: string | null; as: 'owner' | 'step' | 'template' | 'default' } | null;
}

export const libraryApi = {
  templates: () => request<{ templates: StoredTemplate[] }>('GET', '/api/templates'),
  uses: () => request<{ uses: TemplateUse[] }>('GET', '/api/template-uses'),
  preview: (id: string, lead: SampleLead, sender?: 'owner') =>
    request<TemplatePreview>('POST', `/api/templates/${encodeURIComponent(id)}/preview`, { lead, ...(sender ? { sender } : {}) }),
};

/** The message editor's routes: saving, the live check, merge fields, snippets, test sends. */
export interface TemplateParts {
  channel: string;
  subject?: string | null;
  body: string;
  html?: string | null;
  request?: WebhookRequest | null;
}

export interface CheckedProblem {
  part: 'subject' | 'body' | 'html' | 'request';
  severity: 'error' | 'warning';
  message: string;
  line: number | null;
  col: number | null;
}

export interface MergeFieldList {
  lead: string[];
  attributes: string[];
  sender: string[];
  other: string[];
}

export interface Snippet {
  name: string;
  text: string;
  html: string | null;
  updatedAt: string;
  updatedBy: string | null;
}

export const editorApi = {
  template: (id: string) => request<StoredTemplate>('GET', `/api/templates/${encodeURIComponent(id)}`),
  create: (body: TemplateParts & { id: string; name: string; sender?: StoredTemplate['sender'] }) => request<StoredTemplate>('POST', '/api/templates', body),
  update: (id: string, body: Partial<TemplateParts> & { name?: string; sender?: StoredTemplate['sender'] }) =>
    request<StoredTemplate>('PUT', `/api/templates/${encodeURIComponent(id)}`, body),
  check: (parts: TemplateParts) => request<{ problems: CheckedProblem[] }>('POST', '/api/templates/check', parts),
  fields: () => request<MergeFieldList>('GET', '/api/merge-fields'),
  snippets: () => request<{ snippets: Snippet[] }>('GET', '/api/snippets'),
  putSnippet: (name: string, body: { text: string; html?: string | null }) =>
    request<Snippet>('PUT', `/api/snippets/${encodeURIComponent(name)}`, body),
  /** What the editor holds now, unsaved, rendered for a stored lead (`POST /api/templates/preview`, docs/spec-readings.md). */
  previewDraft: (template: TemplateParts & { sender?: StoredTemplate['sender'] }, leadId: string) =>
    request<TemplatePreview>('POST', '/api/templates/preview', { template, leadId }),
  testSend: (id: string, to: string, leadId: string | null) =>
    request<{ to: string; from: string; subject: string }>('POST', `/api/templates/${encodeURIComponent(id)}/test-send`, {
      to,
      ...(leadId ? { leadId } : { lead: {} }),
    }),
};
