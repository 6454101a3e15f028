import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { simulate, simulateRequestSchema } from '../src/index.js';

/**
 * `pnpm bench`: 10,000 leads through the speed-to-lead example for 90 days of virtual time,
 * scored by the example model (a lead enters when its score crosses 80: fit 35, a pricing visit
 * 15, then a demo request 40).
 * Goal on these 2-core machines: under 2 s. Prints total ms, leads/s and peak heap.
 */

const journey = JSON.parse(readFileSync(fileURLToPath(new URL('../../../examples/speed-to-lead.json', import.meta.url)), 'utf8'));
const scoring = JSON.parse(readFileSync(fileURLToPath(new URL('../../../examples/scoring/model.json', import.meta.url)), 'utf8'));
const FIT = { company: { size: 250 }, industry: 'software', seniority: 'director' };
const zones = ['America/New_York', 'Europe/London', 'America/Los_Angeles', 'Asia/Tokyo', 'Australia/Sydney'];
const LEADS = 10_000;
const start = Date.parse('2026-03-02T09:00:00Z');

const leads = [];
const events = [];
for (let i = 0; i < LEADS; i++) {
  const id = `lead-${i}`;
  leads.push({ id, timezone: zones[i % zones.length], attributes: FIT, consent: i % 17 === 0 ? { email: 'opted_out' as const } : {} });
  // Demo requests arrive over the first week, each half an hour after a pricing visit; a tenth of the leads pick up a call within two days.
  const formAt = start + ((i * 60_507) % (7 * 86_400_000));
  events.push({ leadId: id, type: 'page_visited', at: new Date(formAt - 1_800_000).toISOString(), props: { url: 'https://trellis.example/pricing' } });
  events.push({ leadId: id, type: 'form_submitted', at: new Date(formAt).toISOString(), props: { form: 'demo-request' } });
  if (i % 10 === 0) events.push({ leadId: id, type: 'call_connected', at: new Date(formAt + ((i * 7_919) % 172_800_000)).toISOString() });
}
const request = simulateRequestSchema.parse({ journey, start: new Date(start).toISOString(), until: 'P90D', leads, events, scoring });

let peakHeap = process.memoryUsage().heapUsed;
const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 5);
function run() {
  const began = performance.now();
  const cpuBefore = process.cpuUsage();
  const outcome = simulate(request);
  const ms = performance.now() - began;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  if (!outcome.ok) throw new Error('the example journey did not validate');
  const steps = outcome.result.leads.reduce((n, l) => n + l.path.length, 0);
  return { ms, cpuMs, steps };
}
run(); // warm-up: the JIT, zone data and caches, as a running server would have them
const { ms, cpuMs, steps } = run();
clearInterval(sampler);
console.log(
  `simulate speed-to-lead: ${LEADS} leads × 90 days in ${ms.toFixed(0)} ms ` +
    `(${Math.round(LEADS / (ms / 1000))} leads/s, ${cpuMs.toFixed(0)} ms of CPU, ${steps} steps, ` +
    `peak heap ${(peakHeap / 1048576).toFixed(0)} MB; goal < 2000 ms)`,
);
