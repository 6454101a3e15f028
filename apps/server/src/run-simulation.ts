import { setImmediate as nextTurn } from 'node:timers/promises';
import { SIMULATION_BUDGET, SimulationRun, startSimulation, tooLong, type ParsedSimulateRequest, type SimulateOutcome } from '@trellis/simulate';

/**
 * Runs a simulation in slices of about `SLICE_MS`, letting the event loop serve other requests
 * between them, and stops it when it has run `seconds`. The simulator is pure and synchronous:
 * played at once, a 10,000-lead simulation held every other request for a second or two, and
 * a journey that looped without pausing held them for good. Slicing (rather than a worker
 * thread) keeps the simulator's one code path and needs no second TypeScript loader; the step
 * budget inside the simulator bounds its memory, this bounds its time.
 */
const SLICE_MS = 20;

export async function runSimulation(
  request: ParsedSimulateRequest,
  { seconds = SIMULATION_BUDGET.seconds }: { seconds?: number } = {},
): Promise<SimulateOutcome> {
  const run = startSimulation(request);
  if (!(run instanceof SimulationRun)) return run;
  const deadline = performance.now() + seconds * 1000;
  for (;;) {
    const sliceEnd = Math.min(performance.now() + SLICE_MS, deadline);
    const outcome = run.proceed(() => performance.now() >= sliceEnd);
    if (outcome) return outcome;
    if (performance.now() >= deadline) return { ok: false, exceeded: tooLong(seconds) };
    await nextTurn();
  }
}
