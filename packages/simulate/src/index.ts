export * from './request.js';
export { simulate, type SimulateOutcome, type SimulationResult, type SimulatedLead } from './simulate.js';
