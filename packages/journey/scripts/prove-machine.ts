import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { journeyArb, leadLifeArb } from '../test/journey-arbitrary.js';
import { playLife, type TraceEntry } from '../test/play-both.js';

/**
 * `npm run prove:machine [cases]`: plays 10,000 generated journeys and lead lives (or `cases`)
 * through `advance` and through the XState machine's `transition()`, prints how many cases,
 * inputs and effects were compared, what they covered, and the differences found (a failing
 * case is printed shrunk, with its journey and inputs). Exits 1 on any difference.
 */

const cases = Number(process.argv[2] ?? 10_000);
const seen = new Map<string, number>();
const count = (key: string) => seen.set(key, (seen.get(key) ?? 0) + 1);
let inputs = 0;
let effects = 0;

function tally(trace: TraceEntry[]): void {
  for (const { input, result } of trace) {
    inputs++;
    count(`input ${input.kind}`);
    const run = result.run;
    if (run.instantSteps !== undefined) count('rests for no time, keeping its steps');
    if (run.returnToSalesAt !== undefined) count('carries a return date for sales');
    if (run.status === 'active' && run.wakeAt === null && result.effects.length > 0) count('rests with no wake-up (held send or event wait)');
    if (result.effects.length === 0) count(`input that changed nothing: ${input.kind}`);
    for (const effect of result.effects) {
      effects++;
      if (effect.type === 'send') count(effect.touch === undefined ? `send ${effect.status}` : `cadence touch ${effect.status}`);
      else if (effect.type === 'step' && effect.touch !== undefined) count('cadence touch step');
      else if (effect.type === 'ended') count(`ended ${effect.outcome}`);
      else if (effect.type === 'handoff_closed') count(`handoff closed (${effect.reason === 'sla_expired' ? 'SLA' : 'left'})`);
      else if (effect.type === 'left') count(`left by ${effect.handle.replace(/\d+$/, 'N')}`);
      else count(effect.type);
    }
  }
}

const began = performance.now();
const details = fc.check(
  fc.property(journeyArb(), leadLifeArb, (journey, life) => {
    const machine = playLife(journey, life, 'machine');
    const walked = playLife(journey, life, 'advance');
    tally(walked);
    return isDeepStrictEqual(machine, walked);
  }),
  { numRuns: cases },
);
const seconds = (performance.now() - began) / 1000;
const differences = details.failed ? 1 : 0;
console.log(`${details.numRuns} cases (${inputs} inputs, ${effects} effects) through advance and XState's transition() in ${seconds.toFixed(1)} s: ${differences} differences`);
console.log([...seen].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `  ${k}: ${n}`).join('\n'));
if (details.failed) {
  console.log(fc.defaultReportMessage(details));
  process.exitCode = 1;
}
