import { hasErrors, validateJourney } from '@trellis/journey';
import { openMigratedEmbeddedDatabase } from '@trellis/store/test-databases';
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { caseDraws } from './cases.js';
import { caseOf, describeCase, differences, EngineSide, inSimulator } from './observe.js';

/**
 * `pnpm --filter @trellis/engine equivalence -- --runs 10000 [--seed N]`: the equivalence test's
 * generated cases, many more of them, each played by the simulator and by the engine on PGlite.
 * Prints the count of cases played, skipped (journeys the validator refuses) and differing, and
 * each difference with its case; exits 1 if there was one.
 */

// pnpm passes the `--` that separates its own options on to the script.
const { values } = parseArgs({ args: process.argv.slice(2).filter((arg) => arg !== '--'), options: { runs: { type: 'string', default: '10000' }, seed: { type: 'string' } } });
const runs = Number(values.runs);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);

const db = await openMigratedEmbeddedDatabase();
const side = new EngineSide(db);
let played = 0;
let skipped = 0;
let differing = 0;
const began = performance.now();
try {
  const draws = fc.sample(caseDraws, { numRuns: runs, seed });
  for (const [i, draw] of draws.entries()) {
    const tag = `r${String(i).padStart(6, '0')}`;
    const c = caseOf(draw, tag, `${tag}-j`);
    if (hasErrors(validateJourney(c.journey))) {
      skipped++;
      continue;
    }
    const found = differences(inSimulator(c, `${tag}-j`), await side.play(c, `${tag}-j`));
    played++;
    if (found.length > 0) {
      differing++;
      console.log(`\ncase ${i} differs:\n${found.join('\n')}\n${describeCase(c)}`);
    }
    if ((i + 1) % 500 === 0) console.log(`${i + 1} of ${runs} drawn: ${played} played, ${differing} differing`);
  }
} finally {
  await db.close();
}
const seconds = ((performance.now() - began) / 1000).toFixed(0);
console.log(`seed ${seed}: ${played} cases played, ${skipped} skipped as invalid journeys, ${differing} with differences (${seconds} s)`);
process.exitCode = differing > 0 ? 1 : 0;
