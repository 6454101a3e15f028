import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createCheckedTemplate } from '@trellis/channels';
import { saveScoringModel, type Engine } from '@trellis/engine';
import { scoringModelSchema } from '@trellis/journey';
import { createJourney, readScoringModel, upsertSender, type SqlExecutor } from '@trellis/store';

/**
 * The example journeys (examples/*.json) and the templates their sends name
 * (examples/templates/templates.json) are put into an empty database, so a first `npm start`
 * shows a working product. On the embedded database (the demo) the journeys are published; on a
 * real PostgreSQL they stay drafts, since a server pointed at production with SMTP set would
 * otherwise mail the examples to real leads. A database that holds any journey is left as it
 * is: examples never come back after someone deleted or changed them.
 */

const UNIQUE_VIOLATION = '23505';

export const EXAMPLE_TEMPLATES_FILE = join('templates', 'templates.json');
/** The scoring model the example journeys read their scores from (`PUT /api/scoring`'s body). */
export const EXAMPLE_SCORING_FILE = join('scoring', 'model.json');
/** The lead owners the stay-in-touch drip signs as at score 50+ (`sender: "owner"`). */
export const EXAMPLE_SENDERS_FILE = join('senders', 'senders.json');

export interface LoadedExample {
  id: string;
  name: string;
  /** The published version, why it was left a draft, or that drafts were asked for. */
  outcome: { version: number } | { problems: number } | { draft: true };
}

export interface LoadedExamples {
  journeys: LoadedExample[];
  /** Ids of the templates saved; one refused (bad Liquid, an id taken) is left out and logged. */
  templates: string[];
  /** Whether the example scoring model was saved. */
  scoring?: boolean;
  /** Emails of the example senders registered. */
  senders?: string[];
}

export interface LoadExamplesOptions {
  /** Publish the journeys (the embedded demo) or keep them drafts (a real database). */
  publish: boolean;
  log?: (line: string) => void;
}

export async function loadExamplesIntoEmptyDatabase(
  db: SqlExecutor,
  engine: Engine,
  dir: string,
  { publish, log = () => undefined }: LoadExamplesOptions,
): Promise<LoadedExamples> {
  const [{ count }] = (await db.query<{ count: number }>(`select count(*)::int as count from journeys`)) as [{ count: number }];
  if (count > 0) return { journeys: [], templates: [] };
  const templates = await loadTemplates(db, join(dir, EXAMPLE_TEMPLATES_FILE), log);
  const senders = await loadSenders(db, join(dir, EXAMPLE_SENDERS_FILE));
  const journeys = await loadJourneys(db, engine, dir, publish);
  return { journeys, templates, senders, scoring: await loadScoringModel(db, engine, join(dir, EXAMPLE_SCORING_FILE), log) };
}

/** The example owners, so a lead they own gets the drip's owner-signed emails in their name. */
async function loadSenders(db: SqlExecutor, file: string): Promise<string[]> {
  let list: unknown;
  try {
    list = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return [];
  }
  const saved: string[] = [];
  for (const sender of Array.isArray(list) ? (list as Array<{ email: string; name: string; phone?: string; signature?: string }>) : []) {
    saved.push((await upsertSender(db, sender)).email);
  }
  return saved;
}

/** The example scoring model, into a database that has none (an empty one: see the caller). */
async function loadScoringModel(db: SqlExecutor, engine: Engine, file: string, log: (line: string) => void): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return false; // no example model: nothing is scored until a marketer writes one
  }
  const parsed = scoringModelSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    log(`example scoring model not loaded: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return false;
  }
  if (await readScoringModel(db)) return false;
  await saveScoringModel(db, parsed.data, 'examples', engine.clock());
  return true;
}

async function loadTemplates(db: SqlExecutor, file: string, log: (line: string) => void): Promise<string[]> {
  let list: unknown;
  try {
    list = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return []; // no example templates: the sends will say which template is missing
  }
  const saved: string[] = [];
  for (const template of Array.isArray(list) ? list : []) {
    const result = await createCheckedTemplate(db, template);
    if (result.ok) saved.push(result.template.id);
    else log(`example template ${JSON.stringify((template as { id?: unknown }).id)} not loaded: ${result.problems.map((p) => p.message).join('; ')}`);
  }
  return saved;
}

async function loadJourneys(db: SqlExecutor, engine: Engine, dir: string, publish: boolean): Promise<LoadedExample[]> {
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
    try {
      await createJourney(db, { id, name, draft: document });
    } catch (error) {
      // Another server sharing this database is loading the examples at the same moment.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) continue;
      throw error;
    }
    if (!publish) {
      loaded.push({ id, name, outcome: { draft: true } });
      continue;
    }
    const published = await engine.publish(id);
    loaded.push({
      id,
      name,
      outcome: 'version' in published ? { version: published.version } : { problems: published.problems.length },
    });
  }
  return loaded;
}
