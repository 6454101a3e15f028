import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { machineStateValue, type Channel, type Lead, type ScoreState } from '@trellis/journey';
import {
  claimDueLeads,
  claimRescorePage,
  finishRescorePage,
  loadScoreStates,
  saveScoreWork,
  type ScoreWork,
  claimSegmentSweepPage,
  finishSegmentSweepPage,
  lockLeads,
  nextDueAt,
  noLeadWorkChanges,
  loadLeadWork,
  saveLeadWork,
  WORK_CHANNEL,
  type LeadChange,
  type LeadRow,
  type LeadWorkChanges,
  type LoadedLeadWork,
  type SqlExecutor,
  type SqlTransaction,
} from '@trellis/store';
import { Catalog, JOURNEYS_CHANNEL } from './catalog.js';
import { ExperimentDecider } from './experiments.js';
import { processLead, type LeadInput, type LeadResult, type LeadWork, type PendingEvent } from './process-lead.js';
import { needsWholeHistory, ScoringCache } from './scoring.js';

/** Delivery workers listen here: new sends are in the outbox. */
export const SENDS_CHANNEL = 'trellis_sends';

export interface WorkerOptions {
  /** Leads per transaction: batching is what makes a wave of wake-ups fast. */
  batchSize?: number;
  /** How often to look for due work when nothing has woken the worker. */
  pollMs?: number;
  /** Parallel loops in this process (PostgreSQL only; PGlite is one session). */
  concurrency?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
  /** Called after each worker batch commits (metrics, logs); never for a batch that rolled back. */
  onBatch?: (batch: WorkerBatch) => void;
}

/** What one committed worker batch did. */
export interface WorkerBatch {
  leads: number;
  steps: number;
  /** Each send the batch wrote, by channel and status (`sent` ones go on to delivery). */
  sends: { channel: string; status: string }[];
  ms: number;
}

/**
 * Claims due leads (new events, wake-ups) with FOR UPDATE SKIP LOCKED, so several loops in
 * several servers share the work and never hold the same lead, and applies each lead's work
 * in the claiming transaction. A crash before commit leaves the work due; after commit it is done.
 */
export class Worker {
  readonly catalog: Catalog;
  private readonly experiments = new ExperimentDecider();
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly concurrency: number;
  private readonly now: () => number;
  private readonly onError: (error: unknown) => void;
  private readonly onBatch: ((batch: WorkerBatch) => void) | undefined;
  private running = false;
  private loops: Promise<void>[] = [];
  private wakers = new Set<() => void>();
  private unsubscribe: (() => Promise<void>)[] = [];
  private readonly scoring = new ScoringCache();

  constructor(
    private readonly db: SqlExecutor,
    options: WorkerOptions & { catalog?: Catalog } = {},
  ) {
    this.catalog = options.catalog ?? new Catalog();
    // PGlite is one session: a long batch would hold the API's queries back, so keep it short.
    this.batchSize = options.batchSize ?? (db.kind === 'embedded' ? 200 : 1_000);
    this.pollMs = options.pollMs ?? 1_000;
    this.concurrency = db.kind === 'embedded' ? 1 : (options.concurrency ?? 2);
    this.now = options.now ?? Date.now;
    this.onError = options.onError ?? ((error) => console.error('trellis worker:', error));
    this.onBatch = options.onBatch;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.unsubscribe.push(await this.db.listen(WORK_CHANNEL, () => this.kick()));
    this.unsubscribe.push(
      await this.db.listen(JOURNEYS_CHANNEL, () => {
        this.catalog.invalidate();
        this.kick();
      }),
    );
    for (let i = 0; i < this.concurrency; i++) this.loops.push(this.loop());
  }

  /** Stops taking work; resolves once the transaction in hand has finished. */
  async stop(): Promise<void> {
    this.running = false;
    this.kick();
    await Promise.all(this.loops);
    this.loops = [];
    for (const unsubscribe of this.unsubscribe.splice(0)) await unsubscribe();
  }

  kick(): void {
    for (const wake of [...this.wakers]) wake();
  }

  /** Processes due leads until none is due; returns how many lead batches it took. */
  async drain(): Promise<number> {
    let leads = 0;
    for (let n = await this.processDueBatch(); n > 0; n = await this.processDueBatch()) leads += n;
    return leads;
  }

