import { handlesOf, type JourneyNode } from '@trellis/journey';
import fc from 'fast-check';

/**
 * Generated journeys and what happens to their leads, for the simulator–engine equivalence test.
 * A case is drawn as small numbers and built deterministically from them, so fast-check shrinks
 * it to a short journey and a few events. Journeys are small (1–6 steps after the trigger) and
 * a loop always goes back to a wait of a day or more, so ten days of virtual time stay cheap
 * for the engine on PGlite; every node type, every wait, branches, splits, handoffs with sales
 * answers, goals, exit criteria, caps, quiet hours, send windows and zones are drawn.
 */

export const START = Date.parse('2026-03-02T09:00:00Z'); // a Monday
export const UNTIL = 'P10D';
const MINUTE = 60_000;

type Json = Record<string, unknown>;

export interface Case {
  journey: Json;
  leads: { id: string; patch: Json }[];
  /** In list order; `at` in epoch ms. Events before START are the lead's history. */
  events: { id: string; leadId: string; type: string; at: number; props: Json }[];
  answers: { leadId: string; nodeId: string; answer: 'accepted' | 'recycled' | 'disqualified'; at: number; returnAt?: number }[];
}

const EVENT_TYPES = ['form_submitted', 'email_opened', 'page_visited', 'webinar_attended'] as const;
const eventType = fc.constantFrom(...EVENT_TYPES);
const shortDuration = fc.constantFrom('PT0S', 'PT45M', 'PT5H', 'P1D');
/** A wait a loop may go back to: at least a day, so a loop comes round at most ten times. */
const longDuration = fc.constantFrom('P1D', 'P2D', 'P3D');

const condition: fc.Arbitrary<Json> = fc.oneof(
  fc.record({ attr: fc.constant('score'), op: fc.constantFrom('gte', 'lt'), value: fc.integer({ min: 0, max: 12 }) }),
  fc.record({ event: eventType, within: fc.constantFrom('PT2H', 'P1D', 'P3D') }),
  fc.record({ event: fc.constant('score_changed'), within: fc.constant('P1D') }),
  fc.record({ attr: fc.constant('stage'), op: fc.constant('eq'), value: fc.constant('mql') }),
  fc.record({ not: fc.record({ event: eventType, within: fc.constant('P2D') }) }),
);

/** A goal or exit criterion: one a lead meets by what it does, not one most leads meet at once. */
const endCondition: fc.Arbitrary<Json> = fc.oneof(
  fc.record({ attr: fc.constant('score'), op: fc.constant('gte'), value: fc.integer({ min: 8, max: 15 }) }),
  fc.record({ event: fc.constantFrom('email_opened', 'webinar_attended', 'score_changed'), within: fc.constantFrom('PT2H', 'P1D') }),
  fc.record({ attr: fc.constant('stage'), op: fc.constant('eq'), value: fc.constant('mql') }),
);

type NodeSpec = { type: string; data: Json; long?: boolean };

const wait: fc.Arbitrary<NodeSpec> = fc.oneof(
  shortDuration.map((d) => ({ type: 'wait', data: { for: d } })),
  longDuration.map((d) => ({ type: 'wait', data: { for: d }, long: true })),
  fc
    .record({ time: fc.constantFrom('08:30', '13:00', '22:15'), days: fc.option(fc.constant(['mon', 'wed', 'fri']), { nil: undefined }) })
    .map(({ time, days }) => ({ type: 'wait', data: { until: days ? { time, days } : { time } }, long: true })),
  fc
    .record({ event: fc.oneof(eventType, fc.constant('score_changed')), timeout: fc.oneof(shortDuration, longDuration) })
    .map(({ event, timeout }) => ({ type: 'wait', data: { until: { event, timeout } }, long: timeout.startsWith('P') && timeout !== 'PT0S' })),
);

/**
 * A cadence of 1–5 touches over at most a few days (times ascending, now and then two at once),
 * on the channels sends draw, tasks now and then due later, stopped by an event the leads make.
 * It rests (its touches take time), so a loop may go back to it when its last touch is a day on.
 */
const cadence: fc.Arbitrary<NodeSpec> = fc
  .record({
    gaps: fc.array(fc.constantFrom(0, 5, 45, 300, 1440), { minLength: 1, maxLength: 5 }),
    channels: fc.array(fc.constantFrom('email', 'sms', 'call_task', 'webhook'), { minLength: 5, maxLength: 5 }),
    due: fc.boolean(),
    stopOn: eventType,
  })
  .map(({ gaps, channels, due, stopOn }) => {
    let minutes = 0;
    const touches = gaps.map((gap, i) => {
      minutes += gap;
      const channel = channels[i]!;
      const touch: Json = { at: `PT${minutes}M`, channel, template: `${channel}-a` };
      if (due && channel === 'call_task') touch.due = 'PT5M';
      return touch;
    });
    return { type: 'cadence', data: { touches, stopOn: { event: stopOn } }, long: minutes >= 1440 };
  });

