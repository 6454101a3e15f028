import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { finalLeads, loadExample, runScenario } from './scenario.js';

/**
 * The simulate request may carry a scoring model: leads are scored as the live engine scores
 * them, so the accelerator's "Score 80 or more?" reads points the model gave.
 */

const model = JSON.parse(readFileSync(new URL('../../../examples/scoring/model.json', import.meta.url), 'utf8')) as unknown;
const accelerator = loadExample('nurture-accelerator');

const ada = { id: 'ada', timezone: 'Europe/London', attributes: { company: { size: 250 }, industry: 'software', seniority: 'director' }, consent: { email: 'opted_in' as const } };
const events = [
  { leadId: 'ada', type: 'page_visited', at: '2026-03-04T10:00:00Z', props: { url: 'https://acme.test/pricing' } },
  { leadId: 'ada', type: 'page_visited', at: '2026-03-05T10:00:00Z', props: { url: 'https://acme.test/pricing' } },
  { leadId: 'ada', type: 'webinar_attended', at: '2026-03-06T15:00:00Z' },
];
const scenario = { start: '2026-03-02T09:00:00Z', until: 'P10D', leads: [ada], events };

describe('simulating with a scoring model', () => {
  it('scores a lead as it engages: fit 35 and a pricing visit take it to 50 (it enters), a second visit and a webinar to 75, then the accelerator\'s +20 crosses 80 and hands it to sales', () => {
    const lead = runScenario(accelerator, { ...scenario, scoring: model } as never).ada!;
    expect(lead.path.map((s) => s.nodeId)).toContain('mark-mql');
    const final = finalLeads(accelerator, { ...scenario, scoring: model } as never).ada!;
    expect(final.score).toBe(95);
    // 50 and 80 are the model's thresholds: the stage the journey set (mql) was raised to sql at 95.
    expect(final.stage).toBe('sql');
  });

  it('without the model the same lead\'s score stays 0: it never reaches the accelerator\'s 50', () => {
    const lead = runScenario(accelerator, scenario as never).ada!;
    expect(lead.path).toEqual([]);
    expect(finalLeads(accelerator, scenario as never).ada!.score).toBe(0);
  });

  it('refuses a bad model naming the place', () => {
    expect(() => runScenario(accelerator, { ...scenario, scoring: { rules: [{ id: 'x', points: 'lots', on: { event: 'a' } }] } } as never)).toThrow(/rules/);
  });
});