  /** One transaction: claim up to `batchSize` due leads and apply their work. */
  async processDueBatch(): Promise<number> {
    const started = performance.now();
    const batch = await this.db.transaction(async (tx) => {
      const due = await claimDueLeads(tx, this.batchSize, new Date(this.now()));
      if (due.length === 0) return null;
      const results = await this.processLeads(tx, due.map((d) => d.id), new Map());
      return { leads: due.length, results };
    });
    if (batch === null) {
      await this.sweepSegments();
      // A full page of a re-score counts as work done, so the loop (and `drain`) goes straight on to the next.
      return this.rescorePage();
    }
    if (this.onBatch) {
      const { leads, results } = batch;
      const steps = results.reduce((sum, r) => sum + r.steps.length, 0);
      const sends = results.flatMap((r) => r.sends.map((s) => ({ channel: s.channel, status: s.status })));
      this.onBatch({ leads, steps, sends, ms: performance.now() - started });
    }
    return batch.leads;
  }

  /**
   * Locks the given leads (waiting for a worker that holds one) and applies their work now,
   * with explicit inputs: a sales answer, a removal. Used by the API so its answer reflects it.
   */
  async processLeadsNow(tx: SqlTransaction, inputs: Map<string, LeadInput[]>): Promise<LeadResult[]> {
    const ids = [...inputs.keys()].sort();
    await lockLeads(tx, ids);
    return this.processLeads(tx, ids, inputs);
  }

  private async processLeads(
    tx: SqlTransaction,
    leadIds: string[],
    inputs: Map<string, LeadInput[]>,
    options: { wholeHistory?: boolean } = {},
  ): Promise<LeadResult[]> {
    await this.catalog.refresh(tx);
    const now = this.now();
    await this.experiments.decideDue(tx, this.catalog, now);
    const lookback = this.catalog.lookback();
    const model = await this.scoring.current(tx);
    // A re-score reads every event the lead has had, and so do fit rules that test engagement.
    const wholeHistory = options.wholeHistory === true || (model !== null && needsWholeHistory(model));
    const loaded = await loadLeadWork(tx, leadIds, {
      history: wholeHistory
        ? { since: null }
        : lookback.eventsMs === 0
          ? false
          : { since: lookback.eventsMs === null ? null : new Date(now - lookback.eventsMs) },
      sendsSince: lookback.sendsMs === 0 ? null : new Date(now - lookback.sendsMs),
    });
    await this.catalog.refresh(tx, loaded.runs);

    const works = groupWork(loaded, inputs);
    if (model !== null) {
      const states = await loadScoreStates(tx, leadIds);
      for (const work of works) work.scoring = { model, state: (states.get(work.lead.id) as ScoreState | undefined) ?? null };
    }
    const results: LeadResult[] = [];
    for (const work of works) results.push(processLead(work, this.catalog, now, randomUUID));
    const changes = this.changesOf(results, works);
    await saveLeadWork(tx, changes);
    await saveScoreWork(tx, scoreWorkOf(results, works));
    if (changes.sends.some((s) => s.status === 'sent')) await tx.notify(SENDS_CHANNEL, '');
    return results;
  }

  /**
   * What a run stores in `runs.state`: its `RunState`, the path's `stepCount`, and `machine`, the
   * state of the journey version's XState machine the run is in. With the run as its context,
   * that value is the lead's whole XState snapshot (`restoreSnapshot` rebuilds it with
   * `machine.resolveState`); the value is itself a function of the run (`machineStateValue`).
   */
  private storedState(run: LeadResult['runs'][number]): Record<string, unknown> {
    const compiled = this.catalog.version(run.journeyId, run.version)?.compiled;
    const machine = compiled === undefined ? undefined : machineStateValue(compiled, run.state);
    return { ...run.state, stepCount: run.stepCount, ...(machine === undefined ? {} : { machine }) };
  }

