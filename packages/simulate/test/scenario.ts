import { readFileSync } from 'node:fs';
import type { Lead, PathStep, SendRecord } from '@trellis/journey';
import { simulate, simulateRequestSchema, type SimulateRequest, type SimulatedLead } from '../src/index.js';

/**
 * Scenario tests run the playbook journeys in /examples exactly as a marketer saved them,
 * through the same entry point as `POST /api/simulate`.
 */

export function loadExample(name: string): unknown {
  const url = new URL(`../../../examples/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as unknown;
}

/** Runs the scenario and returns each lead by id; fails loudly when the simulator refuses it. */
export function runScenario(journey: unknown, scenario: Omit<SimulateRequest, 'journey'>): Record<string, SimulatedLead> {
  const outcome = simulate(simulateRequestSchema.parse({ ...scenario, journey }));
  if (!outcome.ok) throw new Error(`simulation refused: ${JSON.stringify(outcome)}`);
  return Object.fromEntries(outcome.result.leads.map((lead) => [lead.id, lead]));
}

/** Each lead as it stands at `until` (score, stage, attributes, consent), by id. */
export function finalLeads(journey: unknown, scenario: Omit<SimulateRequest, 'journey'>): Record<string, Lead> {
  const outcome = simulate(simulateRequestSchema.parse({ ...scenario, journey }));
  if (!outcome.ok) throw new Error(`simulation refused: ${JSON.stringify(outcome)}`);
  return Object.fromEntries(outcome.final.map((lead) => [lead.id, lead]));
}

/** A send as a row `[at, channel, template, status]`, so expected schedules read as tables. */
export type SendRow = [at: string, channel: string, template: string, status: SendRecord['status']];

export function sendRows(lead: SimulatedLead): SendRow[] {
  return lead.sends.map((s) => [s.at, s.channel, s.template, s.status]);
}

/** A path step as `[nodeId, at, handle]` (handle undefined while the lead is still at it). */
export type StepRow = [nodeId: string, at: string, handle: string | undefined];

export function pathRows(lead: SimulatedLead): StepRow[] {
  return lead.path.map((step: PathStep) => [step.nodeId, step.at, step.handle]);
}

/** `2026-03-02T14:00Z` → `2026-03-02T14:00:00.000Z`, the form the simulator reports. */
export function t(minuteIso: string): string {
  return new Date(minuteIso).toISOString();
}
