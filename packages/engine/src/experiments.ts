import {
  decideExperiment,
  experimentDecideAt,
  experimentSplits,
  firstEventConversion,
  type ExperimentEntry,
  type LiveJourney,
} from '@trellis/journey';
import { experimentDecisions, leadEventsOfType, recordExperimentDecision, splitPasses, versionPublishedAt, type SqlQueryable } from '@trellis/store';
import type { Catalog } from './catalog.js';

/**
 * Decides split experiments when their time comes, before the batch that reaches that time, so
 * a lead entering the split at or after `decideAfter` already takes the winner: the same rule
 * and the same instant as the simulator (`decideExperiment` in @trellis/journey). The decision
 * is stored with its numbers (`experiment_decisions`); of servers deciding at once the first
 * one's is kept and the others read it. Winners reach the driver as `LiveJourney.splitWinners`.
 */
export class ExperimentDecider {
  /** `journeyId\0version\0nodeId` → decided (winner or not), read from the store once per process then kept. */
  private decided: Map<string, string | null> | null = null;
  private readonly publishedAt = new Map<string, number>();

  async decideDue(tx: SqlQueryable, catalog: Catalog, now: number): Promise<void> {
    if (this.decided === null) {
      this.decided = new Map();
      for (const row of await experimentDecisions(tx)) this.decided.set(key(row.journeyId, row.version, row.nodeId), row.winner);
    }
    for (const live of catalog.entryJourneys) {
      const splits = experimentSplits(live.compiled.journey);
      if (splits.length === 0) continue;
      let changed = false;
      for (const split of splits) {
        const k = key(live.journeyId, live.version, split.id);
        if (!this.decided.has(k)) {
          const decideAt = experimentDecideAt(split.data.experiment, await this.publishedAtOf(tx, live));
          if (decideAt > now) continue;
          this.decided.set(k, await this.decide(tx, live, split, decideAt));
        }
        changed ||= this.decided.get(k) !== (live.splitWinners?.get(split.id) ?? null);
      }
      if (changed) catalog.setSplitWinners(live.journeyId, live.version, this.winnersOf(live, splits.map((s) => s.id)));
    }
  }

  private winnersOf(live: LiveJourney, nodeIds: string[]): Map<string, string> {
    const winners = new Map<string, string>();
    for (const nodeId of nodeIds) {
      const winner = this.decided!.get(key(live.journeyId, live.version, nodeId));
      if (winner) winners.set(nodeId, winner);
    }
    return winners;
  }

  private async publishedAtOf(tx: SqlQueryable, live: LiveJourney): Promise<number> {
    const k = `${live.journeyId}\u0000${live.version}`;
    let at = this.publishedAt.get(k);
    if (at === undefined) {
      at = (await versionPublishedAt(tx, live.journeyId, live.version))?.getTime() ?? Date.now();
      this.publishedAt.set(k, at);
    }
    return at;
  }

  private async decide(tx: SqlQueryable, live: LiveJourney, split: ReturnType<typeof experimentSplits>[number], decideAt: number): Promise<string | null> {
    const before = new Date(decideAt);
    const passes = await splitPasses(tx, live.journeyId, live.version, split.id, before);
    const metric = split.data.experiment.metric;
    let entries: ExperimentEntry[];
    if (metric === 'goal') {
      entries = passes.map((p) => ({ handle: p.handle, enteredAt: p.enteredAt.getTime(), convertedAt: p.goalAt?.getTime() ?? null }));
    } else {
      const since = new Date(Math.min(...passes.map((p) => p.enteredAt.getTime()), decideAt));
      const events = await leadEventsOfType(tx, [...new Set(passes.map((p) => p.leadId))], metric.event, since, before);
      const byLead = new Map<string, { type: string; at: number; props: Record<string, unknown> }[]>();
      for (const e of events) (byLead.get(e.leadId) ?? byLead.set(e.leadId, []).get(e.leadId)!).push({ type: metric.event, at: e.at.getTime(), props: e.props });
      entries = passes.map((p) => ({
        handle: p.handle,
        enteredAt: p.enteredAt.getTime(),
        convertedAt: firstEventConversion(metric, p.enteredAt.getTime(), byLead.get(p.leadId) ?? []),
      }));
    }
    const decision = decideExperiment(split, entries, decideAt);
    const row = { journeyId: live.journeyId, version: live.version, nodeId: split.id, decidedAt: before, winner: decision.winner, pValue: decision.pValue, variants: decision.variants };
    if (await recordExperimentDecision(tx, row)) return decision.winner;
    // Another server decided first: its decision stands.
    const stored = (await experimentDecisions(tx, live.journeyId)).find((d) => d.version === live.version && d.nodeId === split.id);
    return stored?.winner ?? decision.winner;
  }
}

function key(journeyId: string, version: number, nodeId: string): string {
  return `${journeyId}\u0000${version}\u0000${nodeId}`;
}
