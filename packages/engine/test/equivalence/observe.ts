import { createJourney, type SqlExecutor } from '@trellis/store';
import { simulate, simulateRequestSchema } from '@trellis/simulate';
import { storeTemplatesOf } from '@trellis/store/test-templates';
import { Engine } from '../../src/index.js';
import { buildCase, START, UNTIL, withAnswers, type Case, type CaseDraws } from './cases.js';

/**
 * One case played twice, by the simulator and by the engine on a database with a virtual
 * clock, and what each leaves behind in the same shape: per lead its runs' path steps, its
 * sends (channel, template, status, time), its outcome and its score.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** When the leads' profiles arrive (as `lead_updated`), before any drawn event. */
const PROFILES_AT = START - 12 * HOUR;
const END = START + 10 * DAY; // UNTIL
/** Instants the engine's loop may visit in one case before it is taken for stuck. */
const MAX_INSTANTS = 5_000;

export interface ObservedStep {
  nodeId: string;
  at: string;
  handle: string | null;
  /** A cadence's touch, from 0 (null on a node's own step). */
  touch: number | null;
}

export interface ObservedLead {
  id: string;
  /** Each run's path steps in order; runs ordered by their first step, then by content (ties are not ordered by the engine). */
  runs: ObservedStep[][];
  /** Sorted by time, then node, channel, template, status. */
  sends: { nodeId: string; channel: string; template: string; status: string; at: string }[];
  outcome: string | null;
  score: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Every event either side is given: the profiles, then the drawn events, in list order. */
function allEvents(c: Case): Case['events'] {
  const profiles = c.leads.map((lead) => ({ id: `${lead.id}-profile`, leadId: lead.id, type: 'lead_updated', at: PROFILES_AT, props: lead.patch }));
  return [...profiles, ...c.events];
}

/** The case the draws describe, its sales answers drawn against when a first simulation reached each handoff. */
export function caseOf(draws: CaseDraws, tag: string, journeyId: string): Case {
  const c = buildCase(draws, tag);
  const handoffs = new Set((c.journey.nodes as { id: string; type: string }[]).filter((n) => n.type === 'handoff').map((n) => n.id));
  if (handoffs.size === 0 || draws.answers.length === 0) return c;
  const visits = inSimulator(c, journeyId).flatMap((lead) =>
    lead.runs.flat().filter((step) => handoffs.has(step.nodeId)).map((step) => ({ leadId: lead.id, nodeId: step.nodeId, at: Date.parse(step.at) })),
  );
  return withAnswers(c, draws, visits);
}

export function inSimulator(c: Case, journeyId: string): ObservedLead[] {
  const request = simulateRequestSchema.parse({
    journey: c.journey,
    journeyId,
    start: iso(START),
    until: UNTIL,
    leads: c.leads.map((lead) => ({ id: lead.id })),
    events: allEvents(c).map((e) => ({ id: e.id, leadId: e.leadId, type: e.type, at: iso(e.at), props: e.props })),
    answers: c.answers.map((a) => ({
      leadId: a.leadId,
      nodeId: a.nodeId,
      answer: a.answer,
      at: iso(a.at),
      ...(a.returnAt === undefined ? {} : { returnAt: iso(a.returnAt) }),
    })),
  });
  const outcome = simulate(request);
  if (!outcome.ok) throw new Error(`the simulator refused the case: ${JSON.stringify(outcome)}`);
  return outcome.result.leads.map((lead, i) => {
    const runs: ObservedStep[][] = [];
    for (const step of lead.path) {
      if (step.nodeId === 't' || runs.length === 0) runs.push([]);
      runs.at(-1)!.push({ nodeId: step.nodeId, at: step.at, handle: step.handle ?? null, touch: step.touch ?? null });
    }
    return {
      id: lead.id,
      runs: canonicalRuns(runs),
      sends: sortedSends(lead.sends.map(({ nodeId, channel, template, status, at }) => ({ nodeId, channel, template, status, at }))),
      outcome: lead.outcome,
      score: outcome.final[i]!.score,
    };
  });
}

/** The engine on `db` with a clock this side moves: one case after another, each on its own journey and leads. */
export class EngineSide {
  private clock = 0;
  engine: Engine;

  constructor(private readonly db: SqlExecutor) {
    this.engine = new Engine(db, { now: () => this.clock, onError: (error) => console.error(error) });
  }

