import { readFileSync } from 'node:fs';
import { validateJourney, type ScoringModel } from '@trellis/journey';
import { describe, expect, it } from 'vitest';
import { finalLeads, loadExample, pathRows, runScenario, sendRows, t, type SendRow } from './scenario.js';

/**
 * Playbook 1, speed-to-lead, as one cadence and a monthly loop. A lead enters when the example
 * scoring model (examples/scoring/model.json) takes its score to 80, the model's sales-ready
 * threshold (stage sql): here a well-fitting lead (35) who looked at pricing (+15) and asks for a
 * demo (+40). Then: a call at once (due in five
 * minutes), then calls, voicemails and emails, 26 touches over 14 days, stopped when a call
 * connects; after the last touch, an email and a voicemail once a month. Any call that
 * connects is the goal. New York leads; quiet 21:00–08:00.
 */
const journey = loadExample('speed-to-lead');
const NEW_YORK = 'America/New_York';
const model = JSON.parse(readFileSync(new URL('../../../examples/scoring/model.json', import.meta.url), 'utf8')) as ScoringModel;

/** 35 points of fit in the model: 200+ people, software, a director. */
const FIT = { company: { size: 250 }, industry: 'software', seniority: 'director' };

/** A pricing visit half an hour before (35 + 15 = 50), then the demo request at `at` (+40 = 90): 80 is crossed at `at`. */
function asksForADemo(leadId: string, at: string) {
  const before = new Date(Date.parse(at) - 30 * 60_000).toISOString();
  return [
    { leadId, type: 'page_visited', at: before, props: { url: 'https://trellis.example/pricing' } },
    { leadId, type: 'form_submitted', at, props: { form: 'demo-request' } },
  ];
}

/** A form on Monday 2 March 2026 at 09:00 in New York (EST, UTC−5): the cadence's first two days. */
const FIRST_DAYS: SendRow[] = [
  [t('2026-03-02T14:00Z'), 'call_task', 'speed-call-1', 'sent'],
  [t('2026-03-02T15:00Z'), 'email', 'stl-missed-you', 'sent'],
  [t('2026-03-02T15:00Z'), 'call_task', 'speed-call-2', 'sent'],
  [t('2026-03-02T17:00Z'), 'call_task', 'speed-call-3', 'sent'],
  [t('2026-03-02T20:00Z'), 'call_task', 'speed-call-4', 'sent'],
  [t('2026-03-02T23:00Z'), 'voicemail_task', 'stl-voicemail-1', 'sent'],
  [t('2026-03-03T14:00Z'), 'call_task', 'speed-call-5', 'sent'],
  [t('2026-03-03T18:00Z'), 'voicemail_task', 'stl-voicemail-2', 'sent'],
];

