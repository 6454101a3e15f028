import type { Condition, Journey, ScoringModel, Where } from '@trellis/journey';
import type { SimulationEventInput, SimulationLeadInput } from '../api/client.js';
import { ABSENT, fieldCandidates, setPath } from './condition-values.js';

/**
 * Test leads for a simulation: a seeded, repeatable mix of scores, attributes, time zones and
 * consents, so two runs of the same settings give the same leads and the same result.
 */

export interface ExtraEvent {
  type: string;
  /** Hours after the lead's entry event. */
  afterHours: number;
  /** Share of leads that get it, 0–100. */
  percent: number;
  /** `key=value` pairs, comma-separated (`url=/pricing`). */
  props: string;
  /** How many such events each chosen lead gets, an hour apart (engagement counts). */
  times?: number;
}

export interface LeadMix {
  count: number;
  start: string;
  seed: number;
  /** Entry events are spread evenly over this many hours after `start`. */
  spreadHours: number;
  extraEvents: ExtraEvent[];
}

export const TIMEZONES = ['America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin', 'Asia/Tokyo', 'Australia/Sydney'];
export const INDUSTRIES = ['saas', 'retail', 'finance', 'healthcare', 'manufacturing'];
export const COUNTRIES = ['US', 'GB', 'DE', 'JP', 'AU', 'FR'];
const SIZES = ['1-10', '11-50', '51-200', '201-1000', '1000+'];
const STAGES = ['lead', 'lead', 'lead', 'mql', 'sql'];

/** mulberry32: a small, well-known seeded generator; quality is ample for test data. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

function consent(random: () => number, optedIn: number, optedOut: number): string {
  const r = random();
  return r < optedIn ? 'opted_in' : r < optedIn + optedOut ? 'opted_out' : 'unknown';
}

/** The event that brings a lead in: the trigger's own event, or `lead_created` for condition and segment triggers. */
export function entryEventType(journey: Journey): string {
  const trigger = journey.nodes.find((n) => n.type === 'trigger');
  if (trigger && trigger.type === 'trigger' && 'event' in trigger.data.on) return trigger.data.on.event;
  return 'lead_created';
}

/** Props that pass an event trigger's `where`, so every test lead's entry event lets it in. */
export function entryProps(journey: Journey): Record<string, unknown> | undefined {
  const trigger = journey.nodes.find((n) => n.type === 'trigger');
  if (!trigger || trigger.type !== 'trigger' || !('event' in trigger.data.on) || !trigger.data.on.where) return undefined;
  return propsPassing(trigger.data.on.where);
}

/** Event props that pass a `where`. */
export function propsPassing(where: Where): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const [prop, test] of Object.entries(where)) {
    const value = test.value;
    switch (test.op) {
      case 'eq':
      case 'contains':
      case 'startsWith':
      case 'gte':
      case 'lte':
        props[prop] = value;
        break;
      case 'gt':
        props[prop] = typeof value === 'number' ? value + 1 : value;
        break;
      case 'lt':
        props[prop] = typeof value === 'number' ? value - 1 : value;
        break;
      case 'in':
        props[prop] = Array.isArray(value) ? value[0] : value;
        break;
      case 'neq':
      case 'nin':
        props[prop] = 'other';
        break;
      default:
        props[prop] = 'test';
    }
  }
  return props;
}

function formatProps(props: Record<string, unknown>): string {
  return Object.entries(props)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

function hoursOf(iso: string): number | null {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso) ?? /^P(\d+)W$/.exec(iso);
  if (!match) return null;
  if (iso.endsWith('W')) return Number(match[1]) * 168;
  return Number(match[1] ?? 0) * 24 + Number(match[2] ?? 0) + Number(match[3] ?? 0) / 60;
}

/**
 * Later events the journey listens for, so a run exercises them: half the leads do what each
 * event wait waits for (well before its timeout), 40 % do each engagement a condition counts
 * (10 % for the goal and exit criteria), as many times as it needs, with props that pass its
 * `where`.
 */
export function suggestedEvents(journey: Journey): ExtraEvent[] {
  const suggestions: ExtraEvent[] = [];
  const add = (event: ExtraEvent) => {
    if (!suggestions.some((s) => s.type === event.type && s.props === event.props)) suggestions.push(event);
  };
  for (const node of journey.nodes) {
    if (node.type === 'wait' && 'until' in node.data && 'event' in node.data.until) {
      const timeout = hoursOf(node.data.until.timeout);
      const afterHours = timeout === null ? 24 : Math.max(1, Math.min(24, Math.floor(timeout / 2)));
      add({ type: node.data.until.event, afterHours, percent: 50, props: formatProps(propsPassing(node.data.until.where ?? {})) });
    }
  }
  const engagements: Array<{ event: string; where?: Where; count?: { op: string; value: number }; percent: number }> = [];
  // Goal and exit criteria end runs early; a tenth of leads meeting them is plenty to see it.
  let percent = 40;
  const walk = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (typeof record.event === 'string' && ('within' in record || 'count' in record || !('timeout' in record))) {
      engagements.push({ ...(record as Omit<(typeof engagements)[number], 'percent'>), percent });
      return;
    }
    Object.values(record).forEach(walk);
  };
  for (const node of journey.nodes) if (node.type !== 'trigger' && node.type !== 'wait') walk(node.data);
  for (const node of journey.nodes) if (node.type === 'trigger' && !('event' in node.data.on)) walk(node.data.on);
  percent = 10;
  walk(journey.settings);
  for (const test of engagements) {
    const needed = test.count && ['gte', 'gt', 'eq'].includes(test.count.op) ? test.count.value + (test.count.op === 'gt' ? 1 : 0) : 1;
    add({ type: test.event, afterHours: 2, percent: test.percent, props: formatProps(propsPassing(test.where ?? {})), times: Math.max(1, needed) });
  }
  return suggestions.length > 0 ? suggestions : [{ type: 'email_opened', afterHours: 26, percent: 40, props: '' }];
}

