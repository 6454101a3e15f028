import { evaluateCondition, matchesWhere } from './conditions.js';
import { applyEventToLead } from './lead-events.js';
import { newLead, type HistoryEvent, type Lead } from './lead.js';
import { isFitRule, type ScoringModel, type ScoringRule } from './scoring-model.js';
import { addDuration, subtractDuration } from './time.js';

/**
 * Lead scoring, pure: given the model, the lead's scoring state, the lead and what just
 * happened, the points that change and why. The live engine and the simulator both call it
 * through `driveLead`, so a simulated lead is scored as a live one is.
 *
 * The lead's `score` is the truth; `fit` is the sum of the fit rules' points the lead holds now,
 * and behaviour is the rest (event rules, decay, a journey's update, a score set by hand).
 * Decay takes behaviour points off and stops at zero, so the score never decays below fit.
 */

export interface ScoreState {
  /** Fit rule id → the points the lead holds from it now. */
  fit: Record<string, number>;
  /** The lead's latest activity (an event of its own, not a lead update or a score change). */
  lastActivityAt: number | null;
  /** The latest decay period applied since that activity, or null: decay counts from the activity. */
  decayedAt: number | null;
  /** Capped rule id → its awards `[at, points]` still inside the rule's window. */
  awards: Record<string, [number, number][]>;
}

/** One change of score, with the rule (null: decay, a journey step or a score set by hand) and why. */
export interface ScoreChange {
  at: number;
  points: number;
  ruleId: string | null;
  reason: string;
  eventId?: string;
  eventType?: string;
}

export interface Scored {
  lead: Lead;
  state: ScoreState;
  changes: ScoreChange[];
}

export interface ScoringContext {
  now: number;
  /** The lead's events, oldest first (fit conditions may test engagement). */
  history: readonly HistoryEvent[];
  zone: string;
}

/** Events that are no activity of the lead's own: decay keeps counting through them. */
const NOT_ACTIVITY: ReadonlySet<string> = new Set(['lead_updated', 'lead_created', 'score_changed']);

/** Decay periods applied in one look at most: a bound on the loop, far past any real backlog. */
const MAX_DECAY_PERIODS = 100_000;

export function emptyScoreState(): ScoreState {
  return { fit: {}, lastActivityAt: null, decayedAt: null, awards: {} };
}

export function fitPoints(state: ScoreState): number {
  let sum = 0;
  for (const id in state.fit) sum += state.fit[id]!;
  return sum;
}

/** The score split as the score card shows it. */
export function scoreParts(score: number, state: ScoreState): { score: number; fit: number; behaviour: number } {
  const fit = fitPoints(state);
  return { score, fit, behaviour: score - fit };
}

/**
 * Scores one look at the lead: decay that fell due by `now`, then `event`'s behaviour rules
 * (capped per window), then every fit rule against the lead as it is now, then thresholds.
 * The lead given is already changed by the event (a `lead_updated` applied).
 */
export function scoreLead(model: ScoringModel, given: ScoreState, lead: Lead, ctx: ScoringContext, event?: HistoryEvent & { id?: string }): Scored {
  const state: ScoreState = { fit: { ...given.fit }, lastActivityAt: given.lastActivityAt, decayedAt: given.decayedAt, awards: given.awards };
  const changes: ScoreChange[] = [];
  let score = lead.score;
  const add = (change: ScoreChange): void => {
    changes.push(change);
    score += change.points;
  };

  const decay = decayDue(model, state, score, ctx);
  if (decay) add(decay);

  if (event && event.type !== 'score_changed') {
    for (const rule of model.rules) {
      if (isFitRule(rule) || !('event' in rule.on) || rule.on.event !== event.type || !matchesWhere(rule.on.where, event.props)) continue;
      const awarded = award(rule, state, event.at, ctx.zone);
      if (awarded === 0) continue;
      const change: ScoreChange = { at: event.at, points: awarded, ruleId: rule.id, reason: eventReason(rule, awarded), eventType: event.type };
      if (event.id) change.eventId = event.id;
      add(change);
    }
    if (!NOT_ACTIVITY.has(event.type) && (state.lastActivityAt === null || event.at >= state.lastActivityAt)) {
      state.lastActivityAt = event.at;
      state.decayedAt = null;
    }
  }

  const conditionCtx = { lead, history: ctx.history, now: ctx.now, zone: ctx.zone };
  const fitIds = new Set<string>();
  for (const rule of model.rules) {
    if (!isFitRule(rule)) continue;
    fitIds.add(rule.id);
    const holds = evaluateCondition(rule.on.condition, conditionCtx);
    const target = holds ? rule.points : 0;
    const held = state.fit[rule.id] ?? 0;
    if (target === held) continue;
    if (target === 0) delete state.fit[rule.id];
    else state.fit[rule.id] = target;
    add({ at: ctx.now, points: target - held, ruleId: rule.id, reason: `${holds ? 'fits' : 'no longer fits'}: ${rule.label ?? rule.id}` });
  }
  for (const id of Object.keys(state.fit)) {
    if (fitIds.has(id)) continue;
    add({ at: ctx.now, points: -state.fit[id]!, ruleId: id, reason: `fit rule ${id} was removed` });
    delete state.fit[id];
  }

  const stage = raisedStage(model, score, lead.stage);
  const next = score === lead.score && stage === lead.stage ? lead : { ...lead, score, stage };
  return { lead: next, state, changes };
}

/** When the lead's behaviour points next decay, or null (no decay, nothing to take, no activity yet). */
export function nextDecayAt(model: ScoringModel, state: ScoreState, score: number, zone: string): number | null {
  if (!model.decay) return null;
  const anchor = state.decayedAt ?? state.lastActivityAt;
  if (anchor === null || score - fitPoints(state) <= 0) return null;
  return addDuration(anchor, model.decay.every, zone);
}

