import {
  compileJourney,
  hasErrors,
  journeySchema,
  lookbackOf,
  validateJourney,
  type CompiledJourney,
  type HistoryEvent,
  type Lead,
  type LeadRun,
  type LiveJourney,
  type Problem,
  type SentMark,
} from '@trellis/journey';
import { getJourney, inFlightCounts, loadLeadWork, sampleInFlightLeadIds, templateChannels, type InFlightCount } from '@trellis/store';
import type { Engine } from './engine.js';
import { EngineError } from './errors.js';
import { groupWork } from './worker.js';

/**
 * The leads inside a journey as they are now, for the publish's "what if" (issue 17, point 6):
 * their runs of this journey, their data, recent history and sends, read as a worker reads them
 * (`loadLeadWork`, the same lookbacks), and the compiled versions they are on. Bounded: past
 * `limit` leads a sample is taken, stratified by version and node in proportion to the counts,
 * at least one lead per step, so every step with leads is in it; the real counts come with it.
 */

export interface InFlightSample {
  /** The draft, compiled as the version it would be published as. */
  next: { version: number; compiled: CompiledJourney; status: LiveJourney['status'] };
  running: (version: number) => LiveJourney | undefined;
  /** Every running lead by version and node (the real totals). */
  counts: InFlightCount[];
  total: number;
  leads: { lead: Lead; history: HistoryEvent[]; recentSends: SentMark[]; lastEndedAt: ReadonlyMap<string, number>; run: LeadRun }[];
}

/** The most leads a what-if simulates (10,000, as `POST /api/simulate`). */
export const WHAT_IF_SAMPLE = 10_000;

export async function readInFlightSample(
  engine: Engine,
  journeyId: string,
  limit: number = WHAT_IF_SAMPLE,
): Promise<InFlightSample | { problems: Problem[] }> {
  const { db } = engine;
  const journey = await getJourney(db, journeyId);
  if (!journey) throw new EngineError('not_found', `no journey "${journeyId}"`);
  if (journey.status === 'archived') throw new EngineError('conflict', 'an archived journey cannot be published again');
  const problems = validateJourney(journey.draft, { templates: await templateChannels(db) });
  if (hasErrors(problems)) return { problems };
  const draft = journeySchema.parse(journey.draft);

  const counts = await inFlightCounts(db, journeyId);
  const total = counts.reduce((sum, c) => sum + c.leads, 0);
  const groups = counts.map((c) => ({
    version: c.version,
    nodeId: c.nodeId,
    leads: c.leads,
    limit: total <= limit ? c.leads : Math.min(c.leads, Math.max(1, Math.floor((limit * c.leads) / total))),
  }));
  const leadIds = await sampleInFlightLeadIds(db, journeyId, groups);

  const catalog = engine.worker.catalog;
  await catalog.refresh(db, counts.map((c) => ({ journeyId, version: c.version })));
  const now = engine.clock();
  // As far back as the running versions and the draft look (conditions over history, caps).
  const widest = [catalog.lookback(), lookbackOf(draft)].reduce((a, b) => ({
    eventsMs: a.eventsMs === null || b.eventsMs === null ? null : Math.max(a.eventsMs, b.eventsMs),
    sendsMs: Math.max(a.sendsMs, b.sendsMs),
  }));
  const loaded = await loadLeadWork(db, leadIds, {
    history: widest.eventsMs === 0 ? false : { since: widest.eventsMs === null ? null : new Date(now - widest.eventsMs) },
    sendsSince: widest.sendsMs === 0 ? null : new Date(now - widest.sendsMs),
  });
  const leads: InFlightSample['leads'] = [];
  for (const work of groupWork(loaded, new Map())) {
    for (const run of work.runs) {
      if (run.journeyId === journeyId) leads.push({ lead: work.lead, history: work.history, recentSends: work.recentSends, lastEndedAt: work.lastEndedAt, run });
    }
  }
  return {
    next: { version: (journey.publishedVersion ?? 0) + 1, compiled: compileJourney(draft), status: journey.status === 'paused' ? 'paused' : 'active' },
    running: (version) => catalog.version(journeyId, version),
    counts,
    total,
    leads,
  };
}
