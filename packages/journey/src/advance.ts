import type { CompiledJourney } from './compile.js';
import { evaluateCondition, type ConditionContext } from './conditions.js';
import type { HandoffAnswer } from './handles.js';
import type { HistoryEvent, Lead } from './lead.js';
import type { SendStatus } from './records.js';
import {
  deliveryMoment,
  eventEndsWait,
  handoffDueAt,
  sendStatus,
  splitHandle,
  updateLead,
  waitWakeAt,
  wakeHandle,
} from './node-rules.js';
import { eventStopsCadence, makeDueTouches } from './cadence.js';
import type { CadenceNode, Channel, Condition, JourneyNode, Sender } from './schema.js';
import { MAX_STEPS_AT_ONE_INSTANT, stoppedReason } from './step-budget.js';
import { leadZone } from './time.js';

/**
 * The rules of a journey in one pure step, shared by the simulator and the durable engine:
 * only the clock and the storage differ between them.
 *
 *   advance(journey, run, input, ctx) → { run, lead, effects }
 *
 * A run rests only where time must pass: a wait, a handoff, or a send held back by quiet hours
 * or the send window. Everything else (trigger, branch, split, update, a send that may go now,
 * exit) happens in the same step, so one input moves a lead as far as it can go at `ctx.now`.
 * Waits are data: a resting run carries `wakeAt`, and the driver calls back with a `wake`
 * input when that instant has come (the engine keeps it in a column, the simulator in a queue).
 * A lead that takes more than `MAX_STEPS_AT_ONE_INSTANT` steps without time passing is going
 * round a loop: it is stopped with outcome `error` and the loop in words (`RunState.reason`).
 */

export interface RunState {
  status: 'active' | 'done';
  /** The node the lead is at (or ended at). */
  nodeId: string;
  /** Epoch ms the lead entered the journey. */
  startedAt: number;
  /** Epoch ms the lead entered `nodeId`. */
  nodeEnteredAt: number;
  /** Epoch ms at which this run wants a `wake` input, or null when it waits only on events. */
  wakeAt: number | null;
  outcome: string | null;
  endedAt: number | null;
  /**
   * Epoch ms before which sales asked not to see this lead again (a recycle answer's
   * `returnAt`): the next handoff the run reaches holds the lead until then, and only then
   * opens. Absent when there is no such promise (runs stored before it existed have none).
   */
  returnToSalesAt?: number;
  /**
   * Steps taken at this instant so far, kept while the run rests for no time (its `wakeAt` is
   * already due): the wake-up the driver plays at once goes on counting from here.
   */
  instantSteps?: number;
  /** Why the run ended, where the outcome alone does not say: the loop an `error` stopped. */
  reason?: string;
  /** At a cadence: how many of its touches the lead has had (the next one's number). */
  touch?: number;
  /** The lead is in the holdout group: the driver plays this run with `stepHeldOut`, never `advance` (holdout.ts). */
  heldOut?: true;
  /** A held-out run: when the lead met the goal within the holdout window. */
  goalAt?: number;
}

export { MAX_STEPS_AT_ONE_INSTANT } from './step-budget.js';

export type AdvanceInput =
  /** The trigger fired for this lead (the caller decided it fires and that re-entry allows it). */
  | { kind: 'start' }
  /** A lead event, already applied to `ctx.lead` and appended to `ctx.history`. */
  | { kind: 'event'; event: HistoryEvent }
  /** `ctx.now` has reached the run's `wakeAt`. */
  | { kind: 'wake' }
  /**
   * Sales answered the open handoff. A `recycled` answer may say when to bring the lead back
   * (`returnAt`, epoch ms after `ctx.now`): the lead goes on along `recycled` at once, and the
   * next handoff it reaches does not open before then.
   */
  | { kind: 'answer'; answer: HandoffAnswer; returnAt?: number }
  /** An operator removed the lead, or the journey was archived. */
  | { kind: 'remove' };

export interface AdvanceContext {
  now: number;
  lead: Lead;
  /** The lead's events up to now, oldest first. */
  history: readonly HistoryEvent[];
  /** Keeps A/B splits stable per journey: the journey's id in the engine. */
  journeyKey: string;
  /** Split node id → the variant an experiment decided every new lead takes (experiment.ts). */
  splitWinners?: ReadonlyMap<string, string>;
  /** Sends with status `sent` to this lead on `channel` at or after `sinceMs`, across all journeys. */
  sentCount(channel: Channel, sinceMs: number): number;
  /**
   * The journey is paused: sends are held (the run rests at the send with no wake-up) until the
   * engine resumes it, when it wakes every held run. Waits, branches and the rest go on.
   */
  sendsHeld?: boolean;
  /**
   * Steps already taken at this instant by the chain that made this input: for an event a
   * step made (an update's `score_changed`), the `instantSteps` of the step that made it.
   */
  chainSteps?: number;
}

