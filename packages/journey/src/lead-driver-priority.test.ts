import { describe, expect, it } from 'vitest';
import { compileJourney } from './compile.js';
import { driveLead, type JourneyCatalog, type LeadDriven, type LeadRun, type LiveJourney, type SentMark } from './lead-driver.js';
import type { HistoryEvent } from './lead.js';
import { newLead } from './lead.js';
import { journeySchema } from './schema.js';

const at = { x: 0, y: 0 };
const NOW = Date.parse('2026-03-03T14:00:00Z');
const DAY = 86_400_000;
/** One email a day, across journeys: a cap that allows one of two sends due together. */
const ONE_EMAIL_A_DAY = [{ channel: 'email' as const, max: 1, per: 'P1D' }];

/** trigger (form_submitted) → [wait] → send email `template`; priority as given. */
function journey(journeyId: string, priority: number | undefined, options: { wait?: string } = {}): LiveJourney {
  const nodes: unknown[] = [{ id: 't', type: 'trigger', position: at, data: { on: { event: 'form_submitted' } } }];
  const edges: unknown[] = [];
  if (options.wait) {
    nodes.push({ id: 'wait', type: 'wait', position: at, data: { for: options.wait } });
    edges.push({ id: 'e0', source: 't', target: 'wait' });
  }
  nodes.push({ id: 'mail', type: 'send', position: at, data: { channel: 'email', template: `${journeyId}-mail` } });
  edges.push({ id: 'e1', source: options.wait ? 'wait' : 't', target: 'mail' });
  const settings = { frequencyCap: ONE_EMAIL_A_DAY, ...(priority === undefined ? {} : { priority }) };
  const document = journeySchema.parse({ schemaVersion: 1, name: journeyId, settings, nodes, edges });
  return { journeyId, version: 1, status: 'active', compiled: compileJourney(document) };
}

/** A journey whose run waits for `form_submitted` (up to a week), then sends email. */
function waitingForForm(journeyId: string, priority: number): LiveJourney {
  const document = journeySchema.parse({
    schemaVersion: 1,
    name: journeyId,
    settings: { frequencyCap: ONE_EMAIL_A_DAY, priority },
    nodes: [
      { id: 't', type: 'trigger', position: at, data: { on: { event: 'page_visited' } } },
      { id: 'wait', type: 'wait', position: at, data: { until: { event: 'form_submitted', timeout: 'P7D' } } },
      { id: 'mail', type: 'send', position: at, data: { channel: 'email', template: `${journeyId}-mail` } },
    ],
    edges: [
      { id: 'e0', source: 't', target: 'wait' },
      { id: 'e1', source: 'wait', sourceHandle: 'event', target: 'mail' },
    ],
  });
  return { journeyId, version: 1, status: 'active', compiled: compileJourney(document) };
}

function catalogOf(...journeys: LiveJourney[]): JourneyCatalog {
  return { entryJourneys: journeys, version: (id, v) => journeys.find((j) => j.journeyId === id && j.version === v) };
}

/** The lead's life so far, carried from one instant to the next as the engine and the simulator carry it. */
class Lead {
  runs: LeadRun[] = [];
  history: HistoryEvent[] = [];
  recentSends: SentMark[] = [];
  private ids = 0;

  constructor(private readonly catalog: JourneyCatalog) {}

  at(now: number, eventTypes: string[] = []): LeadDriven {
    const events = eventTypes.map((type, i) => ({ id: `${type}-${now}-${i}`, type, at: now, props: {} }));
    const driven = driveLead(
      { now, lead: newLead('ada'), history: this.history, runs: this.runs, lastEndedAt: new Map(), recentSends: this.recentSends, events, inputs: [] },
      this.catalog,
      () => `run-${++this.ids}`,
    );
    const changed = new Map(driven.runs.map((r) => [r.id, r]));
    this.runs = [...this.runs.map((r) => changed.get(r.id) ?? r), ...driven.runs.filter((r) => !this.runs.some((old) => old.id === r.id))];
    return driven;
  }
}

/** Each send of the instant, in the order made: `journey:status`. */
function sends(driven: LeadDriven): string[] {
  return driven.moves.flatMap((m) => m.effects.flatMap((e) => (e.type === 'send' ? [`${m.run.journeyId}:${e.status}`] : [])));
}

describe('priority across journeys', () => {
  it('enters the higher priority journey first when one event enters the lead into two, and its send is the one a cap allows', () => {
    // The catalog lists the lower priority first: the driver, not the catalog's order, decides.
    const lead = new Lead(catalogOf(journey('newsletter', 0), journey('demo-request', 10)));
    const driven = lead.at(NOW, ['form_submitted']);
    expect(driven.runs.map((r) => r.journeyId)).toEqual(['demo-request', 'newsletter']);
    expect(sends(driven)).toEqual(['demo-request:sent', 'newsletter:capped']);
  });

  it('sends the higher priority journey’s email of two due together under a cap of one, and caps the other', () => {
    const lead = new Lead(catalogOf(journey('low', 1, { wait: 'P1D' }), journey('high', 2, { wait: 'P1D' })));
    const entered = lead.at(NOW, ['form_submitted']);
    expect(sends(entered)).toEqual([]);
    // The low priority run is first in the lead's runs; both wake at the same instant a day on.
    lead.runs.sort((a, b) => (a.journeyId === 'low' ? -1 : b.journeyId === 'low' ? 1 : 0));
    const woke = lead.at(NOW + DAY);
    expect(sends(woke)).toEqual(['high:sent', 'low:capped']);
  });

  it('goes by journey id when priorities tie, whatever order the catalog and the runs come in', () => {
    const lead = new Lead(catalogOf(journey('beta', 3, { wait: 'P1D' }), journey('alpha', 3, { wait: 'P1D' })));
    const entered = lead.at(NOW, ['form_submitted']);
    expect(entered.runs.map((r) => r.journeyId)).toEqual(['alpha', 'beta']);
    lead.runs.reverse();
    expect(sends(lead.at(NOW + DAY))).toEqual(['alpha:sent', 'beta:capped']);
  });

  it('counts a journey without a priority as 0: below 1, above -1', () => {
    const lead = new Lead(catalogOf(journey('unset', undefined), journey('minus', -1), journey('plus', 1)));
    expect(lead.at(NOW, ['form_submitted']).runs.map((r) => r.journeyId)).toEqual(['plus', 'unset', 'minus']);
  });

  it('lets a higher priority entry go before a lower priority run moved by the same event', () => {
    const lead = new Lead(catalogOf(waitingForForm('nurture', 0), journey('demo-request', 5)));
    lead.at(NOW - DAY, ['page_visited']);
    expect(lead.runs.map((r) => `${r.journeyId}@${r.state.nodeId}`)).toEqual(['nurture@wait']);
    const driven = lead.at(NOW, ['form_submitted']);
    expect(sends(driven)).toEqual(['demo-request:sent', 'nurture:capped']);
  });

  it('moves a run before an entry when the run’s journey has the higher priority', () => {
    const lead = new Lead(catalogOf(waitingForForm('nurture', 9), journey('demo-request', 5)));
    lead.at(NOW - DAY, ['page_visited']);
    expect(sends(lead.at(NOW, ['form_submitted']))).toEqual(['nurture:sent', 'demo-request:capped']);
  });
});
