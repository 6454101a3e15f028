import { compileJourney, journeySchema, lookbackOf, savedSegmentOf, type Condition, type Journey, type Lookback } from '@trellis/journey';
import { journeyVersionDocuments, publishedJourneyStatuses, segmentConditions, type SqlQueryable } from '@trellis/store';
import type { JourneyCatalog, LiveJourney } from './process-lead.js';

/**
 * The published journeys the engine runs, compiled once per version (versions never change).
 * Statuses are re-read for every batch by default (one small query): an archive or a pause
 * must be seen by the very next batch, whichever server made it.
 *
 * A segment trigger may name a saved segment (journey saved-segments.ts): such a version is
 * compiled with the segment's condition as stored now, and whenever statuses are re-read the
 * conditions of the segments in use are read again (one lookup by key, only when some version
 * names one), and a version whose segment changed is recompiled. So an edited segment governs
 * the published journey from the next batch on, here and on every server (a segment edit also
 * announces itself on JOURNEYS_CHANNEL, which invalidates a catalog kept longer).
 */
export const JOURNEYS_CHANNEL = 'trellis_journeys';

interface Version {
  live: LiveJourney;
  lookback: Lookback;
  /** The document as published, kept to compile again when its saved segment changes. */
  document: Journey;
  /** The saved segment its trigger names, and that segment's condition (as JSON) it was compiled with. */
  segment: { id: string; condition: string } | null;
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
      await this.recompileChangedSegments(db);
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
    const named = rows.map((row) => savedSegmentOf(row.document)).filter((id): id is string => id !== null);
    const conditions = await segmentConditions(db, [...new Set(named)]);
    for (const row of rows) {
      // Only validated documents are published, so parsing cannot fail here.
      const document = journeySchema.parse(row.document);
      const status = this.statuses.get(row.journeyId)?.status ?? 'archived';
      const k = key(row.journeyId, row.version);
      this.versions.set(k, compiledVersion({ journeyId: row.journeyId, version: row.version, status }, document, conditions));
    }
  }

  /** Versions naming a saved segment whose stored condition is no longer the one they were compiled with. */
  private async recompileChangedSegments(db: SqlQueryable): Promise<void> {
    const named = new Set<string>();
    for (const version of this.versions.values()) if (version.segment) named.add(version.segment.id);
    if (named.size === 0) return;
    const conditions = await segmentConditions(db, [...named]);
    for (const [k, version] of this.versions) {
      if (!version.segment) continue;
      const stored = conditions.get(version.segment.id);
      if ((stored === undefined ? '' : JSON.stringify(stored)) === version.segment.condition) continue;
      const recompiled = compiledVersion(version.live, version.document, conditions);
      // Split winners decided for this version stay decided.
      recompiled.live = { ...version.live, compiled: recompiled.live.compiled };
      this.versions.set(k, recompiled);
    }
  }
}

function compiledVersion(
  live: Pick<LiveJourney, 'journeyId' | 'version' | 'status'>,
  document: Journey,
  conditions: ReadonlyMap<string, unknown>,
): Version {
  const segmentId = savedSegmentOf(document);
  const stored = segmentId === null ? undefined : conditions.get(segmentId);
  const segments = segmentId !== null && stored !== undefined ? new Map([[segmentId, stored as Condition]]) : undefined;
  const compiled = compileJourney(document, segments ? { segments } : {});
  return {
    live: { journeyId: live.journeyId, version: live.version, status: live.status, compiled },
    // Measured on the resolved journey: the segment's engagement tests read the lead's past.
    lookback: lookbackOf(compiled.journey),
    document,
    // A segment not stored (deleted) compiles to a trigger met by no lead; '' marks it, so it is compiled again if it comes back.
    segment: segmentId === null ? null : { id: segmentId, condition: stored === undefined ? '' : JSON.stringify(stored) },
  };
}

function key(journeyId: string, version: number): string {
  return `${journeyId}\u0000${version}`;
}