const node: fc.Arbitrary<NodeSpec> = fc.oneof(
  wait,
  fc.array(condition, { minLength: 1, maxLength: 2 }).map((whens) => ({
    type: 'branch',
    data: { cases: whens.map((when, i) => ({ handle: `case${i}`, when })) },
  })),
  fc.integer({ min: 1, max: 3 }).map((w) => ({ type: 'split', data: { variants: [{ handle: 'A', weight: 1 }, { handle: 'B', weight: w }] } })),
  fc
    .record({ channel: fc.constantFrom('email', 'sms', 'call_task', 'webhook'), variant: fc.constantFrom('a', 'b') })
    .map(({ channel, variant }) => ({ type: 'send', data: { channel, template: `${channel}-${variant}` } })),
  fc
    .oneof(
      fc.integer({ min: -3, max: 6 }).map((add) => ({ score: { add } })),
      fc.integer({ min: 0, max: 12 }).map((set) => ({ score: { set } })),
      fc.constant({ set: { stage: 'mql' } }),
    )
    .map((data) => ({ type: 'update', data })),
  fc
    .record({ sla: fc.constantFrom('PT4H', 'P1D', 'P2D'), assign: fc.constantFrom('round_robin', 'owner') })
    .map(({ sla, assign }) => ({ type: 'handoff', data: { queue: 'sales', assign, sla } })),
  fc.constantFrom('converted', 'disqualified').map((outcome) => ({ type: 'exit', data: { outcome } })),
  cadence,
);

const settings = fc.record(
  {
    timezone: fc.constantFrom('America/New_York', 'Europe/London', 'Asia/Tokyo'),
    reentry: fc.constantFrom({ mode: 'never' }, { mode: 'always' }, { mode: 'after', after: 'P2D' }),
    goal: endCondition,
    exitWhen: endCondition,
    quietHours: fc.constant({ from: '21:00', to: '08:00' }),
    sendWindow: fc.constant({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }),
    frequencyCap: fc.constantFrom([{ channel: 'email', max: 1, per: 'P1D' }], [{ channel: 'sms', max: 2, per: 'P3D' }]),
  },
  { requiredKeys: [] },
);

const trigger = fc.oneof(
  { weight: 3, arbitrary: eventType.map((event) => ({ event })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 10 }).map((value) => ({ condition: { attr: 'score', op: 'gte', value } })) },
  { weight: 1, arbitrary: condition.map((segment) => ({ segment })) },
);

const leadPatch = fc.record(
  {
    timezone: fc.constantFrom('America/Los_Angeles', 'Europe/Berlin', 'Australia/Sydney'),
    score: fc.integer({ min: 0, max: 12 }),
    stage: fc.constant('lead'),
    consent: fc.constantFrom({ email: 'opted_out' }, { sms: 'opted_out' }),
  },
  { requiredKeys: ['score'] },
);

const eventDraw = fc.record({
  lead: fc.nat(),
  /** Minutes from START; negative ones are history. */
  minute: fc.integer({ min: -600, max: 10 * 24 * 60 }),
  kind: fc.oneof(
    { weight: 5, arbitrary: eventType.map((type) => ({ type, props: {} as Json })) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 12 }).map((score) => ({ type: 'lead_updated', props: { score } as Json })) },
    { weight: 1, arbitrary: fc.constant({ type: 'unsubscribed', props: {} as Json }) },
  ),
});

/** A sales answer to the `visit`-th time a lead reached a handoff, `minutes` after it did. */
const answerDraw = fc.record({
  visit: fc.nat(),
  answer: fc.constantFrom('accepted', 'recycled', 'disqualified') as fc.Arbitrary<'accepted' | 'recycled' | 'disqualified'>,
  minutes: fc.integer({ min: 0, max: 600 }),
  returnAfterDays: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
});

export const caseDraws = fc.record({
  trigger,
  settings,
  nodes: fc.array(node, { minLength: 1, maxLength: 6 }),
  /** Where each handle leads, in node and handle order: 0 ends the path, k the k-th later node (1 when not drawn). */
  targets: fc.array(fc.nat(), { maxLength: 24 }),
  /** One edge back to an earlier long wait, from the first handle left open at or after `from`. */
  loop: fc.option(fc.record({ from: fc.nat(), to: fc.nat() }), { nil: undefined }),
  leads: fc.array(leadPatch, { minLength: 1, maxLength: 3 }),
  /** Per lead, minutes from START at which it does what the trigger waits for (an event trigger's event, else a form). */
  kicks: fc.array(fc.integer({ min: 0, max: 3 * 24 * 60 }), { minLength: 1, maxLength: 3 }),
  events: fc.array(eventDraw, { maxLength: 6 }),
  answers: fc.array(answerDraw, { maxLength: 3 }),
});

