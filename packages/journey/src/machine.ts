import { and, assign, enqueueActions, setup } from 'xstate';
import { newRun, stepsBefore, type AdvanceContext, type Effect, type RunState } from './advance.js';
import type { CompiledJourney } from './compile.js';
import { evaluateCondition } from './conditions.js';
import { HANDOFF_ANSWERS, type HandoffAnswer } from './handles.js';
import type { HistoryEvent, Lead } from './lead.js';
import {
  deliveryMoment,
  eventEndsWait,
  handoffDueAt,
  sendStatus,
  splitHandle,
  updateLead,
  waitsForEvent,
  waitWakeAt,
  wakeHandle,
} from './node-rules.js';
import type { Channel, Condition, JourneyNode } from './schema.js';
import { MAX_STEPS_AT_ONE_INSTANT, stoppedReason } from './step-budget.js';
import { leadZone } from './time.js';

/**
 * The journey as a complete XState v5 machine, run per lead with XState's pure
 * `transition(machine, snapshot, event)` (see `machine-step.ts`): nothing here executes an
 * effect or starts a timer; the driver records the actions `transition()` returns.
 *
 * - One state per node, with the node's id as its state id. Nodes that happen at once
 *   (trigger, branch, split, update, exit) are states left by eventless (`always`)
 *   transitions; nodes where a lead rests (wait, send, handoff) are compound states whose
 *   `arriving` child checks the goal and exit criteria before the lead settles in a resting
 *   child (`waiting`, `held`, `open`). Resting children have no eventless transitions, so an
 *   input that matches nothing there changes nothing, as in `advance`.
 * - Guards are the journey's: the goal, the exit criteria, branch cases, split variants (the
 *   stable draw keyed by `ctx.journeyKey`, as `advance` keys it), an event ending a wait, the
 *   step budget (`MAX_STEPS_AT_ONE_INSTANT`).
 * - Waits are data: a resting child's entry assigns `run.wakeAt` and emits a `wake` action
 *   carrying it. XState's own `after` timers are never used: XState does not persist them
 *   (statelyai/xstate#5331) and Node timers longer than ~24.8 days fire at once.
 * - Effects are actions whose params are exactly `advance`'s `Effect`s, in the same order:
 *   `step`, `left`, `send`, `lead_changed`, `handoff_opened`, `handoff_closed`, `ended`.
 * - The machine is pure: the lead, `now`, history, `sentCount` and `sendsHeld` come in the
 *   event (`ctx`), or the input of `initialTransition` for a start. What one input needs to
 *   carry between microsteps (the lead as updates change it, the steps taken at this instant,
 *   the sends made) is `context.turn`, keyed to the event that began it; `context.run` is the
 *   journey package's `RunState`, the only part that outlives the input.
 *
 * `advance` walks the same compiled journey by hand, faster; `machine.property.test.ts` proves
 * the two give the same runs, leads and effects on generated journeys and inputs.
 */

export interface Turn {
  /** The event being played: a turn belongs to one input only. */
  event: unknown;
  ctx: AdvanceContext;
  zone: string;
  lead: Lead;
  /** Steps at this instant, this input's included. */
  steps: number;
  /** Nodes this input entered: a lead that moved and rests for no time keeps its step count. */
  entered: number;
  /** Sends of this input with status `sent`, which a frequency cap counts before they are stored. */
  sentNow: Channel[];
}

export interface JourneyMachineContext {
  run: RunState;
  turn: Turn | null;
}

export type JourneyMachineEvent =
  | { type: 'EVENT'; ctx: AdvanceContext; event: HistoryEvent }
  | { type: 'WAKE'; ctx: AdvanceContext }
  | { type: 'ANSWER'; ctx: AdvanceContext; answer: HandoffAnswer; returnAt?: number }
  | { type: 'REMOVE'; ctx: AdvanceContext };

export interface JourneyMachineInput {
  ctx: AdvanceContext;
}

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

/** The context of the input an event carries (`initialTransition`'s init event carries it as input). */
function ctxOf(event: unknown): AdvanceContext {
  const e = event as { ctx?: AdvanceContext; input?: JourneyMachineInput };
  return e.ctx ?? e.input!.ctx;
}

const INPUT_KIND = { EVENT: 'event', WAKE: 'wake', ANSWER: 'answer', REMOVE: 'remove' } as const;

function kindOf(event: unknown): 'start' | 'event' | 'wake' | 'answer' | 'remove' {
  return INPUT_KIND[(event as { type: keyof typeof INPUT_KIND }).type] ?? 'start';
}

