import fc from 'fast-check';
import { HANDOFF_ANSWERS, type HandoffAnswer } from '../src/handles.js';
import { CHANNELS, type Condition, type Journey, type JourneyEdge, type JourneyNode } from '../src/schema.js';

/**
 * Generated journeys and input streams for property tests that run journeys: every node type,
 * branches on scores, stages, attributes and engagement, weighted splits, the three kinds of
 * wait, sends on every channel with senders, updates of scores and fields, handoffs, exits
 * with built-in and own outcomes, edges that loop back through waits (and, now and then,
 * without one, which the step budget stops), goals, exit criteria, frequency caps, quiet
 * hours, send windows and time zones. Handles left unconnected end the path `completed`.
 */

const at = { x: 0, y: 0 };

export const EVENT_TYPES = ['email_opened', 'email_clicked', 'page_visited'] as const;
/** What event waits and engagement tests look for: the lead's events, and its own score changes. */
const AWAITED = [...EVENT_TYPES, 'score_changed'] as const;
const ZONES = ['UTC', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Australia/Lord_Howe'] as const;
const LENGTHS = ['PT30M', 'PT1H', 'PT12H', 'P1D', 'P3D', 'P1W', 'P1M'] as const;
/** Durations, now and then of zero length (no pause, so the driver plays the wake-up at once). */
const durationArb = fc.oneof({ arbitrary: fc.constantFrom(...LENGTHS), weight: 9 }, { arbitrary: fc.constant('PT0S'), weight: 1 });
const WINDOWS = ['PT1H', 'P1D', 'P1W', 'P1M'] as const;
const STAGES = ['new', 'mql', 'sql', 'customer'] as const;

const attributeTest: fc.Arbitrary<Condition> = fc.oneof(
  // Values the generated updates set, so that an update can make a goal, an exit or a case hold.
  fc.record({ attr: fc.constant('score'), op: fc.constantFrom('gte', 'lt', 'eq'), value: fc.constantFrom(0, 10, 50, 60) }),
  fc.record({ attr: fc.constant('stage'), op: fc.constantFrom('eq', 'neq'), value: fc.constantFrom(...STAGES) }),
  fc.record({ attr: fc.constant('attributes.tier'), op: fc.constantFrom('eq', 'exists'), value: fc.constantFrom('gold', 'silver') }),
  fc.record({ attr: fc.constant('consent.email'), op: fc.constant('eq'), value: fc.constantFrom('opted_out', 'opted_in') }),
);

const engagementTest: fc.Arbitrary<Condition> = fc.record(
  {
    event: fc.constantFrom(...AWAITED),
    within: fc.constantFrom(...WINDOWS),
    count: fc.record({ op: fc.constantFrom('gte', 'eq', 'lt'), value: fc.integer({ min: 0, max: 3 }) }),
    where: fc.constant({ channel: { op: 'eq' as const, value: 'email' } }),
  },
  { requiredKeys: ['event'] },
);

export const conditionArb: fc.Arbitrary<Condition> = fc.letrec<{ condition: Condition }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    attributeTest,
    engagementTest,
    fc.record({ all: fc.array(tie('condition'), { maxLength: 2 }) }),
    fc.record({ any: fc.array(tie('condition'), { maxLength: 2 }) }),
    fc.record({ not: tie('condition') }),
  ),
})).condition;

type NodeData = { type: JourneyNode['type']; data: Record<string, unknown> };

const waitData = fc.oneof(
  fc.record({ for: durationArb }),
  fc.record({
    until: fc.record(
      { time: fc.constantFrom('00:00', '09:00', '17:30', '23:59'), days: fc.subarray(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], { minLength: 1 }) },
      { requiredKeys: ['time'] },
    ),
  }),
  fc.record({
    until: fc.record(
      {
        event: fc.constantFrom(...AWAITED),
        where: fc.constant({ channel: { op: 'eq' as const, value: 'email' } }),
        timeout: fc.constantFrom(...LENGTHS),
      },
      { requiredKeys: ['event', 'timeout'] },
    ),
  }),
);

