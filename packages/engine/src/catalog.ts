import { compileJourney, journeySchema, lookbackOf, type Lookback } from '@trellis/journey';
import { journeyVersionDocuments, publishedJourneyStatuses, type SqlQueryable } from '@trellis/store';
import type { JourneyCatalog, LiveJourney } from './process-lead.js';

/**
 * The published journeys the engine runs, compiled once per version (versions never change).
 * Statuses are re-read for every batch by default (one small query): an archive or a pause
 * must be seen by the very next batch, whichever server made it.
 */
export const JOURNEYS_CHANNEL = 'trellis_journeys';

interface Version {
  live: LiveJourney;
  lookback: Lookback;
}

export class Catalog implements JourneyCatalog {
  private readonly versions = new Map<string, Version>();
  private statuses = new Map<string, { status: LiveJourney['status']; publishedVersion: number | null }>();
  entryJourneys: LiveJourney[] = [];
  private loadedAt = -Infinity;

  constructor(private readonly maxAgeMs = 0) {}

  invalidate(): void {
    this.loadedAt = -Infinity;
  }

  /** Re-reads statuses when stale, and loads every version in `needed` not yet compiled. */
  async refresh(db: SqlQueryable, needed: Iterable<{ journeyId: string; version: number }> = []): Promise<void> {
    const now = Date.now();
    if (now - this.loadedAt >= this.maxAgeMs) {
      const rows = await publishedJourneyStatuses(db);
      this.statuses = new Map(rows.map((r) => [r.id, { status: r.status, publishedVersion: r.publishedVersion }]));
      this.loadedAt = now;
      await this.loadMissing(db, rows.map((r) => ({ journeyId: r.id, version: r.publishedVersion })));
      this.entryJourneys = [];
      for (const [journeyId, { status, publishedVersion }] of this.statuses) {
        if (status !== 'active' || publishedVersion === null) continue;
        const version = this.versions.get(key(journeyId, publishedVersion));
        if (version) this.entryJourneys.push(version.live);
      }
    }
    await this.loadMissing(db, needed);
  }

  version(journeyId: string, version: number): LiveJourney | undefined {
    const found = this.versions.get(key(journeyId, version));
    if (!found) return undefined;
    const status = this.statuses.get(journeyId)?.status ?? 'archived';
    if (found.live.status !== status) found.live = { ...found.live, status };
    return found.live;
  }

  /** An experiment was decided (experiments.ts): leads entering that version's splits take the winners. */
  setSplitWinners(journeyId: string, version: number, winners: ReadonlyMap<string, string>): void {
    const found = this.versions.get(key(journeyId, version));
    if (!found) return;
    found.live = { ...found.live, splitWinners: winners };
    this.entryJourneys = this.entryJourneys.map((j) => (j.journeyId === journeyId && j.version === version ? found.live : j));
  }

  /** The widest lookback over every journey a lead may be in or enter. */
  lookback(): Lookback {
    let eventsMs: number | null = 0;
    let sendsMs = 0;
    for (const { lookback } of this.versions.values()) {
      eventsMs = eventsMs === null || lookback.eventsMs === null ? null : Math.max(eventsMs, lookback.eventsMs);
      sendsMs = Math.max(sendsMs, lookback.sendsMs);
    }
    return { eventsMs, sendsMs };
  }

  private async loadMissing(db: SqlQueryable, needed: Iterable<{ journeyId: string; version: number }>): Promise<void> {
    const missing = new Map<string, { journeyId: string; version: number }>();
    for (const ref of needed) {
      const k = key(ref.journeyId, ref.version);
      if (!this.versions.has(k)) missing.set(k, ref);
    }
    if (missing.size === 0) return;
    const refs = [...missing.values()];
    const rows = await journeyVersionDocuments(db, refs);
    for (const row of rows) {
      // Only validated documents are published, so parsing cannot fail here.
      const journey = journeySchema.parse(row.document);
      const status = this.statuses.get(row.journeyId)?.status ?? 'archived';
      this.versions.set(key(row.journeyId, row.version), {
        live: { journeyId: row.journeyId, version: row.version, status, compiled: compileJourney(journey) },
        lookback: lookbackOf(journey),
      });
    }
  }
}

function key(journeyId: string, version: number): string {
  return `${journeyId}\u0000${version}`;
}