describe('speed-to-lead example', () => {
  it('is a valid journey with nothing to warn about', () => {
    expect(validateJourney(journey)).toEqual([]);
  });

  it('enters no lead the model leaves short of 80: a demo request alone from the same lead is 75', () => {
    const leads = runScenario(journey, {
      start: '2026-03-02T00:00:00Z',
      until: 'P2D',
      scoring: model,
      leads: [{ id: 'just-asking', timezone: NEW_YORK, attributes: FIT }],
      events: [{ leadId: 'just-asking', type: 'form_submitted', at: '2026-03-02T14:00:00Z', props: { form: 'demo-request' } }],
    } as never);
    expect(leads['just-asking']!.path).toEqual([]);
    expect(finalLeads(journey, { start: '2026-03-02T00:00:00Z', until: 'P2D', scoring: model, leads: [{ id: 'just-asking', attributes: FIT }], events: [{ leadId: 'just-asking', type: 'form_submitted', at: '2026-03-02T14:00:00Z', props: { form: 'demo-request' } }] } as never)['just-asking']!.score).toBe(75);
  });

  it('calls a lead whose email click takes it to 80, rather than counting the click as the goal met', () => {
    // 35 fit, two pricing visits (+30, the rule's cap a week), a webinar (+10): 75; a click (+3) 78;
    // a second click at 09:00 New York makes 81. The click is within the hour, but only a call is the goal.
    const at = (minutes: number) => new Date(Date.parse('2026-03-02T13:00:00Z') + minutes * 60_000).toISOString();
    const leads = runScenario(journey, {
      start: '2026-03-02T00:00:00Z',
      until: 'P1D',
      scoring: model,
      leads: [{ id: 'clicker', timezone: NEW_YORK, attributes: FIT }],
      events: [
        { leadId: 'clicker', type: 'page_visited', at: at(0), props: { url: 'https://trellis.example/pricing' } },
        { leadId: 'clicker', type: 'page_visited', at: at(5), props: { url: 'https://trellis.example/pricing' } },
        { leadId: 'clicker', type: 'webinar_attended', at: at(10) },
        { leadId: 'clicker', type: 'email_clicked', at: at(20), props: { url: 'https://trellis.example/blog' } },
        { leadId: 'clicker', type: 'email_clicked', at: at(60), props: { url: 'https://trellis.example/blog' } },
      ],
    });
    const clicker = leads.clicker!;
    expect(sendRows(clicker)[0]).toEqual([t('2026-03-02T14:00Z'), 'call_task', 'speed-call-1', 'sent']);
    expect(clicker.outcome).not.toBe('converted');
  });

  it('works a lead that never answers through all 26 touches in two weeks, keeping local times across the DST change, then monthly', () => {
    const leads = runScenario(journey, {
      start: '2026-03-02T00:00:00Z',
      until: 'P60D',
      scoring: model,
      leads: [{ id: 'silent', timezone: NEW_YORK, attributes: FIT }],
      events: [...asksForADemo('silent', '2026-03-02T14:00:00Z')],
    });
    const silent = leads.silent!;
    const rows = sendRows(silent);
    expect(rows.slice(0, 8)).toEqual(FIRST_DAYS);
    expect(silent.sends.filter((s) => s.nodeId === 'response-cadence').map((s) => s.touch)).toEqual([...Array(26).keys()]);
    // Day 7 at 09:00 local is 13:00 UTC once New York is on EDT (from 8 March).
    expect(rows.slice(15, 17)).toEqual([
      [t('2026-03-08T13:00Z'), 'email', 'stl-follow-up-3', 'sent'],
      [t('2026-03-09T13:00Z'), 'call_task', 'speed-call-9', 'sent'],
    ]);
    expect(rows.slice(25)).toEqual([
      [t('2026-03-16T13:00Z'), 'email', 'stl-breakup', 'sent'],
      [t('2026-04-16T13:00Z'), 'email', 'stl-monthly', 'sent'],
      [t('2026-04-16T13:00Z'), 'voicemail_task', 'stl-monthly-voicemail', 'sent'],
    ]);
    expect(silent.outcome).toBeNull();
    // One step into the cadence (left by `done`), then a step per touch, then the monthly loop.
    const path = pathRows(silent);
    expect(path.slice(0, 3)).toEqual([
      ['trigger', t('2026-03-02T14:00Z'), 'out'],
      ['response-cadence', t('2026-03-02T14:00Z'), 'done'],
      ['response-cadence', t('2026-03-02T14:00Z'), undefined],
    ]);
    expect(silent.path.filter((s) => s.touch !== undefined)).toHaveLength(26);
    expect(path.slice(-2)).toEqual([
      ['voicemail-monthly', t('2026-04-16T13:00Z'), 'out'],
      ['wait-1m', t('2026-04-16T13:00Z'), undefined],
    ]);
  });

  it('stops the moment a call connects on day two: goal, and nothing is sent after', () => {
    const leads = runScenario(journey, {
      start: '2026-03-02T00:00:00Z',
      until: 'P30D',
      scoring: model,
      leads: [{ id: 'reached', timezone: NEW_YORK, attributes: FIT }],
      events: [
        ...asksForADemo('reached', '2026-03-02T14:00:00Z'),
        { leadId: 'reached', type: 'call_connected', at: '2026-03-03T19:30:00Z' },
      ],
    });
    const reached = leads.reached!;
    expect(reached.outcome).toBe('goal');
    expect(sendRows(reached)).toEqual(FIRST_DAYS);
    expect(reached.path.at(-1)).toEqual({ nodeId: 'response-cadence', at: t('2026-03-03T18:00Z'), touch: 7 });
  });

  it('suppresses every email touch to a lead opted out of email while the calls and voicemails still go', () => {
    const leads = runScenario(journey, {
      start: '2026-03-02T00:00:00Z',
      until: 'P15D',
      scoring: model,
      leads: [{ id: 'no-email', timezone: NEW_YORK, attributes: FIT, consent: { email: 'opted_out' } }],
      events: [...asksForADemo('no-email', '2026-03-02T14:00:00Z')],
    });
    const sends = leads['no-email']!.sends;
    expect(sends).toHaveLength(26);
    expect(new Set(sends.filter((s) => s.channel === 'email').map((s) => s.status))).toEqual(new Set(['suppressed']));
    expect(new Set(sends.filter((s) => s.channel !== 'email').map((s) => s.status))).toEqual(new Set(['sent']));
    expect(sends.filter((s) => s.channel === 'email')).toHaveLength(8);
  });

  it('holds the first call of a form sent at 22:00 local until quiet hours end at 08:00, and the touches due by then with it', () => {
    const leads = runScenario(journey, {
      start: '2026-03-03T00:00:00Z',
      until: 'P2D',
      scoring: model,
      leads: [{ id: 'night-owl', timezone: NEW_YORK, attributes: FIT }],
      // Tuesday 3 March, 22:00 in New York.
      events: [...asksForADemo('night-owl', '2026-03-04T03:00:00Z')],
    });
    expect(sendRows(leads['night-owl']!).slice(0, 6)).toEqual([
      // The call, the 1-hour email and call held to 08:00 together; the 3-hour call too (01:00).
      [t('2026-03-04T13:00Z'), 'call_task', 'speed-call-1', 'sent'],
      [t('2026-03-04T13:00Z'), 'email', 'stl-missed-you', 'sent'],
      [t('2026-03-04T13:00Z'), 'call_task', 'speed-call-2', 'sent'],
      [t('2026-03-04T13:00Z'), 'call_task', 'speed-call-3', 'sent'],
      // The 6-hour call (04:00) and the 9-hour voicemail (07:00) were due inside quiet hours as well.
      [t('2026-03-04T13:00Z'), 'call_task', 'speed-call-4', 'sent'],
      [t('2026-03-04T13:00Z'), 'voicemail_task', 'stl-voicemail-1', 'sent'],
    ]);
  });
});