/** Whether a condition tests the lead's score anywhere in it. */
function testsScore(condition: Condition): boolean {
  if ('all' in condition) return condition.all.some(testsScore);
  if ('any' in condition) return condition.any.some(testsScore);
  if ('not' in condition) return testsScore(condition.not);
  return 'attr' in condition && condition.attr === 'score';
}

/**
 * For a trigger on the score (`score >= 50`), the events the scoring model gives points for
 * (its behaviour rules that add points, with props that pass their `where`): without them no
 * test lead's score moves, so none would start to meet the trigger. 40 % of leads do each, an
 * hour after their entry event, as often as its cap lets it count.
 */
export function scoreRaisingEvents(journey: Journey, model: ScoringModel | undefined): ExtraEvent[] {
  const trigger = journey.nodes.find((n) => n.type === 'trigger');
  if (!model || !trigger || trigger.type !== 'trigger') return [];
  const on = trigger.data.on;
  const condition = 'condition' in on ? on.condition : 'segment' in on && !('saved' in on.segment) ? on.segment : null;
  if (!condition || !testsScore(condition)) return [];
  return model.rules.flatMap((rule): ExtraEvent[] =>
    'event' in rule.on && rule.points > 0
      ? [{ type: rule.on.event, afterHours: 1, percent: 40, props: formatProps(propsPassing(rule.on.where ?? {})), times: rule.max ? Math.max(1, Math.floor(rule.max.points / rule.points)) : 1 }]
      : [],
  );
}

export function parseProps(text: string): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const pair of text.split(',')) {
    const [key, ...rest] = pair.split('=');
    const name = key?.trim();
    if (!name) continue;
    const value = rest.join('=').trim();
    props[name] = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  return props;
}

export function generateLeads(journey: Journey, mix: LeadMix): { leads: SimulationLeadInput[]; events: SimulationEventInput[] } {
  const random = seeded(mix.seed);
  const startMs = Date.parse(mix.start);
  const entryType = entryEventType(journey);
  const entryEventProps = entryProps(journey);
  const tested = fieldCandidates(journey);
  const leads: SimulationLeadInput[] = [];
  const events: SimulationEventInput[] = [];
  const width = String(mix.count).length;
  for (let i = 0; i < mix.count; i++) {
    const id = `lead-${String(i + 1).padStart(width, '0')}`;
    // A third cold, half warm, the rest hot: branches on score see every side.
    const band = random();
    const score = band < 0.35 ? Math.floor(random() * 30) : band < 0.85 ? 30 + Math.floor(random() * 40) : 70 + Math.floor(random() * 31);
    const lead: SimulationLeadInput = {
      id,
      email: `${id}@example.com`,
      timezone: pick(random, TIMEZONES),
      score,
      stage: pick(random, STAGES),
      attributes: { industry: pick(random, INDUSTRIES), country: pick(random, COUNTRIES), company_size: pick(random, SIZES) },
      consent: { email: consent(random, 0.85, 0.1), sms: consent(random, 0.4, 0.2) },
    };
    // Fields the journey tests take values from its own conditions, either side of each test.
    for (const [field, candidates] of tested) {
      const value = pick(random, candidates);
      if (field === 'stage') {
        if (value !== ABSENT) lead.stage = String(value);
      } else if (value !== ABSENT) {
        setPath(lead.attributes!, field.replace(/^attributes\./, ''), value);
      } else if (!field.includes('.')) {
        delete lead.attributes![field];
      }
    }
    leads.push(lead);
    const entryAt = startMs + Math.floor((i / Math.max(mix.count, 1)) * mix.spreadHours * 3_600_000);
    const entry: SimulationEventInput = { leadId: id, type: entryType, at: new Date(entryAt).toISOString() };
    if (entryEventProps) entry.props = { ...entryEventProps };
    events.push(entry);
    for (const extra of mix.extraEvents) {
      if (!extra.type || random() * 100 >= extra.percent) continue;
      const props = parseProps(extra.props);
      for (let time = 0; time < Math.max(1, extra.times ?? 1); time++) {
        const at = entryAt + (extra.afterHours + time) * 3_600_000;
        const event: SimulationEventInput = { leadId: id, type: extra.type, at: new Date(at).toISOString() };
        if (Object.keys(props).length > 0) event.props = { ...props };
        events.push(event);
      }
    }
  }
  // The simulator applies events in time order, ties in list order.
  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { leads, events };
}
