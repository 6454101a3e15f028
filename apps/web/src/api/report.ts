import { useQuery } from '@tanstack/react-query';
import { request } from './client.js';

/**
 * `GET /api/journeys/:id/report` (http-api.md, with the additions in docs/spec-readings.md
 * "Results and experiments"): the answer as the server's `reportSchema` shapes it.
 */

export type Interval = [number, number];

export interface VariantNumbers {
  entered: number;
  goal: number;
  rate: number;
  ci95: Interval;
}

export interface SplitResult {
  variants: Record<string, VariantNumbers>;
  /** Null where fewer than two variants have leads. */
  pValue: number | null;
  /** The decided winner once the engine decided; before that the variant ahead at p < 0.05. */
  winner: string | null;
  probabilityToBeat: Record<string, number | null>;
  experiment: { metric: unknown; window: string; decideAfter: string } | null;
  decision: { decidedAt: string; winner: string | null; pValue: number | null; variants: Record<string, VariantNumbers> } | null;
}

export interface SeriesDay {
  day: string;
  entered: number;
  sent: number;
  opened: number;
  clicked: number;
  goal: number;
}

export interface SendNodeResult {
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  unsubscribed: number;
  failed: number;
  suppressed: number;
  capped: number;
  rates: { delivered: number; opened: number; clicked: number; unsubscribed: number; failed: number };
}

export interface HoldoutResult {
  percent: number;
  window: string;
  heldOut: VariantNumbers;
  treated: VariantNumbers;
  uplift: { difference: number; ci95: Interval } | null;
}

export interface JourneyReport {
  version: number | null;
  from: string | null;
  to: string | null;
  entered: number;
  outcomes: Record<string, number>;
  goalRate: number;
  nodes: Record<string, { entered: number; reachedGoal: number }>;
  splits: Record<string, SplitResult>;
  series: SeriesDay[];
  sends: Record<string, SendNodeResult>;
  timeToGoal: { medianMs: number; p90Ms: number } | null;
  holdout: HoldoutResult | null;
}

export interface ReportQuery {
  version: number | null;
  /** Instants (ISO); runs that entered at or after `from` and before `to`. */
  from: string | null;
  to: string | null;
}

export function reportPath(id: string, query: ReportQuery): string {
  const params = new URLSearchParams();
  if (query.version !== null) params.set('version', String(query.version));
  if (query.from) params.set('from', query.from);
  if (query.to) params.set('to', query.to);
  const search = params.toString();
  return `/api/journeys/${encodeURIComponent(id)}/report${search ? `?${search}` : ''}`;
}

export const reportKeys = {
  of: (id: string, query: ReportQuery) => ['journeys', id, 'report', query.version, query.from, query.to] as const,
};

/** `enabled: false` for a journey never saved (nothing to report on). */
export function useJourneyReport(id: string | null, query: ReportQuery, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: reportKeys.of(id ?? '', query),
    queryFn: () => request<JourneyReport>('GET', reportPath(id!, query)),
    enabled: enabled && id !== null,
    retry: false,
    placeholderData: (previous) => previous,
  });
}
