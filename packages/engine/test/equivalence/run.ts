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
const { values } = parseArgs({ args: process.argv.slice(2).filter((arg) => arg !== '--'), options: { runs: { type: 'string', default: '10000' }, seed: { type: 'string' }, from: { type: 'string', default: '0' }, verbose: { type: 'boolean', default: false } } });
const runs = Number(values.runs);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
// --from N replays a long run from its Nth draw, to look again at one case without the ones before it.
const from = Number(values.from);

const db = await openMigratedEmbeddedDatabase();
const side = new EngineSide(db);
let played = 0;
let skipped = 0;
let differing = 0;
const began = performance.now();
try {
  const draws = fc.sample(caseDraws, { numRuns: runs, seed });
  let current: { index: number; startedAt: number; reported: boolean; text: () => string } | undefined;
  // A case that takes minutes is a bug of its own (a hang, a runaway loop): name it while it runs.
  const watchdog = setInterval(() => {
    if (current && !current.reported && performance.now() - current.startedAt > 30_000) {
      current.reported = true;
      console.log(`\ncase ${current.index} has been playing for 30 s:\n${current.text()}\n`);
    }
  }, 5_000);
  watchdog.unref();
  for (const [i, draw] of draws.entries()) {
    if (i < from) continue;
    const tag = `r${String(i).padStart(6, '0')}`;
    const c = caseOf(draw, tag, `${tag}-j`);
    if (hasErrors(validateJourney(c.journey))) {
      skipped++;
      continue;
    }
    if (values.verbose) console.log(`case ${i}`);
    current = { index: i, startedAt: performance.now(), reported: false, text: () => describeCase(c) };
    const found = differences(inSimulator(c, `${tag}-j`), await side.play(c, `${tag}-j`));
    const took = performance.now() - current.startedAt;
    if (took > 10_000) console.log(`case ${i} took ${(took / 1000).toFixed(0)} s`);
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
