import type { WebhookAllowList } from '@trellis/channels';
import type { Context } from 'hono';
import type { Logger as Pino } from 'pino';
import type { z } from 'zod';
import type { AuthEnv, Role, TokenDirectory } from './auth.js';
import type { HostileValuePolicy } from './body.js';
import type { Logger } from './errors.js';
import type { Metrics } from './metrics.js';
import type { Runtime } from './runtime.js';

/** Where the server is in its life: /api/ready is 503 but while serving. */
export type ServerPhase = 'starting' | 'serving' | 'stopping';

/** What `createApp` is given: settings, and the services routes call (tests build their own). */
export interface AppOptions {
  config: {
    /** Set when the server talks to a PostgreSQL server rather than the embedded database. */
    databaseUrl?: string | undefined;
    /** The built editor (apps/web/dist); served at `/` when it holds an index.html. */
    webDist?: string | undefined;
    /** TRELLIS_DEFAULT_SENDER: who signs a send that names no sender ("Name <email>"). */
    defaultSender?: string | undefined;
    /** TRELLIS_WEBHOOK_ALLOW: where a saved webhook URL may point beyond public addresses; unset: nowhere. */
    webhookAllow?: WebhookAllowList | undefined;
    /** SMTP_URL: where test sends of email templates go; unset: tests are refused (409). */
    smtpUrl?: string | undefined;
  };
  services: {
    tokens: TokenDirectory;
    log?: Logger;
    /** The database, engine and stats feed; absent only in tests of the routes that need none. */
    runtime?: Runtime;
    /** Structured logs: one line per request when given. */
    logger?: Pino;
    /** Counters and gauges for GET /metrics; absent unless TRELLIS_METRICS=1. */
    metrics?: Metrics;
    /** The secret outgoing webhooks are signed with (delivery's), for the admin to give receivers; absent without delivery. */
    webhookSecret?: () => Promise<string>;
    /** Makes a new signing secret (the old one verifies for a grace period); null when TRELLIS_WEBHOOK_SECRET fixes it. */
    rotateWebhookSecret?: () => Promise<{ secret: string; previousUntil: Date } | null>;
    /** main.ts says when it starts and stops; without it a server with a runtime is serving. */
    phase?: () => ServerPhase;
  };
}

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteRequest<Body> {
  /** Parses the body; failure is 400 invalid_body. */
  schema: z.ZodType<Body>;
  /** What OpenAPI shows when `schema` is looser than the document the route expects. */
  documentedAs?: z.ZodType;
  /** Largest body accepted, in bytes (default 1 MiB). */
  limit?: number;
  /** A request with no body and no Content-Type reads as this value (for bodies that are all optional). */
  emptyAs?: unknown;
  /**
   * Who refuses NUL, lone surrogates and deep nesting (body.ts `readJson`): the edge, for the
   * whole body (the default), or the handler, item by item, where one bad item must not cost
   * the others (`POST /api/events`).
   */
  hostileValues?: HostileValuePolicy;
  /** Looks at the raw JSON before the schema does, e.g. to refuse an oversize batch early. */
  precheck?: (raw: unknown) => void;
}

export interface RouteResponse {
  description: string;
  schema?: z.ZodType;
}

/**
 * One entry of the route registry. Mounting (app.ts) and the OpenAPI document (openapi.ts)
 * both read the registry, so what is served and what is documented cannot drift apart.
 */
export interface RouteSpec<Body = unknown> {
  method: HttpMethod;
  /** Hono syntax: `/api/journeys/:id`. */
  path: string;
  operationId: string;
  summary: string;
  /** Who may call it; `admin` always may. `public` needs no token at all. */
  roles: readonly Role[] | 'public';
  request?: RouteRequest<Body>;
  /** The query string's parameters, for the OpenAPI document (the handler parses with the same schema). */
  query?: z.ZodObject;
  /** Success answers by status; error answers are documented from the rest of the spec. */
  responses: Record<number, RouteResponse>;
  /** Error codes this route answers with beyond the common ones (auth, body). */
  errors?: Record<number, string>;
  handle(input: { c: Context<AuthEnv>; body: Body; options: AppOptions; routes: readonly RouteSpec[] }): Response | Promise<Response>;
}

/** Keeps a route's body type tied to its schema while the registry holds RouteSpec<unknown>. */
export function defineRoute<Body = undefined>(spec: RouteSpec<Body>): RouteSpec {
  return spec as unknown as RouteSpec;
}

/** A registry path (`/t/c/:token`) as a RegExp matching the paths it serves. */
export function pathPattern(pattern: string): RegExp {
  const source = pattern
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}
