import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from './server.js';

/** How the browser suites act as someone: the API with their token, and a page signed in as them. */

export interface ApiAnswer {
  status: number;
  /** The parsed JSON body; undefined when there is none. */
  body: any;
}

/** Calls the server's API with `token`; a JSON body is sent when given. */
export function apiCaller(server: RunningServer): (token: string, method: string, path: string, body?: unknown) => Promise<ApiAnswer> {
  return async (token, method, path, body) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
}

/** As apiCaller, for set-up calls that must succeed: answers the body, throws on any error status. */
export function apiSetUp(server: RunningServer): (token: string, method: string, path: string, body?: unknown) => Promise<any> {
  const call = apiCaller(server);
  return async (token, method, path, body) => {
    const answer = await call(token, method, path, body);
    if (answer.status >= 400) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
}

/** A token per role, each made by the admin and named after its role. */
export async function roleTokens<R extends string>(server: RunningServer, roles: readonly R[]): Promise<Record<R, string>> {
  const setUp = apiSetUp(server);
  const tokens = {} as Record<R, string>;
  for (const role of roles) tokens[role] = (await setUp(server.token, 'POST', '/api/tokens', { name: `${role} person`, role })).token;
  return tokens;
}

/**
 * A new page signed in as `token` (kept where the web app reads it), at `hash` when given; an
 * uncaught error in the page fails the test.
 */
export async function pageSignedInAs(
  browser: Browser,
  server: RunningServer,
  token: string,
  { hash, viewport = { width: 1440, height: 900 } }: { hash?: string; viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.addInitScript(([given]) => localStorage.setItem('trellis.token', given!), [token]);
  if (hash !== undefined) await page.goto(`${server.url}/${hash}`);
  return page;
}

/**
 * Pauses the example journeys `npm start` publishes, for a suite that counts what its own
 * journeys send: inside the examples' send hours their emails to the suite's leads would share
 * the leads' frequency caps and inboxes, so the outcome would depend on the time of day.
 */
export async function pauseExampleJourneys(server: RunningServer): Promise<void> {
  const setUp = apiSetUp(server);
  const { journeys } = (await setUp(server.token, 'GET', '/api/journeys')) as { journeys: { id: string; status: string }[] };
  for (const journey of journeys) if (journey.status === 'active') await setUp(server.token, 'POST', `/api/journeys/${journey.id}/pause`);
}
