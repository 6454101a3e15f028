import {
  compareJourneys,
  inFlightMapProblems,
  inFlightTarget,
  machineStateValue,
  landRun,
  restingNodeTitle,
  type Change,
  type InFlightMap,
  type Journey,
  type MapProblem,
  type RunState,
} from '@trellis/journey';
import {
  inFlightCounts,
  loadInFlightRuns,
  lockJourneyMove,
  lockLeads,
  nextInFlightLeadIds,
  saveMoveBatch,
  WORK_CHANNEL,
  type RunMoveRow,
  type SqlExecutor,
  type SqlQueryable,
} from '@trellis/store';
import type { Catalog } from './catalog.js';
import { cadenceEntrySeq, type PinnedRunState } from './process-lead.js';

/**
 * Live edits, the engine's side (docs/live-edits.md): what publishing the draft would do to the
 * leads inside (`inFlightLanding`, the publish review's counts) and the move itself
 * (`moveInFlightBatch`), a batch of leads per transaction. Where a lead lands and its new wake-up
 * are the journey package's rules; this file reads, locks and writes around them.
 */

export interface InFlightLanding {
  fromVersion: number;
  fromNode: string;
  toNode: string | null;
  leads: number;
}

/** The compare view's changes against the published version (everything is added when there is none). */
export function publishChanges(published: Journey | null, draft: Journey): Change[] {
  const empty: Journey = { ...draft, nodes: [], edges: [], settings: {} };
  return compareJourneys(published ?? empty, draft).changes;
}

/**
 * The running leads by version and node (one GROUP BY), each group with where it would land in
 * the draft, and what is wrong with the map. Nodes are read from each running version's
 * document through the catalog, which compiles each version once.
 */
export async function inFlightLanding(
  db: SqlQueryable,
  catalog: Catalog,
  journeyId: string,
  draft: Journey,
  map: InFlightMap,
): Promise<{ inFlight: InFlightLanding[]; mapProblems: MapProblem[] }> {
  const counts = await inFlightCounts(db, journeyId);
  await catalog.refresh(db, counts.map((c) => ({ journeyId, version: c.version })));
  const toNodes = new Map(draft.nodes.map((n) => [n.id, n]));
  const resting = [];
  const inFlight: InFlightLanding[] = [];
  for (const count of counts) {
    const fromNode = catalog.version(journeyId, count.version)?.compiled.nodes.get(count.nodeId);
    const from = fromNode ?? { id: count.nodeId, type: 'unknown' as never };
    resting.push(from);
    inFlight.push({ fromVersion: count.version, fromNode: count.nodeId, toNode: inFlightTarget(from, toNodes, map), leads: count.leads });
  }
  return { inFlight, mapProblems: inFlightMapProblems(map, toNodes, resting) };
}

/**
 * One batch of a move, in one transaction: the move's row locked (servers continuing it take
 * turns), the next leads after its cursor locked in id order with `lockLeads` (waiting for a
 * worker that holds one, as the API's own lead writes do), their runs read again under the lock,
 * moved, and written with the move's counts. Returns whether leads are left to move.
 */
export async function moveInFlightBatch(
  db: SqlExecutor,
  catalog: Catalog,
  move: { journeyId: string; version: number },
  batchSize: number,
  now: number,
): Promise<boolean> {
  const { journeyId, version: toVersion } = move;
  return db.transaction(async (tx) => {
    const row = await lockJourneyMove(tx, journeyId, toVersion);
    if (!row || row.finishedAt !== null) return false;
    const at = new Date(now);
    const leadIds = await nextInFlightLeadIds(tx, journeyId, toVersion, row.afterLeadId, batchSize);
    const last = leadIds.length < batchSize;
    if (leadIds.length === 0) {
      await saveMoveBatch(tx, { journeyId, toVersion, moves: [], stayed: [], afterLeadId: row.afterLeadId, finishedAt: at });
      return false;
    }
    await lockLeads(tx, leadIds);
    const runs = await loadInFlightRuns(tx, leadIds, journeyId, toVersion);
    await catalog.refresh(tx, [{ journeyId, version: toVersion }, ...runs.map((r) => ({ journeyId, version: r.version }))]);
    const to = catalog.version(journeyId, toVersion)?.compiled;
    if (!to) throw new Error(`journey "${journeyId}" has no version ${toVersion} to move leads to`);
    const moves: RunMoveRow[] = [];
    const stayed = new Map<string, { fromVersion: number; fromNode: string; leads: number }>();
    for (const run of runs) {
      const { stepCount: storedCount, machine: _machine, ...stored } = run.state as unknown as RunState & { stepCount?: number; machine?: unknown };
      // The column is the truth for the wake-up (resuming a journey sets it from outside).
      const landing = landRun(
        catalog.version(journeyId, run.version)?.compiled,
        to,
        { ...stored, wakeAt: run.wakeAt?.getTime() ?? null },
        row.map,
        { timezone: run.timezone },
        now,
      );
      if (landing.toNode === null) {
        const key = `${run.version}\u0000${run.nodeId}`;
        const group = stayed.get(key) ?? { fromVersion: run.version, fromNode: run.nodeId, leads: 0 };
        group.leads++;
        stayed.set(key, group);
        continue;
      }
      const { fromNode, toNode, state } = landing;
      const renamed = toNode !== run.nodeId;
      const stepCount = (storedCount ?? 0) + (renamed ? 1 : 0);
      if (state.touch !== undefined) {
        // In a cadence the move may change how many touches count as made, so the entry step
        // (which takes the handle the lead leaves by) can no longer be found by counting touch
        // steps back from the end of the path: its seq is pinned (process-lead.ts reads it).
        const entrySeq = renamed ? stepCount - 1 : cadenceEntrySeq(stored, storedCount ?? 0);
        (state as PinnedRunState).entryStep = { seq: entrySeq, nodeEnteredAt: state.nodeEnteredAt };
      }
      moves.push({
        leadId: run.leadId,
        runId: run.runId,
        fromVersion: run.version,
        fromNode: run.nodeId,
        toNode,
        // Stored as the worker stores a run: the RunState, its step count, and the state of
        // the new version's XState machine the run is now in (restoreSnapshot rebuilds it).
        state: { ...state, stepCount, machine: machineStateValue(to, state) },
        wakeAt: state.wakeAt === null ? null : new Date(state.wakeAt),
        step: renamed ? { seq: stepCount - 1, at } : null,
        event: {
          id: `journey_moved.${run.runId}.${toVersion}`,
          at,
          props: {
            journeyId,
            runId: run.runId,
            fromVersion: run.version,
            fromNode: run.nodeId,
            fromTitle: restingNodeTitle(fromNode, run.nodeId),
            toVersion,
            toNode,
            toTitle: restingNodeTitle(to.nodes.get(toNode), toNode),
          },
        },
      });
    }
    await saveMoveBatch(tx, {
      journeyId,
      toVersion,
      moves,
      stayed: [...stayed.values()],
      afterLeadId: leadIds[leadIds.length - 1]!,
      finishedAt: last ? at : null,
    });
    if (moves.length > 0) await tx.notify(WORK_CHANNEL, '');
    return !last;
  });
}
