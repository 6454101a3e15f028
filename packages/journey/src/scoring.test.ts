import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileJourney } from './compile.js';
import { driveLead, type JourneyCatalog, type LiveJourney } from './lead-driver.js';
import { journeySchema } from './schema.js';
import { newLead, type HistoryEvent, type Lead } from './lead.js';
import { scoringModelSchema, type ScoringModel } from './scoring-model.js';
import { emptyScoreState, fitPoints, nextDecayAt, raisedStage, rescoreLead, scoreLead, scoreParts, type ScoreState } from './scoring.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-03-02T09:00:00Z');

const model: ScoringModel = scoringModelSchema.parse({
  rules: [
    { id: 'saas', label: 'SaaS company', points: 10, on: { condition: { attr: 'industry', op: 'eq', value: 'saas' } } },
    { id: 'big', points: 5, on: { condition: { attr: 'employees', op: 'gte', value: 200 } } },
    { id: 'pricing', points: 15, on: { event: 'page_visited', where: { url: { op: 'contains', value: '/pricing' } } }, max: { points: 30, per: 'P7D' } },
    { id: 'demo', points: 40, on: { event: 'form_submitted' } },
    { id: 'unsub', points: -50, on: { event: 'unsubscribed' } },
  ],
  decay: { points: 5, every: 'P7D' },
  thresholds: [
    { score: 80, stage: 'SQL' },
    { score: 50, stage: 'MQL' },
  ],
});

function look(lead: Lead, state: ScoreState, at: number, history: HistoryEvent[], event?: HistoryEvent & { id?: string }) {
  if (event) history.push(event);
  return scoreLead(model, state, lead, { now: at, history, zone: 'UTC' }, event);
}

const pricing = (at: number): HistoryEvent => ({ type: 'page_visited', at, props: { url: 'https://acme.test/pricing' } });

