import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ADMIN_TOKEN_FILE = 'admin-token';

export type AdminToken =
  | { token: string; source: 'env' }
  | { token: string; source: 'created' | 'file'; file: string };

/**
 * The admin's bearer token: TRELLIS_ADMIN_TOKEN when set; otherwise the one kept in the data
 * directory, made on the first start (random, file mode 0600) so a fresh install can log in
 * without configuring anything. The caller prints a created token once and, later, only where
 * it is kept.
 */
export function resolveAdminToken({ envToken, dataDir }: { envToken?: string; dataDir: string }): AdminToken {
  if (envToken !== undefined && envToken.trim() !== '') return { token: envToken.trim(), source: 'env' };
  const file = join(dataDir, ADMIN_TOKEN_FILE);
  const existing = readTokenFile(file);
  if (existing !== undefined) return { token: existing, source: 'file', file };
  mkdirSync(dataDir, { recursive: true });
  const token = `trl_${randomBytes(32).toString('base64url')}`;
  try {
    // 'wx': two servers starting at once on one data directory must not each write a token.
    writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      const raced = readTokenFile(file);
      if (raced !== undefined) return { token: raced, source: 'file', file };
    }
    throw error;
  }
  return { token, source: 'created', file };
}

function readTokenFile(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const token = text.trim();
  if (token === '') throw new Error(`${file} is empty: delete it to have a new admin token made, or write one into it.`);
  return token;
}
