import { assign, enqueueActions, setup } from 'xstate';
import { stepsBefore, type AdvanceContext, type Effect, type RunState } from './advance.js';
import type { CompiledJourney } from './compile.js';
import { evaluateCondition } from './conditions.js';
import type { HandoffAnswer } from './handles.js';
import type { HistoryEvent, Lead } from './lead.js';
import { eventStopsCadence, makeDueTouches } from './cadence.js';
import { deliveryMoment, eventEndsWait, sendStatus, splitHandle, updateLead } from './node-rules.js';
import type { Channel, Condition, JourneyNode } from './schema.js';
import { MAX_STEPS_AT_ONE_INSTANT } from './step-budget.js';
import { leadZone } from './time.js';

/**
 * The guards and actions of a journey's XState machine (`machine.ts` lays out its states):
 * XState's `setup`, with the journey's rules from `node-rules.ts`. Pure: what an input needs
 * comes in its event (`ctx`), and effects are actions returned, never executed here.
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

/** The context of the input an event carries (`initialTransition`'s init event carries it as input). */
export function ctxOf(event: unknown): AdvanceContext {
  const e = event as { ctx?: AdvanceContext; input?: JourneyMachineInput };
  return e.ctx ?? e.input!.ctx;
}

const INPUT_KIND = { EVENT: 'event', WAKE: 'wake', ANSWER: 'answer', REMOVE: 'remove' } as const;

function kindOf(event: unknown): 'start' | 'event' | 'wake' | 'answer' | 'remove' {
  return INPUT_KIND[(event as { type: keyof typeof INPUT_KIND }).type] ?? 'start';
}

export function journeyLogic(journey: CompiledJourney) {
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
  const sendEffect = (turn: Turn, nodeId: string): Extract<Effect, { type: 'send' }> => {
    const { channel, template, sender } = nodeOf(nodeId, 'send').data;
    const now = turn.ctx.now;
    const status = sendStatus(journey, turn.lead, channel, now, turn.zone, turn.ctx.sentCount, turn.sentNow);
    return { type: 'send', nodeId, channel, template, sender, at: now, status };
  };
  const holds = (condition: Condition, turn: Turn) =>
    evaluateCondition(condition, { lead: turn.lead, history: turn.ctx.history, now: turn.ctx.now, zone: turn.zone });

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
        return splitHandle(nodeOf(params.nodeId, 'split'), turn.ctx.journeyKey, turn.lead.id, turn.ctx.splitWinners?.get(params.nodeId)) === params.handle;
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
      stopsCadence: ({ context, event }, params: { nodeId: string }) =>
        event.type === 'EVENT' && eventStopsCadence(nodeOf(params.nodeId, 'cadence'), event.event, context.run.nodeEnteredAt),
      cadenceDone: ({ context }, params: { nodeId: string }) => (context.run.touch ?? 0) >= nodeOf(params.nodeId, 'cadence').data.touches.length,
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
        const { instantSteps: earlierInstantSteps, touch: _touchesOfTheNodeLeft, ...run } = context.run;
        const entered: RunState = { ...run, nodeId: params.nodeId, nodeEnteredAt: now, wakeAt: params.restsUntil ?? null };
        if (journey.nodes.get(params.nodeId)?.type === 'cadence') entered.touch = 0;
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
      /** A send on a channel the journey caps: the sends of this input count towards the cap. */
      deliverCapped: enqueueActions(({ context, event, enqueue }, params: { nodeId: string }) => {
        const turn = turnOf(context, event);
        const sent = sendEffect(turn, params.nodeId);
        if (sent.status === 'sent') enqueue.assign({ turn: { ...turn, sentNow: [...turn.sentNow, sent.channel] } });
        enqueue(effect(sent));
      }),
      /** A cadence makes the touches due now (cadence.ts); the sent ones count towards a cap. */
      touch: enqueueActions(({ context, event, enqueue }, params: { nodeId: string }) => {
        const turn = turnOf(context, event);
        const { run } = context;
        const now = turn.ctx.now;
        const made = makeDueTouches(journey, nodeOf(params.nodeId, 'cadence'), run.touch ?? 0, run.nodeEnteredAt, turn.lead, now, turn.zone, turn.ctx.sentCount, turn.sentNow);
        enqueue.assign({ run: { ...run, touch: made.made }, turn: made.sent.length === 0 ? turn : { ...turn, sentNow: [...turn.sentNow, ...made.sent] } });
        for (const touchEffect of made.effects) enqueue(effect(touchEffect));
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
        const { returnToSalesAt, instantSteps, reason, touch, ...kept } = run;
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

  /** A send on any other channel is the `send` action alone: nothing in context changes. */
  const deliver = (nodeId: string) => {
    const capped = (settings.frequencyCap ?? []).some((cap) => cap.channel === nodeOf(nodeId, 'send').data.channel);
    if (capped) return { type: 'deliverCapped', params: { nodeId } };
    return { type: 'send', params: ({ context, event }: { context: JourneyMachineContext; event: unknown }) => sendEffect(turnOf(context, event), nodeId) };
  };

  return { logic, turnOf, deliver };
}
