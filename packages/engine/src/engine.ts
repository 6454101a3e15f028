import { randomUUID } from 'node:crypto';
import {
  hasErrors,
  HANDOFF_ANSWERS,
  hostileValueProblems,
  instantSchema,
  leadIdSchema,
  leadPatchSchema,
  validateJourney,
  journeySchema,
  type HandoffAnswer,
  type InFlightMap,
  type Journey,
  type Lead,
  type LeadPatch,
  type Problem,
} from '@trellis/journey';
import {
  activeRunIds,
  getJourney,
  getJourneyVersion,
  ingestEvents,
  insertEvents,
  cadenceTouchCounts,
  journeyCounters,
  lockHandoffLead,
  markJourneyLeadsDue,
  publishApprovalsRequired,
  publishJourney,
  PublishRequestChanged,
  queueSegmentSweep,
  segmentIds,
  recordHandoffAnswer,
  releaseHeldSends,
  sendStatsOfJourney,
  setJourneyStatus,
  templateChannels,
  unfinishedJourneyMoves,
  WORK_CHANNEL,
  type IncomingEvent,
  type JourneyRecord,
  type NodeSendStats,
  type SqlExecutor,
} from '@trellis/store';
import { z } from 'zod';
import { JOURNEYS_CHANNEL } from './catalog.js';
import { takenEmailMessage, takenEmails, type EmailClaim } from './email-owners.js';
import { EngineError } from './errors.js';
import { inFlightLanding, moveInFlightBatch, publishChanges, type InFlightLanding } from './in-flight.js';
import type { LeadInput } from './process-lead.js';
import { Worker, type WorkerOptions } from './worker.js';

/**
 * The engine's front door for the server: every write that moves leads goes through here, and
 * every rule is applied by the worker with `advance`. Nothing here speaks HTTP.
 */

export const incomingEventSchema = z.strictObject({
  id: z.string().min(1).max(200),
  leadId: leadIdSchema,
  type: z.string().min(1).max(100),
  at: instantSchema.optional(),
  props: z.record(z.string(), z.unknown()).optional(),
});
export type IncomingEventInput = z.infer<typeof incomingEventSchema>;

export interface RejectedEvent {
  index: number;
  problems: { path: (string | number)[]; message: string }[];
}

export interface IngestAnswer {
  accepted: number;
  duplicates: number;
  rejected: RejectedEvent[];
}

export const EVENTS_PER_BATCH = 1_000;

/** Ten years: far enough for any "try again next year", near enough to catch a mistyped year. */
const LONGEST_RETURN_MS = 10 * 366 * 24 * 3_600_000;

export class Engine {
  readonly worker: Worker;
  private readonly now: () => number;

  constructor(
    readonly db: SqlExecutor,
    options: WorkerOptions = {},
  ) {
    this.worker = new Worker(db, options);
    this.now = options.now ?? Date.now;
  }

  /** The engine's clock (tests move it): what "now" means for conditions read outside a worker. */
  clock(): number {
    return this.now();
  }

  async start(): Promise<void> {
    await this.worker.start();
    // A move of in-flight leads a restart cut short goes on from its last batch.
    this.resumeMoves().catch((error: unknown) => console.error('trellis: resuming a move of in-flight leads:', error));
  }

  stop(): Promise<void> {
    return this.worker.stop();
  }