  private changesOf(results: LeadResult[], works: LeadWork[]): LeadWorkChanges {
    const changes: LeadWorkChanges = noLeadWorkChanges();
    const nodeStats = new Map<string, { journeyId: string; nodeId: string; current: number; entered: number }>();
    const outcomes = new Map<string, { journeyId: string; outcome: string; count: number }>();
    results.forEach((result, i) => {
      const leadId = works[i]!.lead.id;
      const lead = result.lead;
      if (result.leadChanged) {
        // Only the fields that changed are written: a re-score changes the score and little else.
        const changed = changedFields(works[i]!.lead, lead);
        if (changed) changes.leads.push(changed);
      }
      for (const run of result.runs) {
        changes.runs.push({
          leadId,
          id: run.id,
          journeyId: run.journeyId,
          version: run.version,
          status: run.state.status,
          nodeId: run.state.nodeId,
          state: this.storedState(run),
          wakeAt: run.state.wakeAt === null ? null : new Date(run.state.wakeAt),
          outcome: run.state.outcome,
          enteredAt: new Date(run.state.startedAt),
          endedAt: run.state.endedAt === null ? null : new Date(run.state.endedAt),
        });
      }
      for (const step of result.steps) changes.steps.push({ leadId, ...step, at: new Date(step.at) });
      for (const step of result.leftSteps) changes.leftSteps.push({ leadId, ...step, at: new Date(step.at) });
      for (const send of result.sends) {
        const journey = this.catalog.version(send.journeyId, send.version);
        changes.sends.push({
          leadId,
          id: send.id,
          runId: send.runId,
          journeyId: send.journeyId,
          nodeId: send.nodeId,
          channel: send.channel,
          template: send.template,
          status: send.status,
          at: new Date(send.at),
          payload: {
            lead: leadRow(lead),
            journey: { id: send.journeyId, name: journey?.compiled.journey.name ?? null, version: send.version },
            nodeId: send.nodeId,
            sender: send.sender,
            // A task's due time travels with the send to delivery, which writes the task.
            ...(send.dueAt === undefined ? {} : { dueAt: new Date(send.dueAt).toISOString() }),
          },
        });
      }
      for (const handoff of result.handoffsOpened) {
        changes.handoffsOpened.push({
          leadId,
          id: handoff.id,
          runId: handoff.runId,
          journeyId: handoff.journeyId,
          nodeId: handoff.nodeId,
          queue: handoff.queue,
          // Assigned by owner when the lead has one; otherwise the queue's next member in turn.
          assignee: handoff.assign === 'owner' && lead.owner ? lead.owner : null,
          dueAt: new Date(handoff.dueAt),
          at: new Date(handoff.at),
        });
      }
      for (const closed of result.handoffsClosed) changes.handoffsClosed.push({ leadId, ...closed, at: new Date(closed.at) });
      for (const event of result.emittedEvents) changes.emittedEvents.push({ ...event, at: new Date(event.at) });
      for (const id of result.processedEventIds) changes.processedEvents.push({ leadId, id });
      for (const [journeyId, byNode] of result.nodeStats) {
        for (const [nodeId, delta] of byNode) {
          if (delta.current === 0 && delta.entered === 0) continue;
          const key = `${journeyId}\u0000${nodeId}`;
          const total = nodeStats.get(key) ?? { journeyId, nodeId, current: 0, entered: 0 };
          total.current += delta.current;
          total.entered += delta.entered;
          nodeStats.set(key, total);
        }
      }
      for (const [journeyId, byOutcome] of result.outcomes) {
        for (const [outcome, count] of byOutcome) {
          const key = `${journeyId}\u0000${outcome}`;
          const total = outcomes.get(key) ?? { journeyId, outcome, count: 0 };
          total.count += count;
          outcomes.set(key, total);
        }
      }
      changes.dueAt.push({ leadId, dueAt: result.nextWakeAt === null ? null : new Date(result.nextWakeAt) });
    });
    changes.nodeStats = [...nodeStats.values()];
    changes.outcomes = [...outcomes.values()];
    return changes;
  }

  /** Segment journeys enter every matching lead at publish: a page of leads at a time. */
  private async sweepSegments(): Promise<void> {
    await this.db.transaction(async (tx) => {
      const page = await claimSegmentSweepPage(tx, this.batchSize);
      if (!page) return;
      if (page.leadIds.length > 0) {
        const inputs = new Map(page.leadIds.map((id) => [id, [{ kind: 'segment', journeyId: page.journeyId } as LeadInput]]));
        await this.processLeadsNow(tx, inputs);
      }
      await finishSegmentSweepPage(tx, page, this.batchSize);
      if (page.leadIds.length === this.batchSize) this.kick();
    });
  }

  /**
   * The running re-score (a new scoring model) takes one page of leads per transaction, each
   * lead re-scored from its whole history by the driver (a `rescore` input), and the page's
   * end committed with it, so a restart resumes after the last page done. Returns the leads
   * re-scored when the page was full (more to do), else 0.
   */
  private async rescorePage(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const page = await claimRescorePage(tx, this.batchSize);
      if (!page) return 0;
      if (page.leadIds.length > 0) {
        await lockLeads(tx, page.leadIds);
        const inputs = new Map(page.leadIds.map((id) => [id, [{ kind: 'rescore' } as LeadInput]]));
        await this.processLeads(tx, page.leadIds, inputs, { wholeHistory: true });
      }
      await finishRescorePage(tx, page, this.batchSize, new Date(this.now()));
      return page.leadIds.length === this.batchSize ? page.leadIds.length : 0;
    });
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let processed = 0;
      try {
        processed = await this.processDueBatch();
      } catch (error) {
        this.onError(error);
        await this.sleep(this.pollMs);
        continue;
      }
      if (processed >= this.batchSize) continue;
      await this.sleep(await this.untilNextDue());
    }
  }

  private async untilNextDue(): Promise<number> {
    try {
      const due = await nextDueAt(this.db);
      const next = due ? due.getTime() - this.now() : this.pollMs;
      return Math.max(0, Math.min(this.pollMs, next));
    } catch {
      return this.pollMs;
    }
  }

  private sleep(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }
}

