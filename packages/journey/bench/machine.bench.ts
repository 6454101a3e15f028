import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  advance,
  compileJourney,
  journeyMachine,
  journeySchema,
  newLead,
  restoreSnapshot,
  stepMachine,
  type AdvanceContext,
  type AdvanceInput,
  type CompiledJourney,
  type JourneySnapshot,
  type RunState,
} from '../src/index.js';

/**
 * `pnpm bench:machine`: one lead's input through `advance` and through the journey's XState
 * machine with `transition()` (`stepMachine`), per input and per step (a node entered):
 *   - the engine wave's input: a one-hour wait ends, an email goes, the lead rests in the next
 *     wait (the engine loads the stored run, so the machine's snapshot is restored from it);
 *   - the same with the snapshot kept from the previous input (no restore);
 *   - a speed-to-lead start: the trigger, a call task, the first wait, in a journey with a
 *     goal and quiet hours.
 */

const at = { x: 0, y: 0 };
const wave = compileJourney(
  journeySchema.parse({
    schemaVersion: 1,
    name: 'Bench wave',
    nodes: [
      { id: 't', type: 'trigger', position: at, data: { on: { event: 'webinar_registered' } } },
      { id: 'w', type: 'wait', position: at, data: { for: 'PT1H' } },
      { id: 'reminder', type: 'send', position: at, data: { channel: 'email', template: 'reminder' } },
      { id: 'w2', type: 'wait', position: at, data: { for: 'P30D' } },
    ],
    edges: [
      { id: 'e1', source: 't', target: 'w', sourceHandle: 'out' },
      { id: 'e2', source: 'w', target: 'reminder', sourceHandle: 'out' },
      { id: 'e3', source: 'reminder', target: 'w2', sourceHandle: 'out' },
    ],
  }),
);
const speedToLead = compileJourney(
  journeySchema.parse(JSON.parse(readFileSync(fileURLToPath(new URL('../../../examples/speed-to-lead.json', import.meta.url)), 'utf8'))),
);

const start = Date.parse('2026-03-02T15:00:00Z');
const ctxAt = (now: number, i: number): AdvanceContext => ({
  now,
  lead: newLead(`lead-${i}`),
  history: [{ type: 'form_submitted', at: start }],
  journeyKey: 'bench',
  sentCount: () => 0,
});
const LEADS = 20_000;

interface Case {
  name: string;
  journey: CompiledJourney;
  input: AdvanceInput;
  now: number;
  /** The stored run the input is played on (null: a start). */
  run: RunState | null;
}

const waveRun = advance(wave, null, { kind: 'start' }, ctxAt(start, 0)).run;
const cases: Case[] = [
  { name: 'wave wake-up (wait → email → wait)', journey: wave, input: { kind: 'wake' }, now: start + 3_600_000, run: waveRun },
  { name: 'speed-to-lead start (trigger → call → wait)', journey: speedToLead, input: { kind: 'start' }, now: start, run: null },
];

function time(label: string, play: (i: number) => { effects: { type: string }[] }): number {
  let steps = 0;
  for (let i = 0; i < 2_000; i++) play(i); // warm-up
  // CPU time, not wall time: these machines are shared, and a wall clock counts the others' work.
  const began = process.cpuUsage();
  for (let i = 0; i < LEADS; i++) steps += play(i).effects.filter((e) => e.type === 'step').length;
  const cpu = process.cpuUsage(began);
  const us = (cpu.user + cpu.system) / LEADS;
  console.log(`  ${label}: ${us.toFixed(1)} µs of CPU per input, ${(us / (steps / LEADS)).toFixed(1)} µs per step`);
  return us;
}

for (const c of cases) {
  console.log(`${c.name}, ${LEADS} leads:`);
  const machine = journeyMachine(c.journey);
  const stored = c.run === null ? null : (JSON.parse(JSON.stringify(c.run)) as RunState);
  const kept: JourneySnapshot | null = stored === null ? null : restoreSnapshot(machine, stored);
  const walked = time('advance', (i) => advance(c.journey, stored, c.input, ctxAt(c.now, i)));
  const restored = time('XState transition(), snapshot restored from the stored run', (i) =>
    stepMachine(machine, stored === null ? null : restoreSnapshot(machine, stored), c.input, ctxAt(c.now, i)),
  );
  if (kept !== null) time('XState transition(), snapshot kept', (i) => stepMachine(machine, kept, c.input, ctxAt(c.now, i)));
  console.log(`  XState with restore costs ${(restored / walked).toFixed(1)}× advance (+${(restored - walked).toFixed(1)} µs per input)`);
}