export type Effect =
  /** The lead entered a node (a path step); a cadence's touch is a path step of its own, numbered from 0. */
  | { type: 'step'; nodeId: string; at: number; touch?: number }
  /** The lead left a node by a handle: completes the node's path step. */
  | { type: 'left'; nodeId: string; handle: string; at: number }
  | {
      type: 'send';
      nodeId: string;
      channel: Channel;
      template: string;
      sender: Sender | undefined;
      at: number;
      status: Exclude<SendStatus, 'failed'>;
      /** A cadence's touch: its number, from 0. */
      touch?: number;
      /** A cadence's call or voicemail task: when it falls due (its touch's `due` after it is made). */
      dueAt?: number;
    }
  /** An update node changed the lead; `lead` is the whole lead after the change. */
  | {
      type: 'lead_changed';
      nodeId: string;
      at: number;
      lead: Lead;
      score: { from: number; to: number } | null;
      set: Record<string, unknown>;
    }
  | { type: 'handoff_opened'; nodeId: string; queue: string; assign: 'round_robin' | 'owner'; dueAt: number; at: number }
  /** The lead left a handoff without an answer (SLA expired, goal, exit, removal). */
  | { type: 'handoff_closed'; nodeId: string; reason: string; at: number }
  | { type: 'ended'; outcome: string; at: number; reason?: string };

export interface AdvanceResult {
  run: RunState;
  lead: Lead;
  effects: Effect[];
  /** Steps taken at this instant, this step's included: what the events its effects make carry on (`chainSteps`). */
  instantSteps: number;
}

export function advance(
  journey: CompiledJourney,
  run: RunState | null,
  input: AdvanceInput,
  ctx: AdvanceContext,
): AdvanceResult {
  const stepper = new Stepper(journey, ctx, stepsBefore(run, input.kind, ctx));
  if (input.kind === 'start') {
    stepper.enter(journey.trigger.id);
    return stepper.result();
  }
  if (!run || run.status === 'done') {
    return { run: run ?? stepper.emptyRun(), lead: ctx.lead, effects: [], instantSteps: 0 };
  }
  stepper.resume(run);
  if (input.kind === 'remove') {
    stepper.end('removed');
    return stepper.result();
  }
  if (input.kind === 'event' && stepper.leavesForGoalOrExit()) return stepper.result();
  stepper.handle(input);
  return stepper.result();
}

/** A run that has not entered the journey yet: at its trigger, entering at `now`. */
export function newRun(journey: CompiledJourney, now: number): RunState {
  return { status: 'active', nodeId: journey.trigger.id, startedAt: now, nodeEnteredAt: now, wakeAt: null, outcome: null, endedAt: null };
}

/** Steps this input's chain has taken at this instant already: the count `enter` goes on from. */
export function stepsBefore(run: RunState | null, kind: AdvanceInput['kind'], ctx: AdvanceContext): number {
  switch (kind) {
    case 'start':
    case 'event':
      return ctx.chainSteps ?? 0;
    case 'wake':
      return run?.instantSteps ?? 0;
    default:
      return 0;
  }
}

class Stepper {
  private run: RunState;
  /** Whether this step entered any node: only then does it say how many steps this instant has seen. */
  private moved = false;
  private lead: Lead;
  private readonly effects: Effect[] = [];
  private readonly zone: string;
  /** Sends made in this step, so a frequency cap counts them before they are stored. */
  private readonly sentNow: Channel[] = [];

  constructor(
    private readonly journey: CompiledJourney,
    private readonly ctx: AdvanceContext,
    /** Steps at this instant, this step's included: `MAX_STEPS_AT_ONE_INSTANT` stops the lead. */
    private steps: number,
  ) {
    this.lead = ctx.lead;
    this.zone = leadZone(ctx.lead.timezone, journey.journey.settings.timezone);
    this.run = this.emptyRun();
  }

  emptyRun(): RunState {
    return newRun(this.journey, this.ctx.now);
  }

  resume(run: RunState): void {
    this.run = { ...run };
  }

