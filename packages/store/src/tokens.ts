import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { SqlQueryable } from './sql.js';

/**
 * API tokens (http-api.md, Auth): the plaintext is returned once, at creation; only its
 * SHA-256 is stored. A plain hash suffices (no salt, no slow KDF): the token is 32 random
 * bytes, not a guessable password, and lookups must be one indexed equality.
 */

export const TOKEN_ROLES = ['admin', 'marketer', 'reviewer', 'operator', 'sales', 'ingest'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

export const TOKEN_PREFIX = 'trl_';

export interface TokenRecord {
  id: string;
  name: string;
  role: TokenRole;
  createdAt: Date;
  revokedAt: Date | null;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createToken(
  db: SqlQueryable,
  input: { name: string; role: TokenRole },
): Promise<{ id: string; token: string }> {
  const id = randomUUID();
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  await db.query(`insert into api_tokens (id, name, role, token_hash) values ($1, $2, $3, $4)`, [
    id,
    input.name,
    input.role,
    hashToken(token),
  ]);
  return { id, token };
}

/** Who presents `token`: its id, name and role, or null when it is unknown or revoked. */
export async function findToken(
  db: SqlQueryable,
  token: string,
): Promise<Pick<TokenRecord, 'id' | 'name' | 'role'> | null> {
  const [found] = await db.query<Pick<TokenRecord, 'id' | 'name' | 'role'>>(
    `select id, name, role from api_tokens where token_hash = $1 and revoked_at is null`,
    [hashToken(token)],
  );
  return found ?? null;
}

/** Every token, oldest first, without hashes. */
export function listTokens(db: SqlQueryable): Promise<TokenRecord[]> {
  return db.query<TokenRecord>(
    `select id, name, role, created_at as "createdAt", revoked_at as "revokedAt"
       from api_tokens order by created_at, id`,
  );
}

/** Revokes a token; false when there is no such token or it was revoked already. */
export async function revokeToken(db: SqlQueryable, id: string): Promise<boolean> {
  const rows = await db.query(
    `update api_tokens set revoked_at = now() where id = $1 and revoked_at is null returning id`,
    [id],
  );
  return rows.length === 1;
}
