import { createActor, initialTransition, transition, type AnyActorScope, type AnyStateMachine, type ExecutableActionObject, type SnapshotFrom, type StateValue } from 'xstate';
import { newRun, stepsBefore, type AdvanceContext, type AdvanceInput, type AdvanceResult, type Effect, type RunState } from './advance.js';
import type { CompiledJourney } from './compile.js';
import { ENDED_STATE, toStateMachine, type JourneyMachineEvent } from './machine.js';

/**
 * One input played through the journey's XState machine with XState's pure `transition()`:
 * the same contract as `advance`, so a driver can call either.
 *
 *   stepMachine(machine, snapshot, input, ctx) → { snapshot, run, lead, effects, instantSteps }
 *
 * The snapshot's context holds the run (`RunState`); its state value is a function of that run
 * (`machineStateValue`), so a stored `RunState` is the lead's whole snapshot: `restoreSnapshot`
 * rebuilds it with `machine.resolveState`.
 */

export type JourneyMachine = ReturnType<typeof toStateMachine>;
export type JourneySnapshot = SnapshotFrom<JourneyMachine>;

export interface MachineStepResult extends AdvanceResult {
  snapshot: JourneySnapshot;
}

/** The effect actions among those `transition()` returns; the rest (`wake`) are for the driver's scheduling. */
const EFFECT_ACTIONS: ReadonlySet<string> = new Set<Effect['type']>([
  'step',
  'left',
  'send',
  'lead_changed',
  'handoff_opened',
  'handoff_closed',
  'ended',
]);

const machines = new WeakMap<CompiledJourney, JourneyMachine>();
const journeys = new WeakMap<JourneyMachine, CompiledJourney>();

/** The machine of a compiled journey version, made once and kept as long as the version is. */
export function journeyMachine(journey: CompiledJourney): JourneyMachine {
  let machine = machines.get(journey);
  if (!machine) {
    machine = toStateMachine(journey);
    machines.set(journey, machine);
    journeys.set(machine, journey);
  }
  return machine;
}

function journeyOf(machine: JourneyMachine): CompiledJourney {
  const journey = journeys.get(machine);
  if (!journey) throw new Error('stepMachine takes a machine made by journeyMachine(compiled)');
  return journey;
}

/**
 * The state a run is in: `(ended)` once done; else its node, and at a send or a handoff the
 * child its fields say (a send with no wake-up is held by a pause; a handoff with a return date
 * is held until then, otherwise open).
 */
export function machineStateValue(journey: CompiledJourney, run: RunState): string | Record<string, string> {
  if (run.status === 'done') return ENDED_STATE;
  const node = journey.nodes.get(run.nodeId);
  if (!node) throw new Error(`run points at node "${run.nodeId}", which this journey version does not have`);
  switch (node.type) {
    case 'send':
    case 'cadence':
      return { [node.id]: run.wakeAt === null ? 'held' : 'waiting' };
    case 'handoff':
      return { [node.id]: run.returnToSalesAt !== undefined ? 'held' : 'open' };
    default:
      return node.id;
  }
}

/**
 * A lead's snapshot from its stored run, as the engine loads it after a restart: XState's
 * `machine.resolveState` with the run as context, in the state stored beside it (`stored`, the
 * engine's `runs.state.machine`) or, without one, the state the run's fields say.
 */
export function restoreSnapshot(machine: JourneyMachine, run: RunState, stored?: StateValue): JourneySnapshot {
  return machine.resolveState({ value: stored ?? machineStateValue(journeyOf(machine), run), context: { run, turn: null } });
}

/**
 * `advance`'s own signature, run on the machine: the run's snapshot restored from its stored
 * `RunState`, then one `transition()`. What a driver that keeps runs as `RunState` (the
 * engine's `runs.state`) calls to switch interpreters at its one call site.
 */
export function advanceWithMachine(journey: CompiledJourney, run: RunState | null, input: AdvanceInput, ctx: AdvanceContext): AdvanceResult {
  const machine = journeyMachine(journey);
  const { run: next, lead, effects, instantSteps } = stepMachine(machine, run === null ? null : restoreSnapshot(machine, run), input, ctx);
  return { run: next, lead, effects, instantSteps };
}

export interface StepMachineOptions {
  /**
   * Call XState's exported `transition()` / `initialTransition()` themselves, which make a
   * throwaway actor per call, instead of the same machine functions with an inert actor scope
   * kept per machine (`pureTransitions`). The property test plays half its inputs this way.
   */
  freshActorScope?: boolean;
}