export function toStateMachine(journey: CompiledJourney) {
  const settings = journey.journey.settings;
  const nodeOf = <T extends JourneyNode['type']>(id: string, type: T) => journey.nodes.get(id) as Extract<JourneyNode, { type: T }>;

  /**
   * Effect actions are named in this same `setup`, which cannot refer to its own action names'
   * types while they are being declared: hence the one cast.
   */
  const effect = <T extends Effect>(params: T) => ({ type: params.type, params }) as never;

  /** This input's turn: the one in context if this event began it, else a fresh one. */
  const turnOf = (context: JourneyMachineContext, event: unknown): Turn => {
    const turn = context.turn;
    if (turn !== null && turn.event === event) return turn;
    const ctx = ctxOf(event);
    return {
      event,
      ctx,
      zone: leadZone(ctx.lead.timezone, settings.timezone),
      lead: ctx.lead,
      steps: stepsBefore(context.run, kindOf(event), ctx),
      entered: 0,
      sentNow: [],
    };
  };
  const holds = (condition: Condition, turn: Turn) =>
    evaluateCondition(condition, { lead: turn.lead, history: turn.ctx.history, now: turn.ctx.now, zone: turn.zone });
  const nowOf = ({ event }: { event: unknown }) => ctxOf(event).now;

  const logic = setup({
    types: {} as {
      context: JourneyMachineContext;
      events: JourneyMachineEvent;
      input: JourneyMachineInput;
      output: { outcome: string | null; reason?: string };
    },
    guards: {
      goal: ({ context, event }) => holds(settings.goal!, turnOf(context, event)),
      exitCriteria: ({ context, event }) => holds(settings.exitWhen!, turnOf(context, event)),
      holds: ({ context, event }, params: { condition: Condition }) => holds(params.condition, turnOf(context, event)),
      variant: ({ context, event }, params: { nodeId: string; handle: string }) => {
        const turn = turnOf(context, event);
        return splitHandle(nodeOf(params.nodeId, 'split'), turn.ctx.journeyKey, turn.lead.id) === params.handle;
      },
      started: ({ event }) => (event as { input?: unknown }).input !== undefined,
      outOfSteps: ({ context, event }) => turnOf(context, event).steps >= MAX_STEPS_AT_ONE_INSTANT,
      due: ({ context, event }) => context.run.wakeAt !== null && ctxOf(event).now >= context.run.wakeAt,
      sendsHeld: ({ event }) => ctxOf(event).sendsHeld === true,
      deliversLater: ({ context, event }, params: { channel: Channel }) => {
        const turn = turnOf(context, event);
        return deliveryMoment(journey, params.channel, turn.ctx.now, turn.zone) > turn.ctx.now;
      },
      returnsLater: ({ context, event }) => {
        const returnAt = context.run.returnToSalesAt;
        return returnAt !== undefined && returnAt > ctxOf(event).now;
      },
      returnPromised: ({ context }) => context.run.returnToSalesAt !== undefined,
      endsWait: ({ context, event }, params: { nodeId: string }) =>
        event.type === 'EVENT' && eventEndsWait(nodeOf(params.nodeId, 'wait'), event.event, context.run.nodeEnteredAt),
      handoffOpen: ({ context }) => context.run.wakeAt !== null && context.run.returnToSalesAt === undefined,
      answered: ({ event }, params: { answer: HandoffAnswer }) => event.type === 'ANSWER' && event.answer === params.answer,
    },
    actions: {
      /** The lead enters a node: a step of the budget, and the node's path step. */
      /**
       * The lead enters a node: a step of the budget, and the node's path step. At a wait it
       * rests at once until `restsUntil` (see `rest`), in the same assignment.
       */
      enter: assign(({ context, event }, params: { nodeId: string; restsUntil?: number }) => {
        const turn = turnOf(context, event);
        const now = turn.ctx.now;
        const steps = turn.steps + 1;
        const { instantSteps: earlierInstantSteps, ...run } = context.run;
        const entered: RunState = { ...run, nodeId: params.nodeId, nodeEnteredAt: now, wakeAt: params.restsUntil ?? null };
        if (params.restsUntil !== undefined && params.restsUntil <= now) entered.instantSteps = steps;
        else if (params.restsUntil === undefined && earlierInstantSteps !== undefined) entered.instantSteps = earlierInstantSteps;
        return { run: entered, turn: { ...turn, steps, entered: turn.entered + 1 } };
      }),
      /**
       * The lead settles at a resting node until `wakeAt` (null: until an event or a resume). A
       * lead that moved to get here and rests for no time keeps the steps taken at this instant,
       * so the wake-up the driver plays at once counts on from them.
       */
      rest: assign(({ context, event }, params: { wakeAt: number | null; opensHandoff?: boolean }) => {
        const turn = turnOf(context, event);
        const { instantSteps, returnToSalesAt, ...run } = context.run;
        const next: RunState = { ...run, wakeAt: params.wakeAt };
        if (!params.opensHandoff && returnToSalesAt !== undefined) next.returnToSalesAt = returnToSalesAt;
        if (turn.entered === 0) {
          if (instantSteps !== undefined) next.instantSteps = instantSteps;
        } else if (params.wakeAt !== null && params.wakeAt <= turn.ctx.now) {
          next.instantSteps = turn.steps;
        }
        return { run: next, turn };
      }),
      /** A recycle answer may say when sales want the lead back: its next handoff holds it until then. */
      promiseReturn: assign(({ context, event }) => {
        if (event.type !== 'ANSWER' || event.returnAt === undefined || event.returnAt <= event.ctx.now) return {};
        return { run: { ...context.run, returnToSalesAt: event.returnAt }, turn: turnOf(context, event) };
      }),
      deliver: enqueueActions(({ context, event, enqueue }, params: { nodeId: string }) => {
        const turn = turnOf(context, event);
        const { channel, template, sender } = nodeOf(params.nodeId, 'send').data;
        const now = turn.ctx.now;
        const status = sendStatus(journey, turn.lead, channel, now, turn.zone, turn.ctx.sentCount, turn.sentNow);
        enqueue.assign({ turn: status === 'sent' ? { ...turn, sentNow: [...turn.sentNow, channel] } : turn });
        enqueue(effect({ type: 'send', nodeId: params.nodeId, channel, template, sender, at: now, status }));
      }),
      update: enqueueActions(({ context, event, enqueue }, params: { nodeId: string }) => {
        const turn = turnOf(context, event);
        const { lead, score, set } = updateLead(nodeOf(params.nodeId, 'update'), turn.lead);
        enqueue.assign({ turn: { ...turn, lead } });
        enqueue(effect({ type: 'lead_changed', nodeId: params.nodeId, at: turn.ctx.now, lead, score, set }));
      }),
      /**
       * The run ends where it stands; an open handoff it leaves is closed first, unless the lead
       * has just left it by a handle (`left`: an answer or the SLA closed it already).
       */
      end: enqueueActions(({ context, event, enqueue }, params: { outcome: string; reason?: string; left?: boolean }) => {
        const now = ctxOf(event).now;
        const { run } = context;
        const { returnToSalesAt, instantSteps, reason, ...kept } = run;
        if (!params.left && run.status === 'active' && journey.nodes.get(run.nodeId)?.type === 'handoff' && run.wakeAt !== null && returnToSalesAt === undefined) {
          enqueue(effect({ type: 'handoff_closed', nodeId: run.nodeId, reason: params.outcome, at: now }));
        }
        const ended: RunState = { ...kept, status: 'done', outcome: params.outcome, endedAt: now, wakeAt: null };
        if (params.reason !== undefined) ended.reason = params.reason;
        enqueue.assign({ run: ended });
        enqueue(
          effect(params.reason === undefined ? { type: 'ended', outcome: params.outcome, at: now } : { type: 'ended', outcome: params.outcome, at: now, reason: params.reason }),
        );
      }),
      // What the driver does with them: `transition()` returns these with their params, unexecuted.
      step: (_, _effect: Extract<Effect, { type: 'step' }>) => {},
      left: (_, _effect: Extract<Effect, { type: 'left' }>) => {},
      send: (_, _effect: Extract<Effect, { type: 'send' }>) => {},
      lead_changed: (_, _effect: Extract<Effect, { type: 'lead_changed' }>) => {},
      handoff_opened: (_, _effect: Extract<Effect, { type: 'handoff_opened' }>) => {},
      handoff_closed: (_, _effect: Extract<Effect, { type: 'handoff_closed' }>) => {},
      ended: (_, _effect: Extract<Effect, { type: 'ended' }>) => {},
      /** Schedule a wake-up at `wakeAt` (the engine's `wake_at` column, the simulator's queue). */
      wake: (_, _params: { wakeAt: number | null }) => {},
    },
  });

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
        const deliver: Action = { type: 'deliver', params: { nodeId: node.id } };
        const deliverAt = (args: { context: JourneyMachineContext; event: unknown }) => {
          const { now, zone } = turnZone(args);
          return { wakeAt: deliveryMoment(journey, node.data.channel, now, zone) };
        };
        const on = {
          ...onRest,
          // A paused journey holds the send: no wake-up until the engine resumes it.
          WAKE: [{ guard: and(['due', 'sendsHeld']), target: 'held' }, ...follow(node, 'out', 'due', [deliver])],
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
                ...follow(node, 'out', undefined, [deliver]),
              ],
            },
            held: { entry: [{ type: 'rest', params: { wakeAt: null } }], on },
            waiting: { entry: [{ type: 'rest', params: deliverAt }, wakeAction], on },
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
