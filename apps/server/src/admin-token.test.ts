import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAdminToken } from './admin-token.js';

const freshDir = () => join(mkdtempSync(join(tmpdir(), 'trellis-admin-')), 'data');

describe('resolveAdminToken', () => {
  it('uses TRELLIS_ADMIN_TOKEN when it is set, and writes nothing', () => {
    const dataDir = freshDir();
    expect(resolveAdminToken({ envToken: 'from-env-0123456789abcdef', dataDir })).toEqual({ token: 'from-env-0123456789abcdef', source: 'env' });
    expect(() => statSync(dataDir)).toThrow();
  });

  it('makes a random token on the first start, kept in the data directory with mode 0600', () => {
    const dataDir = freshDir();
    const first = resolveAdminToken({ dataDir });
    expect(first.source).toBe('created');
    expect(first.token).toMatch(/^trl_[A-Za-z0-9_-]{43}$/);
    const file = join(dataDir, 'admin-token');
    expect(readFileSync(file, 'utf8')).toBe(`${first.token}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('reads the kept token on later starts', () => {
    const dataDir = freshDir();
    const first = resolveAdminToken({ dataDir });
    expect(resolveAdminToken({ dataDir })).toEqual({ token: first.token, source: 'file', file: join(dataDir, 'admin-token') });
  });

  it('treats an empty TRELLIS_ADMIN_TOKEN as unset', () => {
    expect(resolveAdminToken({ envToken: '  ', dataDir: freshDir() }).source).toBe('created');
  });

  it('refuses an empty token file with a message saying what to do', () => {
    const dataDir = freshDir();
    resolveAdminToken({ dataDir });
    writeFileSync(join(dataDir, 'admin-token'), '\n');
    expect(() => resolveAdminToken({ dataDir })).toThrow(
      `${join(dataDir, 'admin-token')} is empty: delete it to have a new admin token made, or write one into it.`,
    );
  });

  it('refuses a token file holding fewer than 24 characters', () => {
    const dataDir = freshDir();
    resolveAdminToken({ dataDir });
    writeFileSync(join(dataDir, 'admin-token'), 'letmein\n');
    expect(() => resolveAdminToken({ dataDir })).toThrow(
      `The token in ${join(dataDir, 'admin-token')} must be at least 24 characters long (it has 7): a short admin token can be guessed. Make one with "openssl rand -base64 32". Or delete the file to have one made.`,
    );
  });
});
