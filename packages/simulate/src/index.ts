export * from './request.js';
export * from './budget.js';
export {
  simulate,
  startSimulation,
  SimulationRun,
  type SimulateOutcome,
  type SimulationResult,
  type SimulatedLead,
} from './simulate.js';
export { simulateInFlight, type InFlightLead, type InFlightSimulation, type InFlightSimulationResult, type InFlightNodeCount } from './in-flight.js';
