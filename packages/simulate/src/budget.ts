/**
 * What one simulation may cost. A request within the size limits (`SIMULATION_LIMITS`) can still
 * ask for unbounded work: a journey that loops every second for ten years, or 10,000 leads over
 * a century. The speed-to-lead example (10,000 leads × 90 days) takes ~300,000 steps and ~1 s;
 * these bounds leave room for three times that and stop a request before it holds gigabytes.
 */
export const SIMULATION_BUDGET = {
  /** Steps of all leads together: past it the request asks too much (413). */
  steps: 1_000_000,
  /** Steps of one lead: past it the journey loops too often to simulate (422). */
  stepsPerLead: 100_000,
  /** Seconds from start to answer, counted by the caller that slices the run (the simulator has no clock): 413. */
  seconds: 10,
} as const;

export type BudgetLimit = keyof typeof SIMULATION_BUDGET;

/** A simulation stopped by its budget: which limit, and what to tell the person who asked. */
export interface BudgetExceeded {
  limit: BudgetLimit;
  message: string;
}

const count = (n: number) => n.toLocaleString('en-US');

export function tooManySteps(at: string): BudgetExceeded {
  return {
    limit: 'steps',
    message:
      `The simulation stopped after more than ${count(SIMULATION_BUDGET.steps)} steps, the most one simulation may take, ` +
      `with virtual time at ${at}; simulate fewer leads or a shorter period.`,
  };
}

export function tooManyStepsForLead(leadId: string, at: string, nodeId: string): BudgetExceeded {
  return {
    limit: 'stepsPerLead',
    message:
      `The simulation stopped: lead "${leadId}" took more than ${count(SIMULATION_BUDGET.stepsPerLead)} steps, the most one lead may take, ` +
      `by ${at} (it was at step "${nodeId}"); the journey goes round a loop too often to simulate. Make the loop's wait longer.`,
  };
}

/** `seconds`: the limit the caller held the run to (`SIMULATION_BUDGET.seconds` unless a test says less). */
export function tooLong(seconds: number = SIMULATION_BUDGET.seconds): BudgetExceeded {
  return {
    limit: 'seconds',
    message:
      `The simulation stopped after ${seconds} seconds, the most one simulation may run; ` +
      'simulate fewer leads or a shorter period.',
  };
}
