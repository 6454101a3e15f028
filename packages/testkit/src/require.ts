/**
 * Suites that need something outside Node (Chromium, PostgreSQL) skip themselves on a machine
 * without it, saying in one line what to install; CI sets TRELLIS_REQUIRE_ALL=1 so that a
 * missing dependency fails the run instead of quietly shrinking it.
 */

export const REQUIRE_ALL_ENV = 'TRELLIS_REQUIRE_ALL';

export interface RequireOptions {
  env?: Record<string, string | undefined>;
  log?: (line: string) => void;
}

export class MissingDependencyError extends Error {
  override name = 'MissingDependencyError';
}

export function everythingRequired(env: Record<string, string | undefined> = process.env): boolean {
  return env[REQUIRE_ALL_ENV] === '1';
}

/**
 * Returns whether a suite that needs `what` can run: true when it is available; false (after
 * one console line) when it is not; throws when it is not and every suite is mandatory.
 * Use with `describe.skipIf(!requireOrSkip(...))`.
 */
export function requireOrSkip(
  what: string,
  available: boolean,
  howToInstall: string,
  { env = process.env, log = (line) => console.warn(line) }: RequireOptions = {},
): boolean {
  if (available) return true;
  if (everythingRequired(env)) {
    throw new MissingDependencyError(
      `${what} is required (${REQUIRE_ALL_ENV}=1) but not available: ${howToInstall}`,
    );
  }
  log(`skipped: ${what} is not available; to run these tests: ${howToInstall}`);
  return false;
}