  /**
   * Plays the case as the engine lives it: profiles, then the journey published at START, then
   * each instant in turn, the next of the case's events and answers or the earliest wake-up of
   * its leads, draining the worker at each. Then archives the journey and deletes the leads so
   * the next case starts clean.
   */
  async play(c: Case, journeyId: string): Promise<ObservedLead[]> {
    const leadIds = c.leads.map((lead) => lead.id);
    const events = allEvents(c).sort((a, b) => a.at - b.at);
    const answers = [...c.answers].sort((a, b) => a.at - b.at);
    let e = 0;
    let a = 0;
    let published = false;
    try {
      for (let visits = 0; ; visits++) {
        if (visits > MAX_INSTANTS) throw new Error(`the engine visited more than ${MAX_INSTANTS} instants`);
        const nextItem = Math.min(events[e]?.at ?? Infinity, answers[a]?.at ?? Infinity);
        const nextDue = published ? await this.nextDue(leadIds) : Infinity;
        const t = Math.min(nextItem, nextDue, published ? Infinity : START);
        if (t > END) break;
        this.clock = t;
        if (!published && t === START) {
          await this.publish(c, journeyId);
          published = true;
          continue;
        }
        if (t === nextItem) {
          const batch: typeof events = [];
          while (events[e]?.at === t) batch.push(events[e++]!);
          if (batch.length > 0) {
            const answer = await this.engine.ingest(batch.map((ev) => ({ id: ev.id, leadId: ev.leadId, type: ev.type, at: iso(ev.at), props: ev.props })));
            if (answer.accepted !== batch.length) throw new Error(`the engine refused events: ${JSON.stringify(answer)}`);
          }
          // Wake-ups due at this instant and its events are played before its answers, as the
          // simulator plays them: a handoff a wake-up opens now can be answered now.
          await this.engine.worker.drain();
          while (answers[a]?.at === t) await this.answer(answers[a++]!);
          continue;
        }
        await this.engine.worker.drain();
      }
      return await Promise.all(leadIds.map((id) => this.observe(id, journeyId)));
    } finally {
      await this.forget(journeyId, leadIds);
    }
  }

  private async publish(c: Case, journeyId: string): Promise<void> {
    await storeTemplatesOf(this.db, c.journey);
    await createJourney(this.db, { id: journeyId, name: String(c.journey.name), draft: c.journey });
    const published = await this.engine.publish(journeyId);
    if (!('version' in published)) throw new Error(`the engine refused the journey: ${JSON.stringify(published.problems)}`);
    this.engine.worker.catalog.invalidate();
    // A segment journey takes its leads in by sweeps, a page per idle turn of the worker.
    do await this.engine.worker.drain();
    while (await this.sweepsPending());
  }

  /** As sales would: only a handoff that is open at that node can be answered. */
  private async answer(answer: Case['answers'][number]): Promise<void> {
    const [open] = await this.db.query<{ id: string }>(
      `select id from handoffs where lead_id = $1 and node_id = $2 and status = 'open'`,
      [answer.leadId, answer.nodeId],
    );
    if (!open) return;
    await this.engine.answerHandoff(open.id, answer.answer, answer.returnAt === undefined ? {} : { returnAt: new Date(answer.returnAt) });
  }

  private async nextDue(leadIds: string[]): Promise<number> {
    const [row] = await this.db.query<{ next: Date | null }>(`select min(due_at) as next from leads where id = any($1::text[])`, [leadIds]);
    return row?.next ? row.next.getTime() : Infinity;
  }

  private async sweepsPending(): Promise<boolean> {
    const [row] = await this.db.query<{ n: number }>(`select count(*)::int as n from segment_sweeps where not done`);
    return (row?.n ?? 0) > 0;
  }

