import type { Journey } from '@trellis/journey';
import { createApp } from './app.js';
import { ROLES, staticTokens, type Role } from './auth.js';
import type { AppOptions, RouteSpec } from './route.js';

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