  /**
   * `POST /api/events`: each event is checked alone; the good ones are committed before this
   * resolves (so a 202 means durable), the bad ones come back with their problems.
   */
  async ingest(events: readonly unknown[]): Promise<IngestAnswer> {
    const good: IncomingEvent[] = [];
    const rejected: RejectedEvent[] = [];
    const claims: (EmailClaim & { event: IncomingEvent; index: number })[] = [];
    events.forEach((raw, index) => {
      // NUL, lone surrogates and absurd nesting would fail the whole batch's insert: refused
      // here, event by event, so the good events in the batch are still kept.
      const hostile = hostileValueProblems(raw);
      if (hostile.length > 0) {
        rejected.push({ index, problems: hostile });
        return;
      }
      const parsed = incomingEventSchema.safeParse(raw);
      if (!parsed.success) {
        rejected.push({ index, problems: parsed.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message })) });
        return;
      }
      if (parsed.data.type === 'lead_updated') {
        const patch = leadPatchSchema.safeParse(parsed.data.props ?? {});
        if (!patch.success) {
          rejected.push({
            index,
            problems: patch.error.issues.map((i) => ({ path: ['props', ...(i.path as (string | number)[])], message: i.message })),
          });
          return;
        }
        if (typeof patch.data.email === 'string') claims.push({ leadId: parsed.data.leadId, email: patch.data.email, event: parsed.data, index });
      }
      good.push(parsed.data);
    });
    const owners = await takenEmails(this.db, claims);
    const refused = new Set<IncomingEvent>();
    claims.forEach((claim, i) => {
      const owner = owners[i];
      if (owner === null || owner === undefined) return;
      refused.add(claim.event);
      rejected.push({ index: claim.index, problems: [{ path: ['props', 'email'], message: takenEmailMessage(claim.email, owner) }] });
    });
    rejected.sort((a, b) => a.index - b.index);
    const { accepted, duplicates } = await ingestEvents(
      this.db,
      good.filter((event) => !refused.has(event)),
      new Date(this.now()),
    );
    return { accepted, duplicates, rejected };
  }

  /**
   * `PUT /api/leads/:id`: records a `lead_updated` event and applies it at once, so the answer
   * is the lead as it now is, and journeys see the change as the event it is.
   */
  async putLead(leadId: string, patch: LeadPatch): Promise<Lead> {
    return this.db.transaction(async (tx) => {
      if (typeof patch.email === 'string') {
        const [owner] = await takenEmails(tx, [{ leadId, email: patch.email }]);
        if (owner) throw new EngineError('conflict', takenEmailMessage(patch.email, owner));
      }
      await insertEvents(tx, [{ id: `lead_updated.${randomUUID()}`, leadId, type: 'lead_updated', props: patch }], new Date(this.now()));
      const [result] = await this.worker.processLeadsNow(tx, new Map([[leadId, []]]));
      return result!.lead;
    });
  }

  /** Applies a lead's new events now, rather than when a worker next claims it. */
  async applyPendingEvents(leadId: string): Promise<void> {
    await this.db.transaction((tx) => this.worker.processLeadsNow(tx, new Map([[leadId, []]])));
  }

  /**
   * Sales answers an open handoff: the lead leaves by the matching handle; the note goes on its
   * timeline. A recycle may say when to bring the lead back (`returnAt`, after now): the next
   * handoff the lead reaches in this journey opens no earlier.
   */
  async answerHandoff(
    handoffId: string,
    answer: HandoffAnswer,
    input: { note?: string; author?: string; returnAt?: Date } = {},
  ): Promise<void> {
    if (!(HANDOFF_ANSWERS as readonly string[]).includes(answer)) throw new EngineError('bad_request', `unknown answer "${answer}"`);
    const returnAt = input.returnAt ?? null;
    if (returnAt !== null && answer !== 'recycled') {
      throw new EngineError('bad_request', 'only a recycle can say when to bring the lead back (returnAt)');
    }
    await this.db.transaction(async (tx) => {
      const handoff = await lockHandoffLead(tx, handoffId);
      if (!handoff) throw new EngineError('not_found', `no handoff "${handoffId}"`);
      if (handoff.status !== 'open') throw new EngineError('conflict', `handoff "${handoffId}" is already ${handoff.status}`);
      const now = new Date(this.now());
      if (returnAt !== null && (returnAt.getTime() <= now.getTime() || returnAt.getTime() > now.getTime() + LONGEST_RETURN_MS)) {
        throw new EngineError(
          'bad_request',
          `the date to bring the lead back (returnAt) must be in the future and within 10 years (it is ${returnAt.toISOString()}, now is ${now.toISOString()})`,
        );
      }
      await recordHandoffAnswer(tx, {
        leadId: handoff.leadId,
        handoffId,
        answer,
        note: input.note ?? null,
        author: input.author ?? null,
        at: now,
        returnAt,
      });
      const play: LeadInput = { kind: 'answer', runId: handoff.runId, answer };
      if (returnAt !== null) play.returnAt = returnAt.getTime();
      await this.worker.processLeadsNow(tx, new Map([[handoff.leadId, [play]]]));
    });
  }

  /** An operator removes a lead from a journey: its run ends with outcome `removed`. */
  async removeLead(journeyId: string, leadId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const runIds = await activeRunIds(tx, leadId, journeyId);
      if (runIds.length === 0) return false;
      await this.worker.processLeadsNow(tx, new Map([[leadId, runIds.map((runId) => ({ kind: 'remove' as const, runId }))]]));
      return true;
    });
  }

  /**
   * Publishes the draft as a new immutable version, or returns its problems. `inFlight: 'move'`
   * then moves the running leads of earlier versions onto it (docs/live-edits.md), a batch per
   * transaction, before answering; `stay` (the default) leaves them on their versions. A draft
   * with no change against the published version is refused (`no_changes`): no empty versions.
   */
  async publish(
    journeyId: string,
    options: {
      inFlight?: 'stay' | 'move';
      map?: InFlightMap;
      /** The caller is one the workspace's approvals bind (a marketer): refused while approvals are on. */
      approvalsApply?: boolean;
      /** Publishing an approved request (publish-requests.ts): the request is closed in the publish's transaction. */
      approval?: { requestId: string; by: string; comment: string | null };
    } = {},
  ): Promise<PublishAnswer | PublishRefusal> {
    const review = await this.review(journeyId, options.map ?? {});
    if (options.approvalsApply && (await publishApprovalsRequired(this.db))) {
      throw new EngineError(
        'approval_required',
        'this workspace needs a reviewer or an admin to approve each publish: request approval (POST /api/journeys/:id/publish-requests)',
      );
    }
    if (review.journey.status === 'archived') throw new EngineError('conflict', 'an archived journey cannot be published again');
    if (hasErrors(review.problems)) return { problems: review.problems };
    if (review.journey.publishedVersion !== null && review.changes.length === 0) {
      throw new EngineError('no_changes', `the draft is the same as the published version ${review.journey.publishedVersion}: there are no changes to publish`);
    }
    const move = options.inFlight === 'move';
    if (move && review.mapProblems.length > 0) return { problems: [], mapProblems: review.mapProblems };
    const at = new Date(this.now());
    const published = await publishJourney(this.db, journeyId, review.journey.draft, {
      ...(move ? { moveInFlight: { map: { ...options.map }, at } } : {}),
      ...(options.approval ? { approval: { ...options.approval, at } } : {}),
    }).catch((error: unknown) => {
      if (error instanceof PublishRequestChanged) {
        throw new EngineError('stale_request', 'the request changed while it was being approved (the draft was edited, or someone else decided it): nothing was published');
      }
      throw error;
    });
    if (!published) throw new EngineError('not_found', `no journey "${journeyId}"`);
    const draft = review.journey.draft as { nodes: { type: string; data: { on?: object } }[] };
    const trigger = draft.nodes.find((n) => n.type === 'trigger');
    if (trigger?.data.on && 'segment' in trigger.data.on) {
      await queueSegmentSweep(this.db, journeyId, published.version);
    }
    await this.announce();
    if (!move) return { version: published.version };
    return { version: published.version, ...(await this.finishMove(journeyId, published.version)) };
  }

  /**
   * `POST /api/journeys/:id/publish/preview`: what publishing the draft now would do, nothing
   * stored: its version number, the changes against the published version, its problems, and
   * where the running leads would land (or `mapProblems`, what is wrong with the map).
   */
  async previewPublish(journeyId: string, map: InFlightMap = {}): Promise<PublishPreview> {
    const { journey, changes, problems, inFlight, mapProblems } = await this.review(journeyId, map);
    return { version: (journey.publishedVersion ?? 0) + 1, changes, inFlight, problems, mapProblems };
  }

  /** Moves a restart cut short go on (the engine's start calls it); each batch is its own transaction. */
  async resumeMoves(): Promise<void> {
    for (const move of await unfinishedJourneyMoves(this.db)) await this.finishMove(move.journeyId, move.version);
  }

  private async finishMove(journeyId: string, version: number): Promise<{ moved: number; stayed: number }> {
    while (await moveInFlightBatch(this.db, this.worker.catalog, { journeyId, version }, MOVE_BATCH, this.now()));
    this.worker.kick();
    const [row] = await this.db.query<{ moved: number; stayed: number }>(
      `select moved, stayed from journey_moves where journey_id = $1 and version = $2`,
      [journeyId, version],
    );
    return { moved: Number(row?.moved ?? 0), stayed: Number(row?.stayed ?? 0) };
  }

  private async review(journeyId: string, map: InFlightMap) {
    const journey = await this.requireJourney(journeyId);
    // Checked against the stored templates, so a send naming one that does not exist is
    // `unknown_template` here, and never a "sent" that nothing delivers.
    // And against the stored segments: a trigger naming one that does not exist is `unknown_segment`.
    const problems = validateJourney(journey.draft, { templates: await templateChannels(this.db), segments: await segmentIds(this.db) });
    const draft = journey.draft as Journey;
    const published = journey.publishedVersion === null ? null : await getJourneyVersion(this.db, journeyId, journey.publishedVersion);
    const changes = publishChanges(published === null ? null : journeySchema.parse(published.document), draft);
    const { inFlight, mapProblems } = await inFlightLanding(this.db, this.worker.catalog, journeyId, draft, map);
    return { journey, problems, changes, inFlight, mapProblems };
  }

  async pause(journeyId: string): Promise<JourneyRecord> {
    const journey = await this.requireJourney(journeyId);
    if (journey.status !== 'active') throw new EngineError('conflict', `only an active journey can be paused; this one is ${journey.status}`);
    const paused = (await setJourneyStatus(this.db, journeyId, 'paused'))!;
    await this.announce();
    return paused;
  }

  /** Resumes a paused journey and releases the sends it held. */
  async resume(journeyId: string): Promise<JourneyRecord> {
    const journey = await this.requireJourney(journeyId);
    if (journey.status !== 'paused') throw new EngineError('conflict', `only a paused journey can be resumed; this one is ${journey.status}`);
    const resumed = await this.db.transaction(async (tx) => {
      const record = (await setJourneyStatus(tx, journeyId, 'active'))!;
      await releaseHeldSends(tx, journeyId, new Date(this.now()));
      await tx.notify(WORK_CHANNEL, '');
      return record;
    });
    await this.announce();
    return resumed;
  }

  /** Ends the journey for good: every lead still in it leaves with outcome `removed`. */
  async archive(journeyId: string): Promise<JourneyRecord> {
    const journey = await this.requireJourney(journeyId);
    if (journey.status === 'archived') return journey;
    const archived = await this.db.transaction(async (tx) => {
      const record = (await setJourneyStatus(tx, journeyId, 'archived'))!;
      await markJourneyLeadsDue(tx, journeyId, new Date(this.now()));
      await tx.notify(WORK_CHANNEL, '');
      return record;
    });
    await this.announce();
    return archived;
  }

  async stats(journeyId: string): Promise<JourneyStats> {
    const journey = await this.requireJourney(journeyId);
    const { nodes: nodeRows, outcomes: outcomeRows } = await journeyCounters(this.db, journeyId);
    const nodes: JourneyStats['nodes'] = {};
    for (const row of nodeRows) nodes[row.nodeId] = { current: row.current, entered: row.entered };
    // Send nodes also show what became of their sends (delivered, opened, clicked, unsubscribed).
    for (const [nodeId, sends] of Object.entries(await sendStatsOfJourney(this.db, journeyId))) {
      nodes[nodeId] = { ...(nodes[nodeId] ?? { current: 0, entered: 0 }), sends };
    }
    // Cadences also say where their leads stand: how many have made how many touches.
    for (const { nodeId, made, leads } of await cadenceTouchCounts(this.db, journeyId)) {
      const node = (nodes[nodeId] ??= { current: 0, entered: 0 });
      (node.touches ??= []).push({ made, leads });
    }
    const outcomes: JourneyStats['outcomes'] = {};
    for (const row of outcomeRows) outcomes[row.outcome] = row.count;
    return { version: journey.publishedVersion, nodes, outcomes };
  }

  private async requireJourney(journeyId: string): Promise<JourneyRecord> {
    const journey = await getJourney(this.db, journeyId);
    if (!journey) throw new EngineError('not_found', `no journey "${journeyId}"`);
    return journey;
  }

  /** Tells every worker, in this server and the others, that journeys changed. */
  private async announce(): Promise<void> {
    this.worker.catalog.invalidate();
    await this.db.notify(JOURNEYS_CHANNEL, '');
    this.worker.kick();
  }
}

/** Leads per move batch: each batch is one transaction holding its leads' locks. */
const MOVE_BATCH = 500;

export type MapProblems = { path: (string | number)[]; message: string }[];

export interface PublishAnswer {
  version: number;
  /** With `inFlight: 'move'`: leads moved onto the new version, and leads kept on theirs (no target). */
  moved?: number;
  stayed?: number;
}

/** Not published: the draft's errors, or (with `problems` empty) what is wrong with the map. */
export interface PublishRefusal {
  problems: Problem[];
  mapProblems?: MapProblems;
}

export interface PublishPreview {
  version: number;
  changes: ReturnType<typeof publishChanges>;
  inFlight: InFlightLanding[];
  problems: Problem[];
  mapProblems: MapProblems;
}

/** At a cadence: `leads` running leads have made `made` of its touches (0: none yet). */
export interface CadenceTouchStats {
  made: number;
  leads: number;
}

export interface JourneyStats {
  version: number | null;
  nodes: Record<string, { current: number; entered: number; sends?: NodeSendStats; touches?: CadenceTouchStats[] }>;
  outcomes: Record<string, number>;
}
