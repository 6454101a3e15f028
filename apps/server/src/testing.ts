import { createDelivery } from '@trellis/channels';
import { Engine } from '@trellis/engine';
import type { Journey } from '@trellis/journey';
import type { SqlExecutor } from '@trellis/store';
import { createApp } from './app.js';
import { anyOf, ROLES, staticTokens, type Role } from './auth.js';
import type { AppOptions, RouteSpec } from './route.js';
import { ImportRunner } from './imports/import-runner.js';
import type { Runtime } from './runtime.js';
import { StatsFeed } from './stats-feed.js';
import { storedTokens } from './stored-tokens.js';

/** Builds apps for tests the way main.ts does, with one known token per role. */

export const TOKENS = Object.fromEntries(ROLES.map((role) => [role, `${role}-secret-token`])) as Record<Role, string>;

export function testApp(
  { config = {}, log = () => undefined, routes }: { config?: AppOptions['config']; log?: (line: string) => void; routes?: readonly RouteSpec[] } = {},
) {
  const tokens = staticTokens(ROLES.map((role) => ({ token: TOKENS[role], principal: { name: `${role} user`, role } })));
  return createApp({ config, services: { tokens, log } }, routes);
}

export function bearer(role: Role): Record<string, string> {
  return { authorization: `Bearer ${TOKENS[role]}` };
}

export function jsonRequest(body: unknown, role: Role = 'marketer', method = 'POST'): RequestInit {
  return {
    method,
    headers: { ...bearer(role), 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

/** Trigger on a form, one welcome email, done: the smallest valid journey. */
export const welcomeJourney: Journey = {
  schemaVersion: 1,
  name: 'Welcome',
  settings: {},
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: { event: 'form_submitted' } } },
    { id: 'hello', type: 'send', position: { x: 0, y: 100 }, data: { channel: 'email', template: 'welcome' } },
    { id: 'done', type: 'exit', position: { x: 0, y: 200 }, data: { outcome: 'completed' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'hello' },
    { id: 'e2', source: 'hello', target: 'done' },
  ],
};

/** A response's JSON body, loosely typed: tests assert its exact value. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const json = (res: Response): Promise<any> => res.json();

/**
 * An app on a real database with the real engine, as main.ts wires it but with no background
 * loops: tests move the work on with `engine.worker.drain()` instead of sleeping.
 */
export function dataTestApp(
  db: SqlExecutor,
  {
    log = () => undefined,
    statsIntervalMs = 20,
    config = {},
    webhookSecret,
    rotateWebhookSecret,
  }: {
    log?: (line: string) => void;
    statsIntervalMs?: number;
    config?: AppOptions['config'];
    webhookSecret?: () => Promise<string>;
    rotateWebhookSecret?: AppOptions['services']['rotateWebhookSecret'];
  } = {},
) {
  const engine = new Engine(db, { onError: (error) => log(String(error)) });
  const statsFeed = new StatsFeed((journeyId) => engine.stats(journeyId), { intervalMs: statsIntervalMs, log });
  const imports = new ImportRunner(db, { log, now: () => engine.clock() });
  const runtime: Runtime = { db, engine, statsFeed, imports };
  const tokens = staticTokens(ROLES.map((role) => ({ token: TOKENS[role], principal: { name: `${role} user`, role } })));
  // As main.ts: the webhook secret is delivery's (made on first use: most tests never ask).
  let delivery: ReturnType<typeof createDelivery> | undefined;
  const secret = webhookSecret ?? (() => (delivery ??= createDelivery({ db })).webhookSecret());
  const rotate = rotateWebhookSecret ?? (() => (delivery ??= createDelivery({ db })).rotateWebhookSecret());
  const app = createApp({ config, services: { tokens: anyOf(tokens, storedTokens(db)), log, runtime, webhookSecret: secret, rotateWebhookSecret: rotate } });
  return { app, engine, runtime, statsFeed };
}

/** A journey that starts on its own event type, so tests sharing a database do not catch each other's leads. */
export function journeyOn(event: string, nodes: Journey['nodes'], edges: [string, string, string?][], name = `On ${event}`): Journey {
  return {
    schemaVersion: 1,
    name,
    settings: {},
    nodes: [{ id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: { event } } }, ...nodes],
    edges: edges.map(([source, target, sourceHandle], i) => ({ id: `e${i + 1}`, source, target, sourceHandle: sourceHandle ?? 'out' })),
  };
}

let unique = 0;
/** An id no other test in the run uses. */
export function uniqueId(prefix: string): string {
  unique += 1;
  return `${prefix}-${unique}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Trigger on `event` → wait a day at `pause` → exit: leads stay at `pause` for a test to look at. */
export function waitingJourney(event: string): Journey {
  return journeyOn(
    event,
    [
      { id: 'pause', type: 'wait', position: { x: 0, y: 100 }, data: { for: 'P1D' } },
      { id: 'done', type: 'exit', position: { x: 0, y: 200 }, data: { outcome: 'completed' } },
    ],
    [['start', 'pause'], ['pause', 'done']],
  );
}

/**
 * Stores, through the API as a marketer, a plain template for each send and cadence touch of `journey` whose
 * template is not stored yet: publishing refuses a send naming a template that does not exist.
 */
export async function storeTemplatesFor(app: ReturnType<typeof dataTestApp>['app'], journey: Journey): Promise<void> {
  const named = journey.nodes.flatMap((node): { channel: string; template: string }[] =>
    node.type === 'send' ? [node.data] : node.type === 'cadence' ? [...node.data.touches] : [],
  );
  for (const { channel, template: id } of named) {
    const body = channel === 'webhook' ? 'https://hooks.example.com/trellis' : `A ${channel} for {{ lead.email }}`;
    const res = await app.request('/api/templates', jsonRequest({ id, channel, name: `Template ${id}`, subject: 'Hello', body }));
    if (res.status !== 201 && res.status !== 409) throw new Error(`storing template "${id}" answered ${res.status} ${await res.text()}`);
  }
}

/**
 * Saves a journey (storing the templates its sends name) and publishes it, as a marketer;
 * answers its id, or throws unless it is published as version 1.
 */
export async function publishNewJourney(app: ReturnType<typeof dataTestApp>['app'], journey: Journey): Promise<string> {
  await storeTemplatesFor(app, journey);
  const { id } = await json(await app.request('/api/journeys', jsonRequest(journey)));
  const published = await json(await app.request(`/api/journeys/${id}/publish`, { method: 'POST', headers: bearer('marketer') }));
  if (JSON.stringify(published) !== JSON.stringify({ version: 1 })) throw new Error(`publishing "${journey.name}" answered ${JSON.stringify(published)}`);
  return id;
}
