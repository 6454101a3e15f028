import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Engine } from '@trellis/engine';
import { createJourney, type SqlExecutor } from '@trellis/store';

/**
 * The example journeys (examples/*.json) are put into an empty database and published, so a
 * first `npm start` shows a working product. A database that holds any journey is left as it
 * is: examples never come back after someone deleted or changed them.
 */

export interface LoadedExample {
  id: string;
  name: string;
  /** The published version, or why it was left a draft. */
  outcome: { version: number } | { problems: number };
}

export async function loadExamplesIntoEmptyDatabase(db: SqlExecutor, engine: Engine, dir: string): Promise<LoadedExample[]> {
  const [{ count }] = (await db.query<{ count: number }>(`select count(*)::int as count from journeys`)) as [{ count: number }];
  if (count > 0) return [];
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return []; // an install without the examples folder starts empty
  }
  const loaded: LoadedExample[] = [];
  for (const file of files) {
    const document = JSON.parse(await readFile(join(dir, file), 'utf8')) as { name?: unknown };
    const id = basename(file, '.json');
    const name = typeof document.name === 'string' ? document.name : id;
    await createJourney(db, { id, name, draft: document });
    const published = await engine.publish(id);
    loaded.push({
      id,
      name,
      outcome: 'version' in published ? { version: published.version } : { problems: published.problems.length },
    });
  }
  return loaded;
}
