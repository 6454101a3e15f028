import { expect, it } from 'vitest';
import { createToken, findToken, hashToken, listTokens, revokeToken } from './tokens.js';
import { describeEachDatabase } from './test-databases.js';

describeEachDatabase('API tokens', (database) => {
  it('returns the plaintext once and stores only its SHA-256', async () => {
    const { id, token } = await createToken(database.db, { name: 'CRM sync', role: 'ingest' });
    expect(token).toMatch(/^trl_[A-Za-z0-9_-]{43}$/);
    const [stored] = await database.db.query<{ token_hash: string }>('select token_hash from api_tokens where id = $1', [id]);
    expect(stored!.token_hash).toBe(hashToken(token));
    expect(stored!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await database.db.query('select * from api_tokens'))).not.toContain(token);
  });

  it('hashes with SHA-256', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('finds the role of a token, and nothing for an unknown one', async () => {
    const { id, token } = await createToken(database.db, { name: 'Sales desk', role: 'sales' });
    expect(await findToken(database.db, token)).toEqual({ id, name: 'Sales desk', role: 'sales' });
    expect(await findToken(database.db, `${token}x`)).toBeNull();
  });

  it('revokes a token once; a revoked token is found no more', async () => {
    const { id, token } = await createToken(database.db, { name: 'Old laptop', role: 'marketer' });
    expect(await revokeToken(database.db, id)).toBe(true);
    expect(await revokeToken(database.db, id)).toBe(false);
    expect(await revokeToken(database.db, 'no-such-token')).toBe(false);
    expect(await findToken(database.db, token)).toBeNull();
  });

  it('lists every token, oldest first, with revocations and without hashes', async () => {
    const listed = await listTokens(database.db);
    expect(listed.map(({ name, role, revokedAt }) => ({ name, role, revoked: revokedAt instanceof Date }))).toEqual([
      { name: 'CRM sync', role: 'ingest', revoked: false },
      { name: 'Sales desk', role: 'sales', revoked: false },
      { name: 'Old laptop', role: 'marketer', revoked: true },
    ]);
    expect(Object.keys(listed[0]!).sort()).toEqual(['createdAt', 'id', 'name', 'revokedAt', 'role']);
  });

  it('refuses a role outside the six', async () => {
    await expect(createToken(database.db, { name: 'x', role: 'superuser' as never })).rejects.toThrow(/api_tokens_role_check/);
  });
});