  private async observe(leadId: string, journeyId: string): Promise<ObservedLead> {
    const runs = await this.db.query<{ id: string; status: string; outcome: string | null; enteredAt: Date }>(
      `select id, status, outcome, entered_at as "enteredAt" from runs where lead_id = $1 and journey_id = $2`,
      [leadId, journeyId],
    );
    const steps = await this.db.query<{ runId: string; nodeId: string; at: Date; handle: string | null; touch: number | null }>(
      `select run_id as "runId", node_id as "nodeId", at, handle, touch from steps where lead_id = $1 order by run_id, seq`,
      [leadId],
    );
    const sends = await this.db.query<{ nodeId: string; channel: string; template: string; status: string; at: Date }>(
      `select node_id as "nodeId", channel, template, status, at from sends where lead_id = $1 and journey_id = $2`,
      [leadId, journeyId],
    );
    const [lead] = await this.db.query<{ score: number }>(`select score from leads where id = $1`, [leadId]);
    if (runs.length === 0) return { id: leadId, runs: [], sends: [], outcome: null, score: Number(lead?.score ?? 0) };
    const latest = Math.max(...runs.map((r) => r.enteredAt.getTime()));
    const last = runs.filter((r) => r.enteredAt.getTime() === latest);
    // Runs entered at the same instant have no order in the database: the outcome is one of theirs.
    const outcomes = [...new Set(last.map((r) => (r.status === 'active' ? null : r.outcome)))];
    return {
      id: leadId,
      // A run stopped by the step budget as it entered has no step: the simulator's path cannot show it.
      runs: canonicalRuns(
        runs
          .map((run) =>
            steps.filter((s) => s.runId === run.id).map((s) => ({ nodeId: s.nodeId, at: s.at.toISOString(), handle: s.handle, touch: s.touch })),
          )
          .filter((run) => run.length > 0),
      ),
      sends: sortedSends(sends.map((s) => ({ ...s, at: s.at.toISOString() }))),
      outcome: outcomes.length === 1 ? outcomes[0]! : outcomes.join(' or '),
      score: Number(lead?.score ?? 0),
    };
  }

  private async forget(journeyId: string, leadIds: string[]): Promise<void> {
    const [journey] = await this.db.query<{ status: string }>(`select status from journeys where id = $1`, [journeyId]);
    if (journey) await this.engine.archive(journeyId);
    await this.db.query(`delete from leads where id = any($1::text[])`, [leadIds]);
    // Thousands of archived journeys would be re-read by every batch of the next cases (the
    // engine reads every published journey's status per batch, as it must for a live pause), so
    // a long run slowed down case by case: each case leaves no journey behind, and a fresh
    // engine forgets the versions it compiled.
    for (const table of ['journey_versions', 'node_stats', 'outcome_stats', 'segment_sweeps']) {
      await this.db.query(`delete from ${table} where journey_id = $1`, [journeyId]);
    }
    await this.db.query(`delete from journeys where id = $1`, [journeyId]);
    this.engine = new Engine(this.db, { now: () => this.clock, onError: (error) => console.error(error) });
  }
}

function canonicalRuns(runs: ObservedStep[][]): ObservedStep[][] {
  return runs
    .map((run) => ({ run, key: `${run[0]?.at ?? ''}\u0000${JSON.stringify(run)}` }))
    .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))
    .map(({ run }) => run);
}

function sortedSends<S extends { at: string; nodeId: string; channel: string; template: string; status: string }>(sends: S[]): S[] {
  const key = (s: S) => `${s.at} ${s.nodeId} ${s.channel} ${s.template} ${s.status}`;
  return [...sends].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
}

/** Where the two disagree, lead by lead, in words; empty when they agree. */
export function differences(simulated: ObservedLead[], live: ObservedLead[]): string[] {
  const out: string[] = [];
  simulated.forEach((sim, i) => {
    const eng = live[i]!;
    for (const field of ['runs', 'sends', 'outcome', 'score'] as const) {
      if (field === 'outcome' && typeof eng.outcome === 'string' && eng.outcome.split(' or ').includes(String(sim.outcome))) continue;
      const a = JSON.stringify(sim[field]);
      const b = JSON.stringify(eng[field]);
      if (a !== b) out.push(`${sim.id} ${field}:\n  simulator ${a}\n  engine    ${b}`);
    }
  });
  return out;
}

/** The case in a few lines, for a failure to print: the journey, then what happened to its leads. */
export function describeCase(c: Case): string {
  return [
    `journey ${JSON.stringify(c.journey)}`,
    `leads ${JSON.stringify(c.leads)}`,
    `events ${JSON.stringify(c.events.map((e) => ({ ...e, at: iso(e.at) })))}`,
    `answers ${JSON.stringify(c.answers.map((a) => ({ ...a, at: iso(a.at), ...(a.returnAt === undefined ? {} : { returnAt: iso(a.returnAt) }) })))}`,
  ].join('\n');
}