/**
 * A cadence of 1–6 touches on any channel, times ascending (now and then several at one time),
 * tasks now and then with a due time, stopped by an event the lives make (with or without a `where`).
 */
const cadenceData = fc
  .record({
    touches: fc.array(
      fc.record(
        {
          gap: fc.constantFrom('PT0S', 'PT5M', 'PT1H', 'PT12H', 'P1D', 'P3D'),
          channel: fc.constantFrom(...CHANNELS),
          template: fc.constantFrom('hello', 'reminder'),
          due: fc.constantFrom('PT5M', 'P1D'),
          sender: fc.constantFrom('owner' as const, { name: 'Ana' }),
        },
        { requiredKeys: ['gap', 'channel', 'template'] },
      ),
      { minLength: 1, maxLength: 6 },
    ),
    stopOn: fc.oneof(
      fc.record({ event: fc.constantFrom(...AWAITED) }),
      fc.record({ event: fc.constantFrom(...EVENT_TYPES), where: fc.constant({ channel: { op: 'eq' as const, value: 'email' } }) }),
    ),
  })
  .map(({ touches, stopOn }) => {
    // Each touch's time is the one before it plus its gap, so times ascend; a month-free sum of hours and days.
    let minutes = 0;
    const GAP_MINUTES: Record<string, number> = { PT0S: 0, PT5M: 5, PT1H: 60, PT12H: 720, P1D: 1440, P3D: 4320 };
    return {
      touches: touches.map(({ gap, channel, template, due, sender }) => {
        minutes += GAP_MINUTES[gap]!;
        const touch: Record<string, unknown> = { at: `PT${minutes}M`, channel, template };
        if (due !== undefined && (channel === 'call_task' || channel === 'voicemail_task')) touch.due = due;
        if (sender !== undefined) touch.sender = sender;
        return touch;
      }),
      stopOn,
    };
  });

/** Node types about as often as journeys are drawn with them: waits and sends most. */
const nodeData: fc.Arbitrary<NodeData> = fc.oneof(
  { arbitrary: fc.record({ type: fc.constant('wait' as const), data: waitData }), weight: 3 },
  fc.record({
    type: fc.constant('branch' as const),
    data: fc.array(conditionArb, { minLength: 1, maxLength: 3 }).map((whens) => ({ cases: whens.map((when, i) => ({ handle: `c${i}`, when })) })),
  }),
  fc.record({
    type: fc.constant('split' as const),
    data: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }).map((weights) => ({
      variants: weights.map((weight, i) => ({ handle: `v${i}`, weight })),
    })),
  }),
  {
    arbitrary: fc.record({
      type: fc.constant('send' as const),
      data: fc.record(
        { channel: fc.constantFrom(...CHANNELS), template: fc.constantFrom('hello', 'reminder'), sender: fc.constantFrom('owner' as const, { name: 'Ana' }) },
        { requiredKeys: ['channel', 'template'] },
      ),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      type: fc.constant('update' as const),
      data: fc.oneof(
        fc.record({ score: fc.oneof(fc.record({ add: fc.integer({ min: -10, max: 25 }) }), fc.record({ set: fc.integer({ min: 0, max: 60 }) })) }),
        fc.record({ set: fc.constantFrom({ stage: 'mql' }, { 'attributes.tier': 'gold' }, { 'attributes.deep.er': 1, timezone: 'Asia/Kolkata' }) }),
        fc.record({ score: fc.record({ add: fc.integer({ min: 1, max: 10 }) }), set: fc.constant({ stage: 'sql' }) }),
      ),
    }),
    weight: 2,
  },
  fc.record({
    type: fc.constant('handoff' as const),
    data: fc.record({ queue: fc.constant('sales'), assign: fc.constantFrom('round_robin' as const, 'owner' as const), sla: durationArb }),
  }),
  fc.record({ type: fc.constant('exit' as const), data: fc.record({ outcome: fc.constantFrom('converted', 'disqualified', 'nurtured') }) }),
  { arbitrary: fc.record({ type: fc.constant('cadence' as const), data: cadenceData }), weight: 2 },
);

