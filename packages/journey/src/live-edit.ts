import type { RunState } from './advance.js';
import type { CompiledJourney } from './compile.js';
import { describeDuration } from './describe-duration.js';
import { touchMoment } from './cadence.js';
import { deliveryMoment, waitWakeAt } from './node-rules.js';
import type { CadenceNode, JourneyNode } from './schema.js';
import { addDuration, leadZone } from './time.js';

/**
 * Live edits: where a lead resting in an older version of a journey lands when the marketer
 * publishes a new version and moves the leads inside (docs/live-edits.md). Pure: the server's
 * publish review and the engine's move both ask these functions, so the counts shown are the
 * moves made.
 *
 * A lead rests only at a wait, a handoff, a send held for its moment or a cadence, so it moves only to a
 * node of the same type: the node the marketer's map names, else the node of the same id. A
 * node with no such target keeps its leads on their version.
 */

/** Old node id → node id in the new version, chosen by the marketer; null: those leads stay on their version. */
export type InFlightMap = Readonly<Record<string, string | null>>;

type NodeLike = Pick<JourneyNode, 'id' | 'type'>;

/** The node of the new version a lead at `fromNode` lands on, or null: it stays on its version. */
export function inFlightTarget(fromNode: NodeLike, toNodes: ReadonlyMap<string, NodeLike>, map: InFlightMap = {}): string | null {
  const mapped = Object.hasOwn(map, fromNode.id) ? map[fromNode.id]! : fromNode.id;
  if (mapped === null) return null;
  const target = toNodes.get(mapped);
  return target !== undefined && target.type === fromNode.type ? target.id : null;
}

export interface MapProblem {
  path: (string | number)[];
  message: string;
}

/**
 * What is wrong with a marketer's map against the new version's nodes and the nodes leads rest
 * at now: a target the new version lacks, or one of another type (a waiting lead cannot be
 * handed to sales by a move). Keys no lead rests at are allowed: the map may be drawn early.
 */
export function inFlightMapProblems(map: InFlightMap, toNodes: ReadonlyMap<string, NodeLike>, resting: readonly NodeLike[]): MapProblem[] {
  const problems: MapProblem[] = [];
  for (const [fromId, toId] of Object.entries(map)) {
    if (toId === null) continue;
    const target = toNodes.get(toId);
    if (!target) {
      problems.push({ path: ['map', fromId], message: `the new version has no node "${toId}" to move the leads at "${fromId}" to` });
      continue;
    }
    for (const from of resting) {
      if (from.id === fromId && from.type !== target.type) {
        problems.push({
          path: ['map', fromId],
          message: `leads at ${from.type} "${fromId}" can only move to a ${from.type}; "${toId}" is a ${target.type}`,
        });
        break;
      }
    }
  }
  return problems;
}

/**
 * The run as it is on the new version, at `toNodeId` (a node of the same type as where it rests).
 * - At a wait, the wake-up is recomputed from when the lead entered the wait, with the new
 *   wait's settings: a 3-day wait shortened to 1 day wakes a lead two days in at once (its
 *   wake-up is in the past, so workers take it in their next batches, earliest first).
 * - At a handoff, the open task (and its SLA) stays as it is.
 * - At a send held for its moment (quiet hours, send window), the moment is taken again with
 *   the new version's settings; a send held by a paused journey stays held.
 * - In a cadence, the lead keeps its entry time and goes on at the touch `cadenceTouchAfterMove`
 *   names (`fromNode`: the cadence it was in), due at that touch's time.
 */
export function movedRunState(
  to: CompiledJourney,
  run: RunState,
  toNodeId: string,
  lead: { timezone?: string | null | undefined },
  now: number,
  fromNode?: JourneyNode,
): RunState {
  const node = to.nodes.get(toNodeId);
  if (!node) throw new Error(`the new version has no node "${toNodeId}"`);
  const zone = leadZone(lead.timezone, to.journey.settings.timezone);
  const moved: RunState = { ...run, nodeId: toNodeId };
  delete moved.instantSteps;
  if (node.type === 'wait') moved.wakeAt = waitWakeAt(node, run.nodeEnteredAt, zone);
  else if (node.type === 'send' && run.wakeAt !== null) moved.wakeAt = deliveryMoment(to, node.data.channel, now, zone);
  else if (node.type === 'cadence') {
    const from = fromNode?.type === 'cadence' ? fromNode : undefined;
    const next = cadenceTouchAfterMove(from, node, run.touch ?? 0, run.nodeEnteredAt, now, zone);
    moved.touch = next;
    // Held by a pause, it stays held (a resume wakes it). Past the last touch: it wakes at once and leaves by `done`.
    if (run.wakeAt !== null) moved.wakeAt = next < node.data.touches.length ? touchMoment(to, node, next, run.nodeEnteredAt, now, zone) : now;
  }
  return moved;
}

