import { and } from 'xstate';
import { newRun } from './advance.js';
import type { CompiledJourney } from './compile.js';
import { HANDOFF_ANSWERS } from './handles.js';
import { ctxOf, journeyLogic, type JourneyMachineContext, type JourneyMachineInput } from './machine-logic.js';
import { touchMoment } from './cadence.js';
import { deliveryMoment, handoffDueAt, waitsForEvent, waitWakeAt, wakeHandle } from './node-rules.js';
import type { JourneyNode } from './schema.js';
import { stoppedReason } from './step-budget.js';

export type { JourneyMachineContext, JourneyMachineEvent, JourneyMachineInput, Turn } from './machine-logic.js';

/**
 * The journey as a complete XState v5 machine, run per lead with XState's pure
 * `transition(machine, snapshot, event)` (see `machine-step.ts`): nothing here executes an
 * effect or starts a timer; the driver records the actions `transition()` returns.
 *
 * - One state per node, with the node's id as its state id, and one final state, `(ended)`,
 *   for every ending (`run.outcome` says which). Nodes that happen at once (trigger, branch,
 *   split, exit) are left by eventless (`always`) transitions that check the goal and exit
 *   criteria first; an update is two such steps, so the guards of its way out see the lead it
 *   changed. A wait is one state the lead rests in; the goal and exit criteria are checked on
 *   the transitions into it. A send and a handoff are compound states: an `arriving` child
 *   checks them, then the lead goes on or rests in `held` or `waiting` (a send) or `held` or
 *   `open` (a handoff). States a lead rests in have no eventless transitions, so an input that
 *   matches nothing there changes nothing, as in `advance`.
 * - Guards are the journey's: the goal, the exit criteria, branch cases, split variants (the
 *   stable draw keyed by `ctx.journeyKey`, as `advance` keys it), an event ending a wait, the
 *   step budget (`MAX_STEPS_AT_ONE_INSTANT`).
 * - Waits are data: the entry of a state a lead rests in assigns `run.wakeAt` and emits a
 *   `wake` action carrying it, for the driver to schedule. XState's own `after` timers are never used: XState does not persist them
 *   (statelyai/xstate#5331) and Node timers longer than ~24.8 days fire at once.
 * - Effects are actions whose params are exactly `advance`'s `Effect`s, in the same order:
 *   `step`, `left`, `send`, `lead_changed`, `handoff_opened`, `handoff_closed`, `ended`.
 * - The machine is pure: the lead, `now`, history, `sentCount` and `sendsHeld` come in the
 *   event (`ctx`), or the input of `initialTransition` for a start. What one input needs to
 *   carry between microsteps (the lead as updates change it, the steps taken at this instant,
 *   the sends made) is `context.turn`, keyed to the event that began it; `context.run` is the
 *   journey package's `RunState`, the only part that outlives the input.
 *
 * `advance` walks the same compiled journey by hand; `machine.property.test.ts` proves the two
 * give the same runs, leads and effects on generated journeys and inputs. The engine and the
 * simulator call `advance`: measured, `transition()` cost the engine's wave about half its lead
 * steps per second, and XState's own microsteps and snapshot copies are most of that
 * (`docs/xstate-decision.md`). Guards and actions are in `machine-logic.ts`.
 */

/** The final state every run ends in; `run.outcome` says how. Not a valid node id, so no clash. */
export const ENDED_STATE = '(ended)';
const START_STATE = '(start)';
const MACHINE_ID = '(journey)';

/** A guard as XState takes it: a name, a name with params, or `and([...])` of those. */
type Guard = string | object;
interface Action {
  type: string;
  params?: unknown;
}
interface TransitionConfig {
  guard?: Guard;
  target: string;
  reenter?: boolean;
  actions?: Action[];
}

