import type { ScoringModel } from '@trellis/journey';
import { request } from './client.js';

/** The scoring routes (http-api.md "Audience, scoring, ..."; docs/spec-readings.md for status and a lead's segments). */

export interface RescoreProgress {
  id: string;
  modelVersion: number;
  status: 'running' | 'done' | 'superseded';
  total: number;
  done: number;
  createdAt: string;
  finishedAt: string | null;
}

export interface ScoringStatus {
  version: number | null;
  updatedAt: string | null;
  updatedBy: string | null;
  rescore: RescoreProgress | null;
}

export interface ScoreHistoryItem {
  at: string;
  points: number;
  ruleId: string | null;
  reason: string;
  eventId: string | null;
  eventType: string | null;
}

export interface ScoreCardData {
  score: number;
  fit: number;
  behaviour: number;
  history: ScoreHistoryItem[];
}

export const scoringApi = {
  model: () => request<ScoringModel>('GET', '/api/scoring'),
  save: (model: ScoringModel) => request<ScoringModel>('PUT', '/api/scoring', model),
  status: () => request<ScoringStatus>('GET', '/api/scoring/status'),
  leadScore: (leadId: string) => request<ScoreCardData>('GET', `/api/leads/${encodeURIComponent(leadId)}/score`),
  leadSegments: (leadId: string) => request<{ segments: { id: string; name: string }[] }>('GET', `/api/leads/${encodeURIComponent(leadId)}/segments`),
};
