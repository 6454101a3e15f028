import { findToken, type SqlQueryable } from '@trellis/store';
import type { TokenDirectory } from './auth.js';

/** Tokens issued by `POST /api/tokens`, looked up by hash in the database; revoked ones are unknown. */
export function storedTokens(db: SqlQueryable): TokenDirectory {
  return {
    async lookup(token) {
      const found = await findToken(db, token);
      return found ? { name: found.name, role: found.role } : undefined;
    },
  };
}
