import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentProblems, templateInputSchema } from '@trellis/channels';
import { describe, expect, it } from 'vitest';
import { Engine } from '@trellis/engine';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { listSenders, readScoringModel } from '@trellis/store';
import { EXAMPLE_SCORING_FILE, EXAMPLE_TEMPLATES_FILE, loadExamplesIntoEmptyDatabase } from './examples.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));

describe('the example templates', () => {
  const templates = JSON.parse(readFileSync(join(EXAMPLES, EXAMPLE_TEMPLATES_FILE), 'utf8')) as unknown[];

  it('are all valid templates whose Liquid parses', () => {
    for (const template of templates) {
      const parsed = templateInputSchema.parse(template);
      expect([parsed.id, contentProblems(parsed)]).toEqual([parsed.id, []]);
    }
  });

  it('cover every send of the example journeys, webhooks included (a publish refuses a send whose template is not stored)', () => {
    const have = new Map(templates.map((t) => [(t as { id: string }).id, (t as { channel: string }).channel]));
    const missing: string[] = [];
    for (const file of readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'))) {
      const journey = JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as { nodes: { type: string; data: { channel?: string; template?: string } }[] };
      for (const node of journey.nodes.filter((n) => n.type === 'send')) {
        if (have.get(node.data.template!) !== node.data.channel) missing.push(`${file}: ${node.data.template} (${node.data.channel})`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describeEachDatabase('loading the examples', (database) => {
  it('into one empty database from two servers at once loads each journey once, and neither fails', async () => {
    const engine = new Engine(database.db);
    const [first, second] = await Promise.all([
      loadExamplesIntoEmptyDatabase(database.db, engine, EXAMPLES, { publish: true }),
      loadExamplesIntoEmptyDatabase(database.db, engine, EXAMPLES, { publish: true }),
    ]);
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json')).length;
    expect(first.journeys.length + second.journeys.length).toBe(files);
    const [{ n }] = (await database.db.query<{ n: number }>(`select count(*)::int as n from journeys`)) as [{ n: number }];
    expect(n).toBe(files);
    // The example scoring model is saved with them: the journeys' score branches read what it gives.
    const stored = await readScoringModel(database.db);
    expect(stored!.model).toEqual(JSON.parse(readFileSync(join(EXAMPLES, EXAMPLE_SCORING_FILE), 'utf8')));
    expect(first.scoring === true || second.scoring === true).toBe(true);
    // The owners the stay-in-touch drip signs as at score 50+ are registered senders.
    const senders = await listSenders(database.db);
    expect(senders.map((s) => [s.email, s.name])).toEqual([
      ['priya.shah@trellis.example', 'Priya Shah'],
      ['sam.reyes@trellis.example', 'Sam Reyes'],
    ]);
    expect(senders[1]!.phone).toBe('+14155550142');
  });
});
