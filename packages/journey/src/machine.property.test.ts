import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { journeyArb, leadLifeArb } from '../test/journey-arbitrary.js';
import { playLife } from '../test/play-both.js';
import { journeySchema } from './schema.js';

/**
 * The journey's XState machine, run with XState's own `transition()`, does what `advance` does:
 * on generated journeys and lead lives, every input gives the same run, lead, effects (steps,
 * handles, sends with channel, template, status and time, lead changes, handoffs, outcomes)
 * and step count. A failing case prints its journey and inputs, shrunk.
 * `npm run prove:machine` (in packages/journey) plays 10,000 cases.
 */

describe('the XState machine and advance', () => {
  it('give the same runs, leads and effects for every input of generated journeys and lives', () => {
    fc.assert(
      fc.property(journeyArb(), leadLifeArb, (journey, life) => {
        expect(playLife(journey, life, 'machine')).toStrictEqual(playLife(journey, life, 'advance'));
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  const examplesDir = fileURLToPath(new URL('../../../examples/', import.meta.url));
  const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.json'));

  it.each(examples)('give the same for generated lives through the example %s', (file) => {
    const journey = journeySchema.parse(JSON.parse(readFileSync(examplesDir + file, 'utf8')));
    fc.assert(
      fc.property(leadLifeArb, (life) => {
        expect(playLife(journey, life, 'machine')).toStrictEqual(playLife(journey, life, 'advance'));
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