export function stepMachine(
  machine: JourneyMachine,
  snapshot: JourneySnapshot | null,
  input: AdvanceInput,
  ctx: AdvanceContext,
  options: StepMachineOptions = {},
): MachineStepResult {
  const xstate = options.freshActorScope ? { initialTransition, transition } : pureTransitions(machine);
  if (input.kind === 'start') {
    const [next, actions] = xstate.initialTransition(machine, { ctx });
    return resultOf(next, actions, undefined, ctx, stepsBefore(null, 'start', ctx));
  }
  if (!snapshot || snapshot.context.run.status === 'done') {
    // As `advance`: a run that is over (or was never started) takes no input.
    const settled = snapshot ?? restoreSnapshot(machine, newRun(journeyOf(machine), ctx.now));
    return { snapshot: settled, run: settled.context.run, lead: ctx.lead, effects: [], instantSteps: 0 };
  }
  const event = toEvent(input, ctx);
  const [next, actions] = xstate.transition(machine, snapshot, event);
  return resultOf(next, actions, event, ctx, stepsBefore(snapshot.context.run, input.kind, ctx));
}

interface PureTransitions {
  initialTransition(machine: JourneyMachine, input: { ctx: AdvanceContext }): [JourneySnapshot, ExecutableActionObject[]];
  transition(machine: JourneyMachine, snapshot: JourneySnapshot, event: JourneyMachineEvent): [JourneySnapshot, ExecutableActionObject[]];
}

const pure = new WeakMap<JourneyMachine, PureTransitions>();

/**
 * XState's `transition()` and `initialTransition()` are `machine.transition(snapshot, event,
 * scope)` and `machine.getInitialSnapshot(scope, input)` with an inert actor scope whose action
 * executor collects the actions instead of running them. They make that scope afresh per call:
 * an actor, two actor systems and the actor's own initial snapshot, measured at ~15 µs of the
 * ~50 µs a wave input took (`bench/machine.bench.ts`). A journey machine has no child actors
 * to keep apart, so one scope per machine serves every call; these are those two functions
 * with it.
 */
function pureTransitions(machine: JourneyMachine): PureTransitions {
  let made = pure.get(machine);
  if (made) return made;
  // Without an input the machine stays at its start: making this actor runs no journey rule.
  const self = createActor(machine as AnyStateMachine);
  let collected: ExecutableActionObject[] = [];
  const scope: AnyActorScope = {
    self,
    id: '',
    sessionId: '',
    logger: () => {},
    defer: () => {},
    emit: () => {},
    system: self.system,
    stopChild: () => {},
    actionExecutor: (action) => collected.push(action),
  };
  made = {
    initialTransition(logic, input) {
      collected = [];
      return [logic.getInitialSnapshot(scope, input), collected];
    },
    transition(logic, snapshot, event) {
      collected = [];
      return [logic.transition(snapshot, event, scope), collected];
    },
  };
  pure.set(machine, made);
  return made;
}

function toEvent(input: Exclude<AdvanceInput, { kind: 'start' }>, ctx: AdvanceContext): JourneyMachineEvent {
  switch (input.kind) {
    case 'event':
      return { type: 'EVENT', ctx, event: input.event };
    case 'wake':
      return { type: 'WAKE', ctx };
    case 'answer':
      return input.returnAt === undefined ? { type: 'ANSWER', ctx, answer: input.answer } : { type: 'ANSWER', ctx, answer: input.answer, returnAt: input.returnAt };
    case 'remove':
      return { type: 'REMOVE', ctx };
  }
}

/**
 * `event`: the event this input played (undefined for a start, whose turn is always its own).
 * A turn left from an earlier input is not this one's: then nothing moved the lead.
 */
function resultOf(
  next: JourneySnapshot,
  actions: readonly { type: string; params?: unknown }[],
  event: JourneyMachineEvent | undefined,
  ctx: AdvanceContext,
  stepsAtStart: number,
): MachineStepResult {
  const effects: Effect[] = [];
  for (const action of actions) if (EFFECT_ACTIONS.has(action.type)) effects.push(action.params as Effect);
  const turn = next.context.turn;
  const ours = turn !== null && (event === undefined || turn.event === event);
  return {
    snapshot: next,
    run: next.context.run,
    lead: ours ? turn.lead : ctx.lead,
    effects,
    instantSteps: ours ? turn.steps : stepsAtStart,
  };
}