function leadRow(lead: Lead): LeadRow {
  return {
    id: lead.id,
    email: lead.email ?? null,
    phone: lead.phone ?? null,
    timezone: lead.timezone ?? null,
    owner: lead.owner ?? null,
    score: lead.score,
    stage: lead.stage ?? null,
    attributes: lead.attributes,
    consent: lead.consent,
  };
}

/** The lead's fields that differ from what was loaded, with its id; null when none does. */
function changedFields(before: Lead, after: Lead): LeadChange | null {
  const was = leadRow(before);
  const now = leadRow(after);
  const change: LeadChange = { id: now.id };
  let any = false;
  for (const key of LEAD_FIELDS) {
    const same = key === 'attributes' || key === 'consent' ? sameJson(was[key], now[key]) : was[key] === now[key];
    if (same) continue;
    (change as Record<string, unknown>)[key] = now[key];
    any = true;
  }
  return any ? change : null;
}

const LEAD_FIELDS = ['email', 'phone', 'timezone', 'owner', 'score', 'stage', 'attributes', 'consent'] as const;

/** Equal as stored JSON, whatever the keys' order (jsonb keeps its own order, so a loaded value's differs from a built one's). */
function sameJson(a: unknown, b: unknown): boolean {
  return a === b || isDeepStrictEqual(a, b);
}

/** What scoring did in a batch, as the store writes it. */
function scoreWorkOf(results: LeadResult[], works: LeadWork[]): ScoreWork {
  const work: ScoreWork = { states: [], replaced: [], changes: [] };
  results.forEach((result, i) => {
    const scoring = result.scoring;
    if (!scoring) return;
    const leadId = works[i]!.lead.id;
    // A state the batch left as loaded is not written again (most leads of a re-score of an unchanged model).
    if (!sameJson(scoring.state, works[i]!.scoring?.state ?? null)) work.states.push({ leadId, state: scoring.state });
    if (scoring.replaced) work.replaced.push(leadId);
    for (const change of scoring.changes) {
      work.changes.push({
        leadId,
        at: new Date(change.at),
        points: change.points,
        ruleId: change.ruleId,
        reason: change.reason,
        eventId: change.eventId ?? null,
        eventType: change.eventType ?? null,
      });
    }
  });
  return work;
}

export function groupWork(loaded: LoadedLeadWork, inputs: Map<string, LeadInput[]>): LeadWork[] {
  const works = new Map<string, LeadWork>();
  for (const row of loaded.leads) {
    works.set(row.id, {
      lead: {
        id: row.id,
        email: row.email,
        phone: row.phone,
        timezone: row.timezone,
        owner: row.owner,
        score: row.score,
        stage: row.stage,
        attributes: row.attributes ?? {},
        consent: (row.consent ?? {}) as Lead['consent'],
      },
      pendingEvents: [],
      runs: [],
      lastEndedAt: new Map(),
      history: [],
      recentSends: [],
      inputs: inputs.get(row.id) ?? [],
    });
  }
  const toEvent = (e: { id: string; type: string; at: Date; props: Record<string, unknown> }): PendingEvent => ({
    id: e.id,
    type: e.type,
    at: e.at.getTime(),
    props: e.props ?? {},
  });
  for (const e of loaded.pendingEvents) works.get(e.leadId)?.pendingEvents.push(toEvent(e));
  for (const e of loaded.history) works.get(e.leadId)?.history.push(toEvent(e));
  for (const r of loaded.runs) {
    const { stepCount, machine: _machine, ...state } = r.state as unknown as LeadWork['runs'][number]['state'] & { stepCount?: number; machine?: unknown };
    works.get(r.leadId)?.runs.push({
      id: r.id,
      journeyId: r.journeyId,
      version: r.version,
      stepCount: stepCount ?? 0,
      // The column is the truth for the wake-up: resuming a journey sets it from outside.
      state: { ...state, wakeAt: r.wakeAt ? r.wakeAt.getTime() : null },
    });
  }
  for (const e of loaded.lastEnded) works.get(e.leadId)?.lastEndedAt.set(e.journeyId, e.endedAt.getTime());
  for (const s of loaded.recentSends) works.get(s.leadId)?.recentSends.push({ channel: s.channel as Channel, at: s.at.getTime() });
  return [...works.values()];
}
