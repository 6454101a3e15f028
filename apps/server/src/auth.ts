import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from './errors.js';
import { clientAddress, TokenBuckets, type BucketLimit } from './rate-limit.js';

export const ROLES = ['admin', 'marketer', 'reviewer', 'operator', 'sales', 'ingest'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** How logs and audit trails name the holder of the token, e.g. "admin (TRELLIS_ADMIN_TOKEN)". */
  name: string;
  role: Role;
}

/**
 * Where bearer tokens are looked up. The admin token from the environment or the data
 * directory is one directory; tokens issued by `POST /api/tokens` (stored hashed) are another,
 * and `anyOf` chains them.
 */
export interface TokenDirectory {
  lookup(token: string): Promise<Principal | undefined>;
}

export interface AuthEnv {
  Variables: { principal: Principal };
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** A fixed set of tokens held in memory, compared by hash in constant time. */
export function staticTokens(entries: readonly { token: string; principal: Principal }[]): TokenDirectory {
  const hashed = entries.map(({ token, principal }) => ({ hash: hashToken(token), principal }));
  return {
    async lookup(token) {
      const candidate = hashToken(token);
      let found: Principal | undefined;
      for (const entry of hashed) {
        if (timingSafeEqual(entry.hash, candidate)) found = entry.principal;
      }
      return found;
    },
  };
}

export function anyOf(...directories: TokenDirectory[]): TokenDirectory {
  return {
    async lookup(token) {
      for (const directory of directories) {
        const principal = await directory.lookup(token);
        if (principal) return principal;
      }
      return undefined;
    },
  };
}

/** `Authorization: Bearer <token>` → the token, or undefined when the header is absent or not a bearer. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * Unknown bearer tokens a client may try: 20 at once, then one every 3 s (20 a minute). Only
 * failures count, so a client with a good token is never slowed; a client past the limit is
 * answered 429 before its token is looked up, or guessing would go on at full speed, told
 * apart by the status.
 */
export const AUTH_FAILURE_LIMIT: BucketLimit = { burst: 20, refillMs: 3_000 };

/** Puts the caller's Principal in `c.var.principal`, or answers 401 (429 after too many unknown tokens). */
export function authenticate(
  tokens: TokenDirectory,
  { failures = new TokenBuckets(AUTH_FAILURE_LIMIT), clientOf = clientAddress }: { failures?: TokenBuckets; clientOf?: (c: Context) => string } = {},
): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const token = bearerToken(header);
    if (!token) {
      c.header('WWW-Authenticate', 'Bearer');
      throw new ApiError(
        401,
        'unauthorized',
        header ? 'The Authorization header must be "Bearer <token>".' : 'Send "Authorization: Bearer <token>" with this request.',
      );
    }
    const client = clientOf(c);
    const waitMs = failures.waitMs(client);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1_000);
      c.header('Retry-After', String(seconds));
      throw new ApiError(429, 'too_many_requests', `Too many unknown bearer tokens from this address; try again in ${seconds} s.`);
    }
    const principal = await tokens.lookup(token);
    if (!principal) {
      failures.take(client);
      c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw new ApiError(401, 'unauthorized', 'That bearer token is not known (it may have been revoked).');
    }
    c.set('principal', principal);
    await next();
  };
}

/** 403 unless the caller's role is one of `roles`; `admin` may do everything. */
export function requireRole(...roles: Role[]): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const { role } = c.get('principal');
    if (role !== 'admin' && !roles.includes(role)) {
      const allowed = ['admin', ...roles.filter((r) => r !== 'admin')].join(', ');
      throw new ApiError(403, 'forbidden', `The ${role} role cannot do this; it needs one of: ${allowed}.`);
    }
    await next();
  };
}