describe('scoreLead', () => {
  it('adds an event rule\'s points at each matching event and none at an event that does not match', () => {
    const history: HistoryEvent[] = [];
    const first = look(newLead('ada'), emptyScoreState(), T0, history, pricing(T0));
    expect(first.lead.score).toBe(15);
    expect(first.changes).toEqual([{ at: T0, points: 15, ruleId: 'pricing', reason: 'pricing', eventType: 'page_visited' }]);
    const blog = look(first.lead, first.state, T0 + 1, history, { type: 'page_visited', at: T0 + 1, props: { url: '/blog' } });
    expect(blog.lead.score).toBe(15);
    expect(blog.changes).toEqual([]);
  });

  it('caps an event rule at max.points per window, and gives points again once the window has moved on', () => {
    const history: HistoryEvent[] = [];
    let scored = { lead: newLead('ada'), state: emptyScoreState() };
    const given: number[] = [];
    for (const at of [T0, T0 + HOUR, T0 + 2 * HOUR, T0 + 8 * DAY]) {
      const next = look(scored.lead, scored.state, at, history, pricing(at));
      given.push(next.changes.filter((c) => c.ruleId === 'pricing').reduce((s, c) => s + c.points, 0));
      scored = next;
    }
    expect(given).toEqual([15, 15, 0, 15]);
  });

  it('gives a partial award when the cap leaves less than the rule\'s points, and says so', () => {
    const capped = scoringModelSchema.parse({ rules: [{ id: 'visit', points: 20, on: { event: 'page_visited' }, max: { points: 30, per: 'P1D' } }] });
    const history: HistoryEvent[] = [];
    const one = scoreLead(capped, emptyScoreState(), newLead('a'), { now: T0, history, zone: 'UTC' }, { type: 'page_visited', at: T0 });
    const two = scoreLead(capped, one.state, one.lead, { now: T0 + 1, history, zone: 'UTC' }, { type: 'page_visited', at: T0 + 1 });
    expect(two.changes).toEqual([{ at: T0 + 1, points: 10, ruleId: 'visit', reason: 'visit (capped at 30 per P1D)', eventType: 'page_visited' }]);
  });

  it('holds a fit rule\'s points while the condition holds and takes them back when it stops', () => {
    const lead = { ...newLead('ada'), attributes: { industry: 'saas', employees: 500 } };
    const fits = look(lead, emptyScoreState(), T0, []);
    expect(scoreParts(fits.lead.score, fits.state)).toEqual({ score: 15, fit: 15, behaviour: 0 });
    expect(fits.changes.map((c) => [c.ruleId, c.points, c.reason])).toEqual([
      ['saas', 10, 'fits: SaaS company'],
      ['big', 5, 'fits: big'],
    ]);
    const again = look(fits.lead, fits.state, T0 + 1, []);
    expect(again.changes).toEqual([]);
    const moved = look({ ...fits.lead, attributes: { industry: 'retail', employees: 500 } }, fits.state, T0 + 2, []);
    expect(moved.changes).toEqual([{ at: T0 + 2, points: -10, ruleId: 'saas', reason: 'no longer fits: SaaS company' }]);
    expect(moved.lead.score).toBe(5);
  });

  it('decays behaviour points every period without activity and never below the fit points', () => {
    const lead = { ...newLead('ada'), attributes: { industry: 'saas' } };
    const history: HistoryEvent[] = [];
    const visited = look(lead, emptyScoreState(), T0, history, pricing(T0));
    expect(scoreParts(visited.lead.score, visited.state)).toEqual({ score: 25, fit: 10, behaviour: 15 });
    expect(nextDecayAt(model, visited.state, visited.lead.score, 'UTC')).toBe(T0 + 7 * DAY);
    const early = look(visited.lead, visited.state, T0 + 7 * DAY - 1, history);
    expect(early.changes).toEqual([]);
    const weeks = look(visited.lead, visited.state, T0 + 15 * DAY, history);
    expect(weeks.changes).toEqual([{ at: T0 + 15 * DAY, points: -10, ruleId: null, reason: 'decay: 2 periods of P7D without activity' }]);
    const later = look(weeks.lead, weeks.state, T0 + 60 * DAY, history);
    expect(later.lead.score).toBe(10);
    expect(nextDecayAt(model, later.state, later.lead.score, 'UTC')).toBeNull();
  });

  it('starts the decay clock again at each activity', () => {
    const history: HistoryEvent[] = [];
    const visited = look(newLead('ada'), emptyScoreState(), T0, history, pricing(T0));
    const demo = look(visited.lead, visited.state, T0 + 6 * DAY, history, { type: 'form_submitted', at: T0 + 6 * DAY });
    expect(nextDecayAt(model, demo.state, demo.lead.score, 'UTC')).toBe(T0 + 13 * DAY);
  });

  it('raises the stage at a threshold and never lowers it', () => {
    expect(raisedStage(model, 55, null)).toBe('MQL');
    expect(raisedStage(model, 85, 'MQL')).toBe('SQL');
    expect(raisedStage(model, 10, 'SQL')).toBe('SQL');
    expect(raisedStage(model, 55, 'SQL')).toBe('SQL');
    expect(raisedStage(model, 55, 'recycled')).toBe('MQL');
    const withCustomer = { ...model, thresholds: [...model.thresholds!, { score: 1_000_000, stage: 'customer' }] };
    expect(raisedStage(withCustomer, 95, 'customer')).toBe('customer');
    expect(raisedStage(model, 10, null)).toBeNull();
  });
});

describe('rescoreLead', () => {
  it('scores a lead\'s history with the new model as if it had always been in force, keeping scores set by hand and by journeys', () => {
    const history: (HistoryEvent & { id?: string })[] = [
      { id: 'e1', type: 'lead_updated', at: T0, props: { score: 20, attributes: { industry: 'saas' } } },
      { id: 'e2', type: 'page_visited', at: T0 + HOUR, props: { url: '/pricing' } },
      { id: 'e3', type: 'score_changed', at: T0 + 2 * HOUR, props: { from: 45, to: 50, journeyId: 'j1', nodeId: 'bump' } },
      { id: 'e4', type: 'score_changed', at: T0 + 2 * HOUR, props: { from: 50, to: 65, scoring: true } },
    ];
    const lead = { ...newLead('ada'), score: 999, stage: null, attributes: { industry: 'saas' } };
    const rescored = rescoreLead(model, lead, history, T0 + 3 * HOUR, 'UTC');
    // 20 set by hand (which already counted the fit it met then), +10 fit, +15 pricing, +5 from a journey.
    expect(rescored.changes.map((c) => [c.ruleId, c.points])).toEqual([
      [null, 20],
      ['saas', 10],
      ['pricing', 15],
      [null, 5],
    ]);
    expect(rescored.score).toBe(50);
    expect(rescored.stage).toBe('MQL');
    expect(rescored.changes.reduce((s, c) => s + c.points, 0)).toBe(rescored.score);
  });
});