  result(): AdvanceResult {
    if (this.moved) {
      const restsForNoTime = this.run.status === 'active' && this.run.wakeAt !== null && this.run.wakeAt <= this.ctx.now;
      if (restsForNoTime) this.run.instantSteps = this.steps;
      else delete this.run.instantSteps;
    }
    return { run: this.run, lead: this.lead, effects: this.effects, instantSteps: this.steps };
  }

  /** Goal first, then exit criteria, checked at every step and every event. */
  leavesForGoalOrExit(): boolean {
    const { goal, exitWhen } = this.journey.journey.settings;
    if (goal && this.holds(goal)) {
      this.end('goal');
      return true;
    }
    if (exitWhen && this.holds(exitWhen)) {
      this.end('exited');
      return true;
    }
    return false;
  }

  handle(input: Exclude<AdvanceInput, { kind: 'start' } | { kind: 'remove' }>): void {
    const node = this.node(this.run.nodeId);
    const now = this.ctx.now;
    switch (input.kind) {
      case 'wake': {
        if (this.run.wakeAt === null || now < this.run.wakeAt) return;
        if (node.type === 'wait') {
          this.leave(node, wakeHandle(node));
        } else if (node.type === 'handoff') {
          if (this.run.returnToSalesAt !== undefined) {
            delete this.run.returnToSalesAt;
            this.openHandoff(node);
            return;
          }
          this.effects.push({ type: 'handoff_closed', nodeId: node.id, reason: 'sla_expired', at: now });
          this.leave(node, 'sla_expired');
        } else if (node.type === 'send') {
          if (this.holdsSend()) return;
          this.deliver(node);
        } else if (node.type === 'cadence') {
          if (this.holdsSend()) return;
          const next = this.touch(node);
          if (next !== null) this.enter(next);
        }
        return;
      }
      case 'event': {
        if (node.type === 'cadence' && eventStopsCadence(node, input.event, this.run.nodeEnteredAt)) {
          this.leave(node, 'stopped');
          return;
        }
        if (node.type !== 'wait' || !eventEndsWait(node, input.event, this.run.nodeEnteredAt)) return;
        this.leave(node, 'event');
        return;
      }
      case 'answer': {
        if (node.type !== 'handoff' || !this.handoffIsOpen()) return;
        if (input.answer === 'recycled' && input.returnAt !== undefined && input.returnAt > now) {
          this.run.returnToSalesAt = input.returnAt;
        }
        this.leave(node, input.answer);
        return;
      }
    }
  }

  enter(nodeId: string): void {
    this.moved = true;
    for (let nextId: string | null = nodeId; nextId !== null; nextId = this.enterOne(nextId)) {
      if (this.steps >= MAX_STEPS_AT_ONE_INSTANT) {
        this.stop(nextId);
        return;
      }
      this.steps++;
    }
  }

  /** Ends a run going round without pausing, where it stands, saying which loop it was in. */
  private stop(nextId: string): void {
    this.end('error', stoppedReason(this.journey, nextId));
  }

  /** Enters one node; returns the next node to enter at once, or null when the run rests or ends. */
  private enterOne(nodeId: string): string | null {
    const now = this.ctx.now;
    const node = this.node(nodeId);
    this.run.nodeId = nodeId;
    this.run.nodeEnteredAt = now;
    this.run.wakeAt = null;
    this.effects.push({ type: 'step', nodeId, at: now });
    if (this.leavesForGoalOrExit()) return null;

    switch (node.type) {
      case 'trigger':
        return this.follow(node, 'out');
      case 'wait':
        this.run.wakeAt = waitWakeAt(node, now, this.zone);
        return null;
      case 'branch': {
        const hit = node.data.cases.find((c) => this.holds(c.when));
        return this.follow(node, hit ? hit.handle : 'else');
      }
      case 'split':
        return this.follow(node, splitHandle(node, this.ctx.journeyKey, this.lead.id, this.ctx.splitWinners?.get(node.id)));
      case 'send': {
        if (this.holdsSend()) return null;
        const deliverAt = deliveryMoment(this.journey, node.data.channel, now, this.zone);
        if (deliverAt > now) {
          this.run.wakeAt = deliverAt;
          return null;
        }
        return this.sendAndFollow(node);
      }
      case 'update':
        this.update(node);
        return this.follow(node, 'out');
      case 'handoff': {
        const returnAt = this.run.returnToSalesAt;
        if (returnAt !== undefined && returnAt > now) {
          // Sales asked for this lead back no earlier than `returnAt`: it rests here unopened.
          this.run.wakeAt = returnAt;
          return null;
        }
        delete this.run.returnToSalesAt;
        this.openHandoff(node);
        return null;
      }
      case 'exit':
        this.end(node.data.outcome);
        return null;
      case 'cadence':
        this.run.touch = 0;
        if (this.holdsSend()) return null;
        return this.touch(node);
    }
  }

