import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileJourney, journeySchema, toStateMachine } from '@trellis/journey';
import { initialTransition, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { simulate, simulateRequestSchema } from '../src/index.js';

/**
 * The compiled XState machine is the same graph `advance` walks: every path the simulator
 * produces for the example journeys replays through XState's own `transition()` state by state.
 */

const examplesDir = fileURLToPath(new URL('../../../examples/', import.meta.url));
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.json'));

describe.each(examples)('the XState machine of %s', (file) => {
  it('reaches the same states as the simulated paths, and ends where they end', () => {
    const document = journeySchema.parse(JSON.parse(readFileSync(examplesDir + file, 'utf8')));
    const machine = toStateMachine(compileJourney(document));
    const trigger = document.nodes.find((n) => n.type === 'trigger')!;
    const on = trigger.data.on;
    const type = 'event' in on ? on.event : 'lead_updated';
    const leads = Array.from({ length: 40 }, (_, i) => ({ id: `lead-${i}`, score: (i * 7) % 100, stage: 'nurture', attributes: { industry: i % 2 ? 'retail' : 'software' } }));
    const events = leads.map((l, i) => ({ leadId: l.id, type, at: new Date(Date.parse('2026-03-02T09:00:00Z') + i * 3_600_000).toISOString(), props: {} }));
    const outcome = simulate(simulateRequestSchema.parse({ journey: document, start: '2026-03-02T09:00:00Z', until: 'P60D', leads, events }));
    if (!outcome.ok) throw new Error(JSON.stringify(outcome));

    let replayed = 0;
    for (const lead of outcome.result.leads) {
      let [snapshot] = initialTransition(machine);
      for (const step of lead.path) {
        // Every run, a re-entered lead's included, starts at the trigger; an exit step is the final state itself.
        if (step.nodeId === trigger.id) [snapshot] = initialTransition(machine);
        expect(snapshot.value).toBe(step.nodeId);
        replayed++;
        if (step.handle !== undefined) [snapshot] = transition(machine, snapshot, { type: `LEAVE.${step.handle}` });
      }
      if (lead.outcome === 'completed') expect(snapshot.value).toBe('__completed');
      if (lead.outcome !== null && lead.outcome !== 'goal' && lead.outcome !== 'exited') expect(snapshot.status).toBe('done');
    }
    expect(replayed).toBeGreaterThan(0);
  });
});
