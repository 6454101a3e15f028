import type { Change, Journey, PathStep, ScoringModel, SendRecord } from '@trellis/journey';
import type { Problem } from '../model/validation.js';

/** The HTTP API of ../../../shared/spec/http-api.md, exactly; nothing here holds a rule. */

const TOKEN_KEY = 'trellis.token';

export function readToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

const tokenListeners = new Set<() => void>();

/**
 * Signs in (a token) or out (null). Everyone listening hears of it: the app starts a new session
 * (a fresh query cache, fresh stores), so nothing of the previous person shows to the next.
 */
export function writeToken(token: string | null): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
  for (const listener of [...tokenListeners]) listener();
}

/** For useSyncExternalStore: the token changed in this tab, or in another (the storage event). */
export function subscribeToken(listener: () => void): () => void {
  const fromOtherTab = (event: StorageEvent) => {
    if (event.key === TOKEN_KEY || event.key === null) listener();
  };
  tokenListeners.add(listener);
  window.addEventListener('storage', fromOtherTab);
  return () => {
    tokenListeners.delete(listener);
    window.removeEventListener('storage', fromOtherTab);
  };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
  }
}

/** `token`: ask as this token rather than the signed-in one (checking a token before signing in with it). */
export async function request<T>(method: string, path: string, body?: unknown, { token = readToken() }: { token?: string | null } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached. Is it running?');
  }
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; problems?: Problem[] } } | undefined)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? `http_${response.status}`,
      error?.message ?? `${method} ${path} answered ${response.status}`,
      error?.problems ?? [],
    );
  }
  return parsed as T;
}

export type JourneyStatus = 'draft' | 'published' | 'paused' | 'archived' | (string & {});

export interface JourneySummary {
  id: string;
  name: string;
  status: JourneyStatus;
  publishedVersion: number | null;
  updatedAt: string;
  /** The pending publish request (approvals), if any. */
  approvalRequested?: { id: string; by: string; at: string; stale: boolean } | null;
}

export interface StoredJourney {
  id: string;
  journey: Journey;
  status: JourneyStatus;
  publishedVersion: number | null;
}

export interface SimulationLeadInput {
  id: string;
  timezone?: string;
  score?: number;
  stage?: string;
  owner?: string;
  email?: string;
  attributes?: Record<string, unknown>;
  consent?: Record<string, string>;
}

export interface SimulationEventInput {
  leadId: string;
  type: string;
  at: string;
  props?: Record<string, unknown>;
}

export interface SimulationRequest {
  journey: Journey;
  /** The saved journey's id: splits then key by it, so each lead lands in the variant it will live. */
  journeyId?: string;
  start: string;
  until: string;
  leads: SimulationLeadInput[];
  events: SimulationEventInput[];
  answers?: Array<{ leadId: string; nodeId: string; answer: string; at: string; returnAt?: string }>;
  /** The scoring model to score the test leads by, as the live engine scores them (docs/spec-readings.md, Simulation). */
  scoring?: ScoringModel;
}

export interface SimulatedLead {
  id: string;
  outcome: string | null;
  path: PathStep[];
  sends: SendRecord[];
}

/** Old node id → node id in the new version; null: those leads stay on their version. */
export type InFlightMap = Record<string, string | null>;

export interface PublishRequest {
  inFlight?: 'stay' | 'move';
  map?: InFlightMap;
}

export interface PublishPreview {
  version: number;
  changes: Change[];
  inFlight: Array<{ fromVersion: number; fromNode: string; toNode: string | null; leads: number }>;
  problems: Problem[];
}

/** A message template; a send node names it by `id`. */
export interface Template {
  id: string;
  name?: string;
  channel?: string;
}

export const api = {
  health: () => request<{ ok: boolean; db: string }>('GET', '/api/health'),
  listJourneys: () => request<{ journeys: JourneySummary[] }>('GET', '/api/journeys'),
  getJourney: (id: string) => request<StoredJourney>('GET', `/api/journeys/${encodeURIComponent(id)}`),
  createJourney: (journey: Journey) => request<StoredJourney>('POST', '/api/journeys', journey),
  saveJourney: (id: string, journey: Journey) =>
    request<StoredJourney>('PUT', `/api/journeys/${encodeURIComponent(id)}`, journey),
  publish: (id: string, body: PublishRequest = {}) =>
    request<{ version: number; moved?: number; stayed?: number }>('POST', `/api/journeys/${encodeURIComponent(id)}/publish`, body),
  /** The publish review: what publishing the draft now would do, and where the leads inside would land. */
  previewPublish: (id: string, map: InFlightMap = {}) =>
    request<PublishPreview>('POST', `/api/journeys/${encodeURIComponent(id)}/publish/preview`, { map }),
  lifecycle: (id: string, action: 'pause' | 'resume' | 'archive') =>
    request<JourneySummary>('POST', `/api/journeys/${encodeURIComponent(id)}/${action}`),
  versions: (id: string) =>
    request<{ versions: Array<{ version: number; publishedAt: string }> }>('GET', `/api/journeys/${encodeURIComponent(id)}/versions`),
  version: (id: string, version: number) =>
    request<{ journeyId: string; version: number; publishedAt: string; journey: Journey }>(
      'GET',
      `/api/journeys/${encodeURIComponent(id)}/versions/${version}`,
    ),
  simulate: (body: SimulationRequest) => request<{ leads: SimulatedLead[] }>('POST', '/api/simulate', body),
  /**
   * Templates are not in the fixed core: a server without the route answers 404 and the
   * editor then takes a free-text template id. Accepts `{ templates: [...] }` or a bare
   * array, of ids or of objects with `id` (or only `name`), an optional `name` and `channel`.
   */
  async templates(): Promise<Template[] | null> {
    try {
      const body = await request<unknown>('GET', '/api/templates');
      const list = Array.isArray(body) ? body : (body as { templates?: unknown[] } | undefined)?.templates;
      if (!Array.isArray(list)) return null;
      return list.flatMap((item): Template[] => {
        if (typeof item === 'string') return [{ id: item }];
        if (item && typeof item === 'object') {
          const record = item as { name?: unknown; id?: unknown; channel?: unknown };
          const id = typeof record.id === 'string' ? record.id : typeof record.name === 'string' ? record.name : null;
          if (!id) return [];
          const template: Template = { id };
          if (typeof record.name === 'string') template.name = record.name;
          if (typeof record.channel === 'string') template.channel = record.channel;
          return [template];
        }
        return [];
      });
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 405)) return null;
      throw error;
    }
  },
};