function handlesOfData(node: NodeData): string[] {
  const data = node.data as Record<string, any>;
  switch (node.type) {
    case 'wait':
      return 'until' in data && 'event' in data.until ? ['event', 'timeout'] : ['out'];
    case 'branch':
      return [...data.cases.map((c: { handle: string }) => c.handle), 'else'];
    case 'split':
      return data.variants.map((v: { handle: string }) => v.handle);
    case 'handoff':
      return ['accepted', 'recycled', 'disqualified', 'sla_expired'];
    case 'exit':
      return [];
    case 'cadence':
      return ['stopped', 'done'];
    default:
      return ['out'];
  }
}

/** Nodes that make a lead wait for time (a send only in quiet hours, so not counted). */
const RESTS = new Set(['wait', 'handoff', 'cadence']);

/** Each setting is there in about one journey in three. */
const sometimes = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { freq: 2, nil: undefined });

const settingsArb = fc
  .record({
    timezone: sometimes(fc.constantFrom(...ZONES)),
    goal: sometimes(conditionArb),
    exitWhen: sometimes(conditionArb),
    quietHours: sometimes(fc.constantFrom({ from: '21:00', to: '08:00' }, { from: '12:00', to: '13:00' })),
    sendWindow: sometimes(
      fc.record({ days: fc.subarray(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const, { minLength: 1 }), from: fc.constantFrom('09:00', '22:00'), to: fc.constantFrom('17:00', '02:00') }),
    ),
    frequencyCap: sometimes(
      fc.array(fc.record({ channel: fc.constantFrom(...CHANNELS), max: fc.integer({ min: 0, max: 2 }), per: fc.constantFrom('P1D', 'P1W') }), { minLength: 1, maxLength: 2 }),
    ),
  })
  .map((settings) => Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)));

/**
 * A journey of up to `maxNodes` nodes after its trigger. Each handle leads to the next node,
 * to a node chosen by number, or nowhere; from a node that does not rest it leads only forward, except in one
 * journey in 20, so most loops pass through a wait, a send or a handoff.
 */
export function journeyArb(maxNodes = 10): fc.Arbitrary<Journey> {
  return fc
    .record({
      settings: settingsArb,
      nodes: fc.array(nodeData, { minLength: 1, maxLength: maxNodes }),
      // Per handle: the next node (journeys are mostly drawn as chains), any node, or none.
      picks: fc.array(
        fc.oneof({ arbitrary: fc.constant('next' as const), weight: 6 }, { arbitrary: fc.nat(), weight: 3 }, { arbitrary: fc.constant(null), weight: 1 }),
        { minLength: 40, maxLength: 40 },
      ),
      // 1 journey in 20 may loop back from a node that does not rest.
      loopsWithoutPause: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
    })
    .map(({ settings, nodes, picks, loopsWithoutPause }) => {
      const all: NodeData[] = [{ type: 'trigger', data: { on: { event: 'form_submitted' } } }, ...nodes];
      const ids = all.map((_, i) => (i === 0 ? 't' : `n${i}`));
      const edges: JourneyEdge[] = [];
      let pick = 0;
      all.forEach((node, i) => {
        for (const handle of handlesOfData(node)) {
          const chosen = picks[pick++ % picks.length];
          if (chosen === null || chosen === undefined) continue;
          if (chosen === 'next') {
            if (i + 1 < all.length) edges.push({ id: `e${edges.length}`, source: ids[i]!, target: ids[i + 1]!, sourceHandle: handle });
            continue;
          }
          const onlyForward = !RESTS.has(node.type) && !loopsWithoutPause;
          const choices = onlyForward ? all.length - i - 1 : all.length - 1;
          if (choices <= 0) continue;
          const target = onlyForward ? i + 1 + (chosen % choices) : 1 + (chosen % choices);
          edges.push({ id: `e${edges.length}`, source: ids[i]!, target: ids[target]!, sourceHandle: handle });
        }
      });
      return {
        schemaVersion: 1 as const,
        name: 'Generated',
        settings,
        nodes: all.map((node, i) => ({ id: ids[i]!, type: node.type, position: at, data: node.data }) as JourneyNode),
        edges,
      };
    });
}

