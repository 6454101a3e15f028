import type { Condition } from '@trellis/journey';
import { ApiError, readToken, request } from './client.js';
import type { Lead } from './people.js';

/** The audience routes (http-api.md, "Audience, scoring, ..."): the leads list, segments, imports. */

/** A lead as the list shows it: the profile's lead without its journeys, with when it last did something. */
export interface ListedLead extends Omit<Lead, 'journeys'> {
  lastActivityAt: string | null;
}

export type LeadSort = 'id' | 'score' | 'activity';

export interface LeadFilters {
  q?: string;
  stage?: string;
  owner?: string;
  minScore?: number;
  maxScore?: number;
  segment?: string;
  condition?: Condition;
  sort?: LeadSort;
}

export interface Segment {
  id: string;
  name: string;
  condition: Condition;
  count: number;
  createdAt: string;
}

/** What names a segment in its trigger: published journeys keep it from being deleted; drafts only name it. */
export interface SegmentJourneys {
  published: { journeyId: string; journeyName: string; status: string; version: number }[];
  drafts: { journeyId: string; journeyName: string; status: string }[];
}

export interface ImportProblem {
  column: string;
  message: string;
}

export interface ImportReport {
  id: string;
  status: 'running' | 'done';
  rows: number;
  created: number;
  updated: number;
  rejected: { row: number; problems: ImportProblem[] }[];
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** The list's query string: only the filters that are set. */
export function leadsQuery(filters: LeadFilters, cursor: string | null, limit = 100): string {
  const params = new URLSearchParams();
  const text = (name: string, value: string | undefined) => {
    if (value !== undefined && value.trim() !== '') params.set(name, value.trim());
  };
  text('q', filters.q);
  text('stage', filters.stage);
  text('owner', filters.owner);
  text('segment', filters.segment);
  if (filters.minScore !== undefined) params.set('minScore', String(filters.minScore));
  if (filters.maxScore !== undefined) params.set('maxScore', String(filters.maxScore));
  if (filters.condition !== undefined) params.set('condition', JSON.stringify(filters.condition));
  if (filters.sort && filters.sort !== 'id') params.set('sort', filters.sort);
  params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  return params.toString();
}

export const audienceApi = {
  leads: (filters: LeadFilters, cursor: string | null) =>
    request<{ leads: ListedLead[]; nextCursor: string | null }>('GET', `/api/leads?${leadsQuery(filters, cursor)}`),
  segments: () => request<{ segments: Segment[]; nextCursor: string | null }>('GET', '/api/segments?limit=500'),
  segment: (id: string) => request<Segment>('GET', `/api/segments/${encodeURIComponent(id)}`),
  createSegment: (name: string, condition: Condition) => request<Segment>('POST', '/api/segments', { name, condition }),
  editSegment: (id: string, name: string, condition: Condition) => request<Segment>('PUT', `/api/segments/${encodeURIComponent(id)}`, { name, condition }),
  deleteSegment: (id: string) => request<void>('DELETE', `/api/segments/${encodeURIComponent(id)}`),
  segmentJourneys: (id: string) => request<SegmentJourneys>('GET', `/api/segments/${encodeURIComponent(id)}/journeys`),
  importReport: (id: string) => request<ImportReport>('GET', `/api/imports/${encodeURIComponent(id)}`),
  /** The CSV goes as it is (text/csv), not as JSON: the one call that does not use `request`. */
  async startImport(file: Blob): Promise<{ id: string }> {
    const token = readToken();
    let response: Response;
    try {
      response = await fetch('/api/imports', { method: 'POST', headers: { 'Content-Type': 'text/csv', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: file });
    } catch {
      throw new ApiError(0, 'network', 'The server cannot be reached. Is it running?');
    }
    const answer = (await response.json().catch(() => undefined)) as { id?: string; error?: { code: string; message: string } } | undefined;
    if (!response.ok || !answer?.id) {
      throw new ApiError(response.status, answer?.error?.code ?? `http_${response.status}`, answer?.error?.message ?? `The import answered ${response.status}.`);
    }
    return { id: answer.id };
  },
};
