import { createHmac } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { WEBHOOK_ALLOW_VARIABLE, hostOf, nonPublicAddress, webhookUrlProblem, type ResolveHost, type WebhookAllowList } from './webhook-address.js';

/**
 * A JSON POST to a webhook or a provider, signed so the receiver can check it came from this
 * instance: `X-Trellis-Signature: sha256=<hex HMAC-SHA256 of the raw body>`. `Idempotency-Key`
 * carries the send's key, the same on every retry, so the receiver can drop a repeat.
 *
 * A marketer's webhook goes only where webhook-address.ts allows: the URL is checked as
 * written, and a host name's addresses are checked inside the lookup of the connection that
 * posts, which then connects to exactly the address it checked. Redirects are not followed.
 *
 * Connections are kept open between POSTs (keep-alive agents, one pair per delivery). A kept
 * connection was opened through the same checked lookup (the guard is the same for the whole
 * delivery and the agent keys connections by host and port), so reusing it reaches the very
 * address that was judged. A POST whose reused connection turns out to have been closed by
 * the receiver meanwhile (ECONNRESET before any answer) is sent again once on a fresh one.
 */

export const SIGNATURE_HEADER = 'X-Trellis-Signature';
/** Signed with the secret before a rotation, for its grace period (webhook-secrets.ts). */
export const PREVIOUS_SIGNATURE_HEADER = 'X-Trellis-Signature-Previous';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

export type PostResult = { ok: true; status: number } | { ok: false; error: string; permanent: boolean };

/** Where a marketer's webhook may go, and how host names are resolved. */
export interface WebhookGuard {
  allow: WebhookAllowList;
  resolve: ResolveHost;
}

export interface PostAgents {
  http: HttpAgent;
  https: HttpsAgent;
}

/** Keep-alive agents with room for every delivery in flight to hold its own connection. */
export function createPostAgents(maxSockets: number): PostAgents {
  // Idle connections are dropped after 4 s, before a receiver's own idle limit (Node's is 5 s) closes them under a request.
  const options = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets, timeout: 4_000, scheduling: 'lifo' as const };
  return { http: new HttpAgent(options), https: new HttpsAgent(options) };
}

export interface PostOptions {
  secret: string;
  /** The secret before a rotation, still verifying: signs a second header. */
  previousSecret?: string | null;
  idempotencyKey: string;
  timeoutMs: number;
  /** A marketer's URL is guarded; null for a URL an admin configured (a provider's). */
  guard: WebhookGuard | null;
  /** Kept-open connections; without, each POST opens and closes its own. */
  agents?: PostAgents;
  /** A marketer's webhook template may ask for PUT or PATCH, extra headers, and its own JSON text. */
  request?: { method: 'POST' | 'PUT' | 'PATCH'; headers: Record<string, string>; rawBody: string | null };
}

export function signBody(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

export async function postSigned(url: string, body: unknown, { secret, previousSecret, idempotencyKey, timeoutMs, guard, agents, request }: PostOptions): Promise<PostResult> {
  const method = request?.method ?? 'POST';
  if (guard) {
    const problem = webhookUrlProblem(url, guard.allow);
    if (problem) return refused(url, problem, method);
  }
  const target = new URL(url);
  const rawBody = request?.rawBody ?? JSON.stringify(body);
  const signal = AbortSignal.timeout(timeoutMs);
  const headers = {
    // The template's own headers first: the ones below (type, length, signature, key) always win.
    ...request?.headers,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(rawBody)),
    'user-agent': 'Trellis',
    [IDEMPOTENCY_HEADER]: idempotencyKey,
    [SIGNATURE_HEADER]: signBody(secret, rawBody),
    ...(previousSecret ? { [PREVIOUS_SIGNATURE_HEADER]: signBody(previousSecret, rawBody) } : {}),
  };
  // An allowed host name is resolved by the guard's resolver too, but its addresses are not judged.
  const lookup = guard ? checkedLookup(guard, !guard.allow.hosts.has(hostOf(target))) : undefined;
  let answer: { status: number; location: string | null };
  try {
    const agent = agents ? (target.protocol === 'https:' ? agents.https : agents.http) : false;
    answer = await exchange(target, { method, headers, lookup, signal, agent }, rawBody).catch((error: StaleConnection | Error) => {
      if (error instanceof StaleConnection) return exchange(target, { method, headers, lookup, signal, agent }, rawBody);
      throw error;
    });
  } catch (error) {
    if (error instanceof RefusedAddress) return refused(url, error.message, method);
    if (signal.aborted) return { ok: false, error: `${method} ${url}: no answer within ${timeoutMs} ms`, permanent: false };
    return { ok: false, error: `${method} ${url}: ${(error as Error).message}`, permanent: false };
  }
  const { status, location } = answer;
  if (status >= 200 && status < 300) return { ok: true, status };
  if (status >= 300 && status < 400) {
    // Following would post lead data wherever the receiver points, past the checks above.
    const to = location ? ` to ${location}` : '';
    return { ok: false, error: `${method} ${url}: HTTP ${status}, a redirect${to}, which webhooks do not follow`, permanent: true };
  }
  return {
    ok: false,
    error: `${method} ${url}: HTTP ${status}`,
    // A 4xx other than a timeout or a rate limit will not change on a retry.
    permanent: status >= 400 && status < 500 && status !== 408 && status !== 429,
  };
}

/**
 * Refused before any connection is made, and worded the same whatever the port: the outcome
 * tells nothing about what listens there. Final, since retrying cannot change the rule.
 */
function refused(url: string, reason: string, method = 'POST'): PostResult {
  return { ok: false, error: `${method} ${url}: refused: ${reason} (an admin can allow hosts in ${WEBHOOK_ALLOW_VARIABLE})`, permanent: true };
}

class RefusedAddress extends Error {}

/** A kept connection the receiver had closed: the request never reached it. */
class StaleConnection extends Error {}

/**
 * The connection's own lookup: resolves, refuses the whole host if any address is not public
 * (when `judge`), and hands the connection the addresses it judged, so nothing resolves again
 * between the check and the connect.
 */
function checkedLookup(guard: WebhookGuard, judge: boolean): LookupFunction {
  return (hostname, options, callback) => {
    const answer = guard.resolve(hostname).then((found) => {
      const wanted = options.family === 4 || options.family === 6 ? found.filter((a) => a.family === options.family) : found;
      if (wanted.length === 0) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      for (const { address } of judge ? wanted : []) {
        const kind = nonPublicAddress(address, guard.allow);
        if (kind) throw new RefusedAddress(`${hostname} resolves to ${address}, ${kind}, which webhooks may not reach`);
      }
      return wanted;
    });
    answer.then(
      (addresses) => {
        // Node asks for every address when it tries families in turn (autoSelectFamily), else one.
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

function exchange(
  url: URL,
  {
    method,
    headers,
    lookup,
    signal,
    agent,
  }: { method: string; headers: Record<string, string>; lookup: LookupFunction | undefined; signal: AbortSignal; agent: HttpAgent | false },
  rawBody: string,
): Promise<{ status: number; location: string | null }> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method, headers, signal, ...(lookup ? { lookup } : {}), agent }, (response) => {
      // Only the status matters; drain the body so the connection is freed.
      response.on('error', () => {});
      response.resume();
      resolve({ status: response.statusCode ?? 0, location: response.headers.location ?? null });
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      // Node's own advice for keep-alive: a reset on a reused socket means it was stale.
      reject(outgoing.reusedSocket && error.code === 'ECONNRESET' ? new StaleConnection(error.message) : error);
    });
    outgoing.end(rawBody);
  });
}
