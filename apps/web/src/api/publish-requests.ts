import { request, type InFlightMap, type PublishPreview, type PublishRequest } from './client.js';

/**
 * Approvals and the publish's "what if" (docs/live-edits.md): the workspace's approvals setting,
 * the publish requests of a journey, and the simulation of a move. Shapes as the server's
 * `publish-requests.ts` and `publish-simulate.ts` routes answer them.
 */

export type Landing = PublishPreview['inFlight'][number];

export interface PublishRequestRecord {
  id: string;
  journeyId: string;
  status: 'pending' | 'approved' | 'declined' | 'superseded';
  /** Pending, but the draft changed since it was asked: it cannot be approved. */
  stale: boolean;
  inFlight: 'stay' | 'move';
  map: InFlightMap;
  baseVersion: number | null;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string | null;
  version: number | null;
}

export interface RequestReview {
  request: PublishRequestRecord;
  review: PublishPreview;
}

export interface WhatIf {
  version: number;
  start: string;
  until: string;
  sample: { total: number; simulated: number; isSample: boolean };
  inFlight: Landing[];
  landings: Landing[];
  nodes: Array<{ version: number; nodeId: string; reached: number; current: number }>;
  outcomes: Record<string, number>;
  inside: number;
  sends: Array<{ version: number; nodeId: string; status: string; count: number }>;
}

const base = (id: string) => `/api/journeys/${encodeURIComponent(id)}`;

export const approvalsApi = {
  settings: () => request<{ required: boolean }>('GET', '/api/settings/approvals'),
  setRequired: (required: boolean) => request<{ required: boolean }>('PUT', '/api/settings/approvals', { required }),
  requestPublish: (id: string, body: PublishRequest) => request<PublishRequestRecord>('POST', `${base(id)}/publish-requests`, body),
  list: (id: string) => request<{ requests: PublishRequestRecord[] }>('GET', `${base(id)}/publish-requests`),
  review: (id: string, requestId: string) => request<RequestReview>('GET', `${base(id)}/publish-requests/${encodeURIComponent(requestId)}`),
  approve: (id: string, requestId: string, comment?: string) =>
    request<{ request: PublishRequestRecord; version: number; moved?: number; stayed?: number }>(
      'POST',
      `${base(id)}/publish-requests/${encodeURIComponent(requestId)}/approve`,
      comment ? { comment } : {},
    ),
  decline: (id: string, requestId: string, comment: string) =>
    request<{ request: PublishRequestRecord }>('POST', `${base(id)}/publish-requests/${encodeURIComponent(requestId)}/decline`, { comment }),
  simulateMove: (id: string, body: { map?: InFlightMap; days?: number }) => request<WhatIf>('POST', `${base(id)}/publish/simulate`, body),
};