/** One thing that happens to a lead, `after` ms past the previous one. */
export type LeadInputStep =
  | { kind: 'event'; after: number; type: string; props: Record<string, unknown> }
  | { kind: 'lead_updated'; after: number; patch: Record<string, unknown> }
  /** The run's wake-up comes (at its `wakeAt`), or, if `early`, a spurious one before it. */
  | { kind: 'wake'; after: number; early: boolean }
  | { kind: 'answer'; after: number; answer: HandoffAnswer; returnIn?: number }
  | { kind: 'remove'; after: number }
  /** The lead enters again (if its run is over), carrying `chainSteps` already taken. */
  | { kind: 'start'; after: number; chainSteps?: number }
  /** The journey is paused (sends held) or resumed from here on. */
  | { kind: 'pause'; after: number; held: boolean };

const afterArb = fc.constantFrom(0, 0, 60_000, 3_600_000, 86_400_000, 10 * 86_400_000);

export const inputStepArb: fc.Arbitrary<LeadInputStep> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('wake' as const), after: afterArb, early: fc.boolean() }), weight: 4 },
  {
    arbitrary: fc.record({
      kind: fc.constant('event' as const),
      after: afterArb,
      type: fc.constantFrom(...EVENT_TYPES),
      props: fc.constantFrom({}, { channel: 'email' }, { channel: 'email' }, { channel: 'sms' }),
    }),
    weight: 6,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('lead_updated' as const),
      after: afterArb,
      patch: fc.constantFrom(
        { score: 55 },
        { score: 0 },
        { stage: 'sql' },
        { timezone: 'Asia/Tokyo' },
        { consent: { email: 'opted_out' } },
        { consent: { email: 'opted_in', sms: 'opted_out' } },
        { attributes: { tier: 'gold' } },
      ),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record(
      {
        kind: fc.constant('answer' as const),
        after: fc.constantFrom(0, 60_000, 3_600_000),
        answer: fc.constantFrom(...HANDOFF_ANSWERS),
        returnIn: fc.constantFrom(0, 3_600_000, 5 * 86_400_000),
      },
      { requiredKeys: ['kind', 'after', 'answer'] },
    ),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant('remove' as const), after: afterArb }), weight: 1 },
  {
    arbitrary: fc.record(
      { kind: fc.constant('start' as const), after: afterArb, chainSteps: fc.constantFrom(990, 1_000) },
      // Most starts carry no steps taken already; a few test the budget's edge.
      { requiredKeys: ['kind', 'after'] },
    ),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('pause' as const), after: afterArb, held: fc.boolean() }), weight: 1 },
);

/** A lead's life: when it starts (a Monday morning UTC, give or take a week), its first state, its inputs. */
export const leadLifeArb = fc.record({
  start: fc.integer({ min: 0, max: 7 * 86_400_000 }).map((offset) => Date.parse('2026-03-02T08:00:00Z') + offset),
  lead: fc.record({
    id: fc.constantFrom('lead-1', 'lead-2', 'ana@example.com', 'x'),
    score: fc.integer({ min: 0, max: 50 }),
    stage: fc.constantFrom(...STAGES),
    timezone: fc.constantFrom(null, 'Europe/Paris', 'America/Los_Angeles', 'Not/AZone'),
    emailOptedOut: fc.boolean(),
  }),
  chainSteps: fc.oneof({ arbitrary: fc.constant(0), weight: 12 }, { arbitrary: fc.constantFrom(995, 1_000), weight: 1 }),
  inputs: fc.array(inputStepArb, { minLength: 1, maxLength: 14 }),
});
export type LeadLife = typeof leadLifeArb extends fc.Arbitrary<infer L> ? L : never;
