import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ADMIN_TOKEN_FILE = 'admin-token';

/**
 * The admin token opens everything, and failed guesses are only slowed (20 a minute per
 * address), not stopped: 24 characters is out of reach of guessing; a made one has 47.
 */
export const MIN_ADMIN_TOKEN_LENGTH = 24;

/** Why `token` is too weak to be the admin's, naming `where` it came from; undefined when it will do. */
export function weakAdminTokenProblem(token: string, where: string): string | undefined {
  if (token.length >= MIN_ADMIN_TOKEN_LENGTH) return undefined;
  return (
    `${where} must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters long (it has ${token.length}): a short admin token can be guessed. ` +
    'Make one with "openssl rand -base64 32".'
  );
}

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
  const weak = weakAdminTokenProblem(token, `The token in ${file}`);
  if (weak !== undefined) throw new Error(`${weak} Or delete the file to have one made.`);
  return token;
}