describe('scoring model schema', () => {
  it('names the place of a bad rule', () => {
    const result = scoringModelSchema.safeParse({
      rules: [
        { id: 'a', points: 5, on: { event: 'x' }, max: { points: 10, per: 'soon' } },
        { id: 'a', points: 5, on: { condition: { attr: 'score', op: 'gt', value: 3 } } },
      ],
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['rules.0.max.per', 'rules.1.id', 'rules.1.on.condition']));
  });
});

describe('scoring properties', () => {
  const events = fc.array(
    fc.record({
      gap: fc.integer({ min: 0, max: 20 * DAY }),
      kind: fc.constantFrom('pricing', 'blog', 'demo', 'unsub', 'saas', 'retail', 'big', 'small', 'set'),
      set: fc.integer({ min: -100, max: 200 }),
    }),
    { maxLength: 40 },
  );

  function play(steps: { gap: number; kind: string; set: number }[]) {
    let lead: Lead = newLead('p');
    let state = emptyScoreState();
    const history: HistoryEvent[] = [];
    let at = T0;
    const pricingAwards: [number, number][] = [];
    let explained = 0;
    const checks: { behaviourAfterDecay: number; score: number; fit: number }[] = [];
    for (const step of steps) {
      at += step.gap;
      let event: HistoryEvent;
      if (step.kind === 'pricing') event = pricing(at);
      else if (step.kind === 'blog') event = { type: 'page_visited', at, props: { url: '/blog' } };
      else if (step.kind === 'demo') event = { type: 'form_submitted', at };
      else if (step.kind === 'unsub') event = { type: 'unsubscribed', at };
      else if (step.kind === 'set') event = { type: 'lead_updated', at, props: { score: step.set } };
      else {
        const attributes = step.kind === 'saas' || step.kind === 'retail' ? { industry: step.kind } : { employees: step.kind === 'big' ? 500 : 10 };
        event = { type: 'lead_updated', at, props: { attributes } };
      }
      const before = lead.score;
      lead = { ...lead, ...(event.props?.score !== undefined ? { score: event.props.score as number } : {}), attributes: { ...lead.attributes, ...((event.props?.attributes as object) ?? {}) } };
      explained += lead.score - before;
      const decayOnly = scoreLead(model, state, lead, { now: at, history, zone: 'UTC' });
      checks.push({ behaviourAfterDecay: decayOnly.lead.score - fitPoints(decayOnly.state), score: lead.score, fit: fitPoints(state) });
      history.push(event);
      const scored = scoreLead(model, state, lead, { now: at, history, zone: 'UTC' }, event);
      for (const c of scored.changes) {
        explained += c.points;
        if (c.ruleId === 'pricing') pricingAwards.push([c.at, c.points]);
      }
      lead = scored.lead;
      state = scored.state;
    }
    return { lead, state, explained, pricingAwards, checks };
  }

  it('the score is its fit plus its behaviour and every point is explained by a change', () => {
    fc.assert(
      fc.property(events, (steps) => {
        const { lead, state, explained } = play(steps);
        const parts = scoreParts(lead.score, state);
        expect(parts.fit + parts.behaviour).toBe(lead.score);
        const expectedFit = (lead.attributes.industry === 'saas' ? 10 : 0) + ((lead.attributes.employees as number) >= 200 ? 5 : 0);
        expect(parts.fit).toBe(expectedFit);
        expect(explained).toBe(lead.score);
      }),
      { numRuns: 300 },
    );
  });

  it('decay never takes behaviour below zero, nor a score below its fit', () => {
    fc.assert(
      fc.property(events, (steps) => {
        for (const check of play(steps).checks) {
          const behaviourBefore = check.score - check.fit;
          if (behaviourBefore >= 0) expect(check.behaviourAfterDecay).toBeGreaterThanOrEqual(0);
          else expect(check.behaviourAfterDecay).toBe(behaviourBefore);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a capped rule never gives more than max.points inside any window of max.per', () => {
    fc.assert(
      fc.property(events, (steps) => {
        const { pricingAwards } = play(steps);
        for (const [at] of pricingAwards) {
          const inWindow = pricingAwards.filter(([when]) => when <= at && when > at - 7 * DAY);
          expect(inWindow.reduce((s, [, p]) => s + p, 0)).toBeLessThanOrEqual(30);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('driveLead with a scoring model', () => {
  const none: JourneyCatalog = { entryJourneys: [], version: () => undefined };

  it('scores each event, emits score_changed marked as the model\'s, raises the stage and wakes the lead when its points decay', () => {
    const driven = driveLead(
      {
        now: T0,
        lead: newLead('ada'),
        history: [],
        runs: [],
        lastEndedAt: new Map(),
        recentSends: [],
        events: [
          { id: 'e1', type: 'form_submitted', at: T0, props: {} },
          { id: 'e2', type: 'page_visited', at: T0, props: { url: '/pricing' } },
        ],
        inputs: [],
        scoring: { model, state: null },
      },
      none,
      () => 'run',
    );
    expect(driven.lead.score).toBe(55);
    expect(driven.lead.stage).toBe('MQL');
    expect(driven.emittedEvents.map((e) => [e.type, e.props.from, e.props.to, e.props.scoring])).toEqual([
      ['score_changed', 0, 40, true],
      ['score_changed', 40, 55, true],
    ]);
    expect(driven.scoring!.changes.map((c) => [c.ruleId, c.points, c.eventId])).toEqual([
      ['demo', 40, 'e1'],
      ['pricing', 15, 'e2'],
    ]);
    expect(driven.nextWakeAt).toBe(T0 + 7 * DAY);
  });

  it('scores nothing without a model', () => {
    const driven = driveLead(
      { now: T0, lead: newLead('ada'), history: [], runs: [], lastEndedAt: new Map(), recentSends: [], events: [{ id: 'e1', type: 'form_submitted', at: T0, props: {} }], inputs: [] },
      none,
      () => 'run',
    );
    expect(driven.lead.score).toBe(0);
    expect(driven.scoring).toBeNull();
  });

  it('a wait for score_changed is left by the change a behaviour rule makes', () => {
    const journey = compileJourney(
      journeySchema.parse({
        schemaVersion: 1,
        name: 'Wait for a score change',
        settings: {},
        nodes: [
          { id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: { on: { event: 'nurture_started' } } },
          { id: 'w', type: 'wait', position: { x: 0, y: 100 }, data: { until: { event: 'score_changed', timeout: 'P7D' } } },
          { id: 'hot', type: 'exit', position: { x: 0, y: 200 }, data: { outcome: 'hot' } },
          { id: 'cold', type: 'exit', position: { x: 100, y: 200 }, data: { outcome: 'cold' } },
        ],
        edges: [
          { id: 'e1', source: 't', target: 'w', sourceHandle: 'out' },
          { id: 'e2', source: 'w', target: 'hot', sourceHandle: 'event' },
          { id: 'e3', source: 'w', target: 'cold', sourceHandle: 'timeout' },
        ],
      }),
    );
    const live: LiveJourney = { journeyId: 'j', version: 1, status: 'active', compiled: journey };
    const catalog: JourneyCatalog = { entryJourneys: [live], version: () => live };
    const base = { lead: newLead('ada'), history: [] as HistoryEvent[], runs: [], lastEndedAt: new Map(), recentSends: [], inputs: [], scoring: { model, state: null } };
    const entered = driveLead({ ...base, now: T0, events: [{ id: 'n', type: 'nurture_started', at: T0, props: {} }] }, catalog, () => 'run-1');
    expect(entered.runs[0]!.state.nodeId).toBe('w');
    const visited = driveLead(
      { ...base, now: T0 + HOUR, history: base.history, runs: entered.runs, events: [{ id: 'v', type: 'page_visited', at: T0 + HOUR, props: { url: '/pricing' } }] },
      catalog,
      () => 'run-2',
    );
    expect(visited.runs[0]!.state).toMatchObject({ status: 'done', outcome: 'hot' });
  });
});