export type CaseDraws = typeof caseDraws extends fc.Arbitrary<infer T> ? T : never;

/** The case the draws describe; `tag` keeps ids apart between cases sharing one database. */
export function buildCase(d: CaseDraws, tag: string): Case {
  const ids = d.nodes.map((_, i) => `n${i}`);
  const nodes: Json[] = [{ id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: { on: markSegment(d.trigger, tag) } }];
  const edges: Json[] = [{ id: 'e-t', source: 't', target: 'n0', sourceHandle: 'out' }];
  const open: { source: number; handle: string }[] = [];
  const reached = new Set([0]);
  let next = 0;
  d.nodes.forEach((spec, i) => {
    if (!reached.has(i)) {
      // Every step must be reachable (the validator refuses one that is not): the first open
      // handle of an earlier step leads here.
      const from = open.findIndex((o) => reached.has(o.source));
      if (from < 0) return;
      const [o] = open.splice(from, 1);
      edges.push({ id: `e${edges.length}`, source: ids[o!.source], target: ids[i], sourceHandle: o!.handle });
      reached.add(i);
    }
    for (const handle of handlesOf({ id: ids[i], type: spec.type, position: { x: 0, y: 0 }, data: spec.data } as JourneyNode)) {
      const choice = (d.targets[next++] ?? 1) % (d.nodes.length - i);
      if (choice === 0) open.push({ source: i, handle });
      else {
        edges.push({ id: `e${edges.length}`, source: ids[i], target: ids[i + choice], sourceHandle: handle });
        reached.add(i + choice);
      }
    }
  });
  d.nodes.forEach((spec, i) => {
    if (reached.has(i)) nodes.push({ id: ids[i], type: spec.type, position: { x: 0, y: (i + 1) * 100 }, data: spec.data });
  });
  if (d.loop) {
    const from = open.find((o) => o.source >= d.loop!.from % d.nodes.length);
    const waits = d.nodes.map((spec, i) => (spec.long && reached.has(i) ? i : -1)).filter((i) => i >= 0 && from !== undefined && i <= from.source);
    if (from && waits.length > 0) {
      edges.push({ id: `e${edges.length}`, source: ids[from.source], target: ids[waits[d.loop.to % waits.length]!], sourceHandle: from.handle });
    }
  }
  const journey = { schemaVersion: 1, name: `Case ${tag}`, settings: d.settings, nodes, edges };

  const leads = d.leads.map((patch, i) => ({ id: `${tag}-l${i}`, patch: { ...patch, attributes: { case: tag } } }));
  const kick = 'event' in d.trigger ? String(d.trigger.event) : 'form_submitted';
  const events: Case['events'] = [
    ...leads.map((lead, i) => ({ id: `${tag}-k${i}`, leadId: lead.id, type: kick, at: START + d.kicks[i % d.kicks.length]! * MINUTE, props: {} })),
    ...d.events.map((e, i) => ({
      id: `${tag}-e${i}`,
      leadId: leads[e.lead % leads.length]!.id,
      type: e.kind.type,
      at: START + e.minute * MINUTE,
      props: e.kind.props,
    })),
  ];
  return { journey, leads, events, answers: [] };
}

/**
 * Sales answers for the case, drawn against the times its leads reached a handoff (`visits`,
 * from a first simulation without answers): answers at random times would almost never find a
 * handoff open.
 */
export function withAnswers(c: Case, d: CaseDraws, visits: { leadId: string; nodeId: string; at: number }[]): Case {
  if (visits.length === 0) return c;
  const answers = d.answers.map((a) => {
    const visit = visits[a.visit % visits.length]!;
    const at = visit.at + a.minutes * MINUTE;
    const answer: Case['answers'][number] = { leadId: visit.leadId, nodeId: visit.nodeId, answer: a.answer, at };
    if (a.answer === 'recycled' && a.returnAfterDays !== undefined) answer.returnAt = at + a.returnAfterDays * 1440 * MINUTE;
    return answer;
  });
  return { ...c, answers };
}

/** A segment keeps to this case's leads: a database shared between cases holds earlier ones. */
function markSegment(on: Json, tag: string): Json {
  if (!('segment' in on)) return on;
  return { segment: { all: [{ attr: 'attributes.case', op: 'eq', value: tag }, on.segment] } };
}