  /**
   * Makes the cadence's touches due now (cadence.ts); leaves by `done` after the last, else
   * rests until the next. Returns the node to enter next, or null.
   */
  private touch(node: CadenceNode): string | null {
    const now = this.ctx.now;
    const made = makeDueTouches(this.journey, node, this.run.touch ?? 0, this.run.nodeEnteredAt, this.lead, now, this.zone, this.ctx.sentCount, this.sentNow);
    this.effects.push(...made.effects);
    this.sentNow.push(...made.sent);
    this.run.touch = made.made;
    if (made.nextAt === null) return this.follow(node, 'done');
    this.run.wakeAt = made.nextAt;
    return null;
  }

  private openHandoff(node: Extract<JourneyNode, { type: 'handoff' }>): void {
    const now = this.ctx.now;
    const dueAt = handoffDueAt(node, now, this.zone);
    this.run.wakeAt = dueAt;
    this.effects.push({ type: 'handoff_opened', nodeId: node.id, queue: node.data.queue, assign: node.data.assign, dueAt, at: now });
  }

  /** At a handoff node, the handoff is open unless the lead is held there until its return date. */
  private handoffIsOpen(): boolean {
    return this.run.wakeAt !== null && this.run.returnToSalesAt === undefined;
  }

  /** A paused journey keeps the lead at the send, with no timer: resuming wakes it. */
  private holdsSend(): boolean {
    if (!this.ctx.sendsHeld) return false;
    this.run.wakeAt = null;
    return true;
  }

  private deliver(node: Extract<JourneyNode, { type: 'send' }>): void {
    const next = this.sendAndFollow(node);
    if (next !== null) this.enter(next);
  }

  private sendAndFollow(node: Extract<JourneyNode, { type: 'send' }>): string | null {
    const { channel, template, sender } = node.data;
    const status = sendStatus(this.journey, this.lead, channel, this.ctx.now, this.zone, this.ctx.sentCount, this.sentNow);
    if (status === 'sent') this.sentNow.push(channel);
    this.effects.push({ type: 'send', nodeId: node.id, channel, template, sender, at: this.ctx.now, status });
    return this.follow(node, 'out');
  }

  private update(node: Extract<JourneyNode, { type: 'update' }>): void {
    const { lead, score, set } = updateLead(node, this.lead);
    this.lead = lead;
    this.effects.push({ type: 'lead_changed', nodeId: node.id, at: this.ctx.now, lead, score, set });
  }

  /** Records leaving by `handle` and returns where it leads, or ends the run as `completed`. */
  private follow(node: JourneyNode, handle: string): string | null {
    this.effects.push({ type: 'left', nodeId: node.id, handle, at: this.ctx.now });
    // Leaving voids the node's timer: an SLA or a held send no longer applies.
    this.run.wakeAt = null;
    delete this.run.touch;
    const target = this.journey.targets.get(node.id)?.get(handle);
    if (target === undefined) {
      this.end('completed');
      return null;
    }
    return target;
  }

  private leave(node: JourneyNode, handle: string): void {
    const next = this.follow(node, handle);
    if (next !== null) this.enter(next);
  }

  end(outcome: string, reason?: string): void {
    const now = this.ctx.now;
    if (this.run.status === 'active') {
      const node = this.journey.nodes.get(this.run.nodeId);
      if (node?.type === 'handoff' && this.handoffIsOpen()) {
        this.effects.push({ type: 'handoff_closed', nodeId: node.id, reason: outcome, at: now });
      }
    }
    this.run.status = 'done';
    delete this.run.returnToSalesAt;
    delete this.run.touch;
    delete this.run.instantSteps;
    this.run.outcome = outcome;
    this.run.endedAt = now;
    this.run.wakeAt = null;
    if (reason === undefined) {
      delete this.run.reason;
      this.effects.push({ type: 'ended', outcome, at: now });
    } else {
      this.run.reason = reason;
      this.effects.push({ type: 'ended', outcome, at: now, reason });
    }
  }

  private holds(condition: Condition): boolean {
    const ctx: ConditionContext = { lead: this.lead, history: this.ctx.history, now: this.ctx.now, zone: this.zone };
    return evaluateCondition(condition, ctx);
  }

  private node(id: string): JourneyNode {
    const node = this.journey.nodes.get(id);
    if (!node) throw new Error(`run points at node "${id}", which this journey version does not have`);
    return node;
  }
}