export function toStateMachine(journey: CompiledJourney) {
  const settings = journey.journey.settings;
  const { logic, turnOf, deliver } = journeyLogic(journey);
  const nowOf = ({ event }: { event: unknown }) => ctxOf(event).now;

  const ended = `#${ENDED_STATE}`;
  const endWith = (outcome: string, left?: 'left'): Action => ({ type: 'end', params: left ? { outcome, left: true } : { outcome } });
  /** The run is stopped as it is about to enter `nodeId`: it has gone round without pausing. */
  const stopBefore = (nodeId: string): Action => ({
    type: 'end',
    params: () => ({ outcome: 'error', reason: stoppedReason(journey, nodeId), left: true }),
  });

  /** Leaves `node` by `handle` (when `guard` holds): to the node it leads to, or ends `completed`. */
  const follow = (node: JourneyNode, handle: string, guard?: Guard, before: Action[] = []): TransitionConfig[] => {
    const left: Action = { type: 'left', params: (args: { event: unknown }) => ({ type: 'left', nodeId: node.id, handle, at: nowOf(args) }) };
    const target = journey.targets.get(node.id)?.get(handle);
    const when = (also?: Guard) => (guard === undefined ? (also === undefined ? {} : { guard: also }) : { guard: also === undefined ? guard : and([guard as never, also as never]) });
    if (target === undefined) return [{ ...when(), target: ended, actions: [...before, left, endWith('completed', 'left')] }];
    return [
      { ...when('outOfSteps'), target: ended, actions: [...before, left, stopBefore(target)] },
      ...arrivals(target).map((arrival) => ({ ...arrival, ...when(arrival.guard), actions: [...before, left, ...(arrival.actions ?? [])] })),
    ];
  };
  /** Goal first, then exit criteria: checked as a lead enters any node and at every event. */
  const goalOrExit: TransitionConfig[] = [
    ...(settings.goal ? [{ guard: 'goal', target: ended, actions: [endWith('goal')] }] : []),
    ...(settings.exitWhen ? [{ guard: 'exitCriteria', target: ended, actions: [endWith('exited')] }] : []),
  ];
  const entering = (nodeId: string): Action[] => [
    { type: 'enter', params: { nodeId } },
    { type: 'step', params: (args: { event: unknown }) => ({ type: 'step', nodeId, at: nowOf(args) }) },
  ];
  /**
   * How a lead comes into a node. A wait checks the goal and exit criteria on the way in, so
   * it is one state the lead rests in (one microstep fewer per wait than an `arriving` child:
   * `bench/machine.bench.ts`); every other node checks them itself on entry.
   */
  const arrivals = (nodeId: string): TransitionConfig[] => {
    if (journey.nodes.get(nodeId)?.type !== 'wait') return [{ target: `#${nodeId}`, reenter: true }];
    return [
      ...goalOrExit.map((end) => ({ ...end, actions: [...entering(nodeId), ...end.actions!] })),
      { target: `#${nodeId}`, reenter: true },
    ];
  };
  const wakeAction: Action = { type: 'wake', params: ({ context }: { context: JourneyMachineContext }) => ({ wakeAt: context.run.wakeAt }) };
  const turnZone = (args: { context: JourneyMachineContext; event: unknown }) => {
    const turn = turnOf(args.context, args.event);
    return { now: turn.ctx.now, zone: turn.zone };
  };

  const states: Record<string, object> = {};
  // XState makes a throwaway actor, and with it an initial snapshot with no input, on every
  // `transition()` call: without a lead's input the machine stays at the start, doing nothing.
  states[START_STATE] = {
    always: [
      { guard: and(['started', 'outOfSteps']), target: ended, actions: [stopBefore(journey.trigger.id)] },
      { guard: 'started', target: `#${journey.trigger.id}` },
    ],
  };
  states[ENDED_STATE] = { id: ENDED_STATE, type: 'final' };

  for (const node of journey.journey.nodes) {
    if (journey.nodes.get(node.id) !== node) continue; // a duplicate id: the compiled journey keeps the last
    const entry = entering(node.id);
    const base = { id: node.id, entry, meta: { nodeType: node.type } };
    const onRest = { EVENT: goalOrExit, REMOVE: { target: ended, actions: [endWith('removed')] } };
    switch (node.type) {
      case 'trigger':
        states[node.id] = { ...base, always: [...goalOrExit, ...follow(node, 'out')] };
        break;
      case 'update':
        // Two steps of XState's: the guards of the way out (a wait's goal check) must see the lead
        // as the update left it, and a transition's guards are checked before its actions run.
        states[node.id] = {
          ...base,
          initial: 'arriving',
          states: {
            arriving: { always: [...goalOrExit, { target: 'updated', actions: [{ type: 'update', params: { nodeId: node.id } }] }] },
            updated: { always: follow(node, 'out') },
          },
        };
        break;
      case 'branch':
        states[node.id] = {
          ...base,
          always: [
            ...goalOrExit,
            ...node.data.cases.flatMap((c) => follow(node, c.handle, { type: 'holds', params: { condition: c.when } })),
            ...follow(node, 'else'),
          ],
        };
        break;
      case 'split':
        states[node.id] = {
          ...base,
          always: [...goalOrExit, ...node.data.variants.flatMap((v) => follow(node, v.handle, { type: 'variant', params: { nodeId: node.id, handle: v.handle } }))],
        };
        break;
      case 'exit':
        states[node.id] = { ...base, always: [...goalOrExit, { target: ended, actions: [endWith(node.data.outcome)] }] };
        break;
      case 'wait': {
        const wakeAt = (args: { context: JourneyMachineContext; event: unknown }) => {
          const { now, zone } = turnZone(args);
          return { nodeId: node.id, restsUntil: waitWakeAt(node, now, zone) };
        };
        states[node.id] = {
          ...base,
          entry: [{ type: 'enter', params: wakeAt }, entry[1], wakeAction],
          tags: ['rests'],
          on: {
            ...onRest,
            WAKE: follow(node, wakeHandle(node), 'due'),
            EVENT: [...goalOrExit, ...(waitsForEvent(node) ? follow(node, 'event', { type: 'endsWait', params: { nodeId: node.id } }) : [])],
          },
        };
        break;
      }
      case 'send': {
        const delivers = deliver(node.id);
        const deliverAt = (args: { context: JourneyMachineContext; event: unknown }) => {
          const { now, zone } = turnZone(args);
          return { wakeAt: deliveryMoment(journey, node.data.channel, now, zone) };
        };
        const on = {
          ...onRest,
          // A paused journey holds the send: no wake-up until the engine resumes it.
          WAKE: [{ guard: and(['due', 'sendsHeld']), target: 'held' }, ...follow(node, 'out', 'due', [delivers])],
        };
        states[node.id] = {
          ...base,
          tags: ['rests'],
          initial: 'arriving',
          states: {
            arriving: {
              always: [
                ...goalOrExit,
                { guard: 'sendsHeld', target: 'held' },
                { guard: { type: 'deliversLater', params: { channel: node.data.channel } }, target: 'waiting' },
                ...follow(node, 'out', undefined, [delivers]),
              ],
            },
            held: { entry: [{ type: 'rest', params: { wakeAt: null } }], on },
            waiting: { entry: [{ type: 'rest', params: deliverAt }, wakeAction], on },
          },
        };
        break;
      }
      case 'cadence': {
        // Like a send: it checks the goal and exit criteria as it is entered, then makes the
        // touches due (`touching`), leaves by `done` after the last, or rests in `waiting` until
        // the next one (or `held` while the journey is paused). Its stop event leads out by `stopped`.
        const nextTouchAt = (args: { context: JourneyMachineContext; event: unknown }) => {
          const { now, zone } = turnZone(args);
          const { run } = args.context;
          return { wakeAt: touchMoment(journey, node, run.touch ?? 0, run.nodeEnteredAt, now, zone) };
        };
        const on = {
          ...onRest,
          WAKE: [
            { guard: and(['due', 'sendsHeld']), target: 'held' },
            { guard: 'due', target: 'touching' },
          ],
          EVENT: [...goalOrExit, ...follow(node, 'stopped', { type: 'stopsCadence', params: { nodeId: node.id } })],
        };
        states[node.id] = {
          ...base,
          tags: ['rests'],
          initial: 'arriving',
          states: {
            arriving: { always: [...goalOrExit, { guard: 'sendsHeld', target: 'held' }, { target: 'touching' }] },
            touching: {
              entry: [{ type: 'touch', params: { nodeId: node.id } }],
              always: [...follow(node, 'done', { type: 'cadenceDone', params: { nodeId: node.id } }), { target: 'waiting' }],
            },
            held: { entry: [{ type: 'rest', params: { wakeAt: null } }], on },
            waiting: { entry: [{ type: 'rest', params: nextTouchAt }, wakeAction], on },
          },
        };
        break;
      }
      case 'handoff': {
        const dueAt = (args: { context: JourneyMachineContext; event: unknown }) => {
          const { now, zone } = turnZone(args);
          return { wakeAt: handoffDueAt(node, now, zone), opensHandoff: true };
        };
        const opened: Action = {
          type: 'handoff_opened',
          params: ({ context, event }: { context: JourneyMachineContext; event: unknown }) => ({
            type: 'handoff_opened',
            nodeId: node.id,
            queue: node.data.queue,
            assign: node.data.assign,
            dueAt: context.run.wakeAt!,
            at: ctxOf(event).now,
          }),
        };
        const expired: Action = {
          type: 'handoff_closed',
          params: (args: { event: unknown }) => ({ type: 'handoff_closed', nodeId: node.id, reason: 'sla_expired', at: nowOf(args) }),
        };
        const on = {
          ...onRest,
          WAKE: [
            // Held for a recycle's return date: the handoff opens when that date comes.
            { guard: and(['due', 'returnPromised']), target: 'open', reenter: true },
            ...follow(node, 'sla_expired', 'due', [expired]),
          ],
          ANSWER: HANDOFF_ANSWERS.flatMap((answer) =>
            follow(node, answer, and(['handoffOpen', { type: 'answered', params: { answer } }]), answer === 'recycled' ? [{ type: 'promiseReturn' }] : []),
          ),
        };
        states[node.id] = {
          ...base,
          tags: ['rests'],
          initial: 'arriving',
          states: {
            arriving: { always: [...goalOrExit, { guard: 'returnsLater', target: 'held' }, { target: 'open' }] },
            held: {
              entry: [{ type: 'rest', params: ({ context }: { context: JourneyMachineContext }) => ({ wakeAt: context.run.returnToSalesAt! }) }, wakeAction],
              on,
            },
            open: { entry: [{ type: 'rest', params: dueAt }, opened, wakeAction], on },
          },
        };
        break;
      }
    }
  }

  return logic.createMachine({
    id: MACHINE_ID,
    context: ({ input }: { input: JourneyMachineInput | undefined }) => ({ run: newRun(journey, input?.ctx.now ?? 0), turn: null }),
    initial: START_STATE,
    states,
    output: ({ context }: { context: JourneyMachineContext }) => ({ outcome: context.run.outcome, ...(context.run.reason === undefined ? {} : { reason: context.run.reason }) }),
  } as unknown as Parameters<typeof logic.createMachine>[0]);
}
