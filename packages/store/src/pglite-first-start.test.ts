import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createDataDirApart } from './pglite-first-start.js';

const root = mkdtempSync(join(tmpdir(), 'trellis-first-start-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('creates a new data directory in a child process, and leaves an existing one as it is', async () => {
  const dir = join(root, 'pglite');
  await createDataDirApart(dir);
  expect(existsSync(join(dir, 'PG_VERSION'))).toBe(true);
  writeFileSync(join(dir, 'marker'), 'kept');
  await createDataDirApart(dir);
  expect(existsSync(join(dir, 'marker'))).toBe(true);
}, 120_000);

it('says which folder it could not create the database in, and why', async () => {
  const file = join(root, 'a-file');
  writeFileSync(file, 'not a folder');
  // The child's own reason, in one line: not a stack trace, not Node's version.
  await expect(createDataDirApart(join(file, 'pglite'))).rejects.toThrow(
    `could not create the embedded database in ${join(file, 'pglite')}: ENOTDIR: not a directory, mkdir '${join(file, 'pglite')}'`,
  );
}, 120_000);