/** The decay periods due by now, as one change (several are one when the lead was looked at late). */
function decayDue(model: ScoringModel, state: ScoreState, score: number, ctx: ScoringContext): ScoreChange | null {
  const decay = model.decay;
  if (!decay) return null;
  let behaviour = score - fitPoints(state);
  let periods = 0;
  let taken = 0;
  for (let next = nextDecayAt(model, state, score - taken, ctx.zone); next !== null && next <= ctx.now && behaviour > 0; ) {
    const take = Math.min(decay.points, behaviour);
    behaviour -= take;
    taken += take;
    periods++;
    state.decayedAt = next;
    if (periods >= MAX_DECAY_PERIODS) break;
    next = nextDecayAt(model, state, score - taken, ctx.zone);
  }
  if (periods === 0) return null;
  const reason = `decay: ${periods === 1 ? 'a period' : `${periods} periods`} of ${decay.every} without activity`;
  return { at: ctx.now, points: -taken, ruleId: null, reason };
}

/** The points an event rule gives now, within its cap: the awards inside the window count against it. */
function award(rule: ScoringRule, state: ScoreState, at: number, zone: string): number {
  if (!rule.max) return rule.points;
  const since = subtractDuration(at, rule.max.per, zone);
  const recent = (state.awards[rule.id] ?? []).filter(([when]) => when > since);
  let used = 0;
  for (const [, points] of recent) used += Math.abs(points);
  const allowed = Math.max(0, rule.max.points - used);
  const awarded = Math.sign(rule.points) * Math.min(Math.abs(rule.points), allowed);
  if (awarded !== 0) recent.push([at, awarded]);
  // A new object: the state given may be shared with the caller's copy.
  state.awards = { ...state.awards, [rule.id]: recent };
  if (recent.length === 0) delete state.awards[rule.id];
  return awarded;
}

function eventReason(rule: ScoringRule, awarded: number): string {
  const name = rule.label ?? rule.id;
  if (awarded === rule.points || !rule.max) return name;
  return `${name} (capped at ${rule.max.points} per ${rule.max.per})`;
}

/**
 * The stage the thresholds give a score: the highest threshold it reaches, when that is above
 * the lead's stage on the ladder the thresholds make (sorted by score). Never lowers a stage on
 * the ladder. A stage off the ladder (none, or one a journey set before qualifying, such as
 * `nurture` or `recycled`) counts as below it, so reaching a threshold moves the lead up: the
 * recycle loop brings a recycled lead back as an MQL. A stage that must stand above the
 * ladder (`customer`) is kept by giving it a threshold above every score (docs/spec-readings.md).
 */
export function raisedStage(model: ScoringModel, score: number, stage: string | null | undefined): string | null | undefined {
  const thresholds = model.thresholds;
  if (!thresholds || thresholds.length === 0) return stage;
  const ladder = [...thresholds].sort((a, b) => a.score - b.score);
  let reached = -1;
  for (let i = 0; i < ladder.length; i++) if (score >= ladder[i]!.score) reached = i;
  if (reached === -1) return stage;
  const current = stage ? ladder.findIndex((t) => t.stage === stage) : -1;
  return reached > current ? ladder[reached]!.stage : stage;
}

export interface Rescored {
  score: number;
  stage: string | null | undefined;
  state: ScoreState;
  /** The whole explanation of the new score, oldest first: its points sum to `score`. */
  changes: ScoreChange[];
}

/**
 * Re-scores a lead from its history with a (new) model, as if the model had always been in
 * force: its events are played in order on a lead that starts empty (so fit is tested on the
 * lead as it was then), with scores set by lead updates and journeys' score changes kept; the
 * model's own earlier changes (`props.scoring`) are made again rather than read. Fit and decay
 * end on the lead as it is now. The lead's other fields stay as they are.
 */
export function rescoreLead(model: ScoringModel, lead: Lead, history: readonly HistoryEvent[], now: number, zone: string): Rescored {
  let replayed: Lead = { ...newLead(lead.id), timezone: lead.timezone ?? null };
  let state = emptyScoreState();
  const changes: ScoreChange[] = [];
  for (const event of history) {
    if (event.at > now) continue;
    const props = event.props ?? {};
    if (event.type === 'score_changed') {
      if (props.scoring === true) continue;
      const { from, to } = props;
      if (typeof from === 'number' && typeof to === 'number' && from !== to) {
        replayed = { ...replayed, score: replayed.score + (to - from) };
        changes.push({ at: event.at, points: to - from, ruleId: null, reason: journeyReason(props), eventType: event.type, ...idOf(event) });
      }
      continue;
    }
    const before = replayed.score;
    replayed = applyEventToLead(replayed, event);
    if (replayed.score !== before) {
      changes.push({ at: event.at, points: replayed.score - before, ruleId: null, reason: `score set to ${replayed.score}`, eventType: event.type, ...idOf(event) });
    }
    const scored = scoreLead(model, state, replayed, { now: event.at, history, zone }, event);
    replayed = scored.lead;
    state = scored.state;
    changes.push(...scored.changes);
  }
  const final = scoreLead(model, state, { ...lead, score: replayed.score, stage: lead.stage }, { now, history, zone });
  changes.push(...final.changes);
  return { score: final.lead.score, stage: final.lead.stage, state: final.state, changes };
}

function journeyReason(props: Record<string, unknown>): string {
  return typeof props.journeyId === 'string' ? `journey ${props.journeyId}, step ${String(props.nodeId ?? '')}` : 'score changed';
}

function idOf(event: HistoryEvent & { id?: string }): { eventId?: string } {
  return event.id ? { eventId: event.id } : {};
}
