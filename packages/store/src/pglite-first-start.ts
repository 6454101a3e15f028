import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Creates a new PGlite data directory in a child process. Creating one runs initdb inside
 * PGlite, and the memory that takes stays with the process that did it (measured: a server's
 * RSS of 696 MB after its first start, 243 MB when it opens the same folder again). Done in a
 * child that exits, the server opens a folder that exists and keeps only what serving needs.
 * Costs 2–3 s more on a first start here (8.3 s → 10–12 s to ready), once per data folder.
 */
export async function createDataDirApart(pgliteDir: string): Promise<void> {
  if (existsSync(join(pgliteDir, 'PG_VERSION'))) return;
  // Resolved here, so the child loads the PGlite this process would (also from a bundle).
  const pglite = import.meta.resolve('@electric-sql/pglite');
  // Its failure is told in one line, the error's own message, not a stack and Node's version.
  const script = `try {
  const { PGlite } = await import(${JSON.stringify(pglite)});
  const pg = await PGlite.create({ dataDir: process.argv[1] });
  await pg.close();
} catch (error) {
  process.stderr.write(String(error?.message ?? error).split('\\n')[0] + '\\n');
  process.exit(1);
}`;
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '--eval', script, pgliteDir], { timeout: 120_000 }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      const said = stderr.trim().split('\n').filter(Boolean).pop();
      reject(new Error(`could not create the embedded database in ${pgliteDir}: ${said ?? error.message}`));
    });
  });
}