/**
 * The touch of cadence `to` a lead goes on at when moved into it from cadence `from`, having
 * made `made` of `from`'s touches since entering at `enteredAt` (docs/live-edits.md):
 * - touches are matched by their time from entering, not their place in the table: a touch of
 *   `to` at or before the time of the last touch the lead made counts as made (of touches at
 *   that very time, as many as the lead made there);
 * - of the others, the lead goes on at the first whose time is after `now`: a touch added, or
 *   moved, to a time already past is not sent late, and touches removed are simply not there
 *   (the next one by time follows);
 * - except when the lead's next touch in `from` was due and held (quiet hours, the send window,
 *   a pause): then it goes on at the first touch not made from that touch's time, which goes out
 *   at the next opening as the held one would have.
 * Past the last touch of `to` (its length): the lead leaves by `done`.
 */
export function cadenceTouchAfterMove(from: CadenceNode | undefined, to: CadenceNode, made: number, enteredAt: number, now: number, zone: string): number {
  const timeOf = (node: CadenceNode, i: number) => addDuration(enteredAt, node.data.touches[i]!.at, zone);
  const times = to.data.touches.map((_, i) => timeOf(to, i));
  let first = 0;
  let heldSince: number | null = null;
  if (from && made > 0) {
    const lastMade = timeOf(from, Math.min(made, from.data.touches.length) - 1);
    let madeAtThatTime = 0;
    for (let i = 0; i < Math.min(made, from.data.touches.length); i++) if (timeOf(from, i) === lastMade) madeAtThatTime++;
    while (first < times.length && (times[first]! < lastMade || (times[first]! === lastMade && madeAtThatTime-- > 0))) first++;
  }
  if (from && made < from.data.touches.length) {
    const next = timeOf(from, made);
    if (next <= now) heldSince = next;
  }
  while (first < times.length && (heldSince === null ? times[first]! <= now : times[first]! < heldSince)) first++;
  return first;
}

/**
 * Where one resting run lands when the leads inside are moved to `to`, and its state there; null
 * when it stays on its version (its node has no target, or its version is not known). The one
 * step both the engine's move and the simulator's "what if" take, so they cannot disagree.
 */
export function landRun(
  from: CompiledJourney | undefined,
  to: CompiledJourney,
  run: RunState,
  map: InFlightMap,
  lead: { timezone?: string | null | undefined },
  now: number,
): { fromNode: JourneyNode | undefined; toNode: string; state: RunState } | { fromNode: JourneyNode | undefined; toNode: null } {
  const fromNode = from?.nodes.get(run.nodeId);
  const toNode = fromNode ? inFlightTarget(fromNode, to.nodes, map) : null;
  if (toNode === null) return { fromNode, toNode };
  return { fromNode, toNode, state: movedRunState(to, run, toNode, lead, now, fromNode) };
}

/** How a resting node reads on a moved lead's timeline: its label, or what it does ("Wait 3 days"). */
export function restingNodeTitle(node: JourneyNode | undefined, id: string): string {
  if (!node) return id;
  if (typeof node.data.label === 'string' && node.data.label.trim() !== '') return node.data.label;
  switch (node.type) {
    case 'wait': {
      const data = node.data;
      if ('for' in data) return `Wait ${describeDuration(data.for)}`;
      if ('time' in data.until) return `Wait until ${data.until.time}`;
      return `Wait for ${data.until.event}`;
    }
    case 'send':
      return `Send ${node.data.template}`;
    case 'handoff':
      return `Handoff to ${node.data.queue}`;
    default:
      return id;
  }
}
