import type { Journey } from '@trellis/journey';
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
  const props: Record<string, unknown> = {};
  for (const [prop, test] of Object.entries(trigger.data.on.where)) {
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
      default:
        props[prop] = 'test';
    }
  }
  return props;
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
      const event: SimulationEventInput = { leadId: id, type: extra.type, at: new Date(entryAt + extra.afterHours * 3_600_000).toISOString() };
      const props = parseProps(extra.props);
      if (Object.keys(props).length > 0) event.props = props;
      events.push(event);
    }
  }
  // The simulator applies events in time order, ties in list order.
  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { leads, events };
}
