import { validateJourney } from '@trellis/journey';
import { describe, expect, it } from 'vitest';
import { loadExample, pathRows, runScenario, sendRows, t, type SendRow } from './scenario.js';

/**
 * Playbook 1, speed-to-lead: a call task at once, an email after an hour, five calls and a
 * voicemail in the first day, an email and a voicemail every three days for two weeks, then
 * monthly. Any call that connects (or click) is the goal. New York leads; quiet 21:00–08:00.
 */
const journey = loadExample('speed-to-lead');
const NEW_YORK = 'America/New_York';

/** A form on Monday 2 March 2026 at 09:00 in New York (EST, UTC−5), all of day one's calls. */
const FIRST_DAY: SendRow[] = [
  [t('2026-03-02T14:00Z'), 'call_task', 'speed-call-1', 'sent'],
  [t('2026-03-02T15:00Z'), 'email', 'stl-missed-you', 'sent'],
  [t('2026-03-02T15:00Z'), 'call_task', 'speed-call-2', 'sent'],
  [t('2026-03-02T17:00Z'), 'call_task', 'speed-call-3', 'sent'],
  [t('2026-03-02T20:00Z'), 'call_task', 'speed-call-4', 'sent'],
  [t('2026-03-02T23:00Z'), 'voicemail_task', 'stl-voicemail-1', 'sent'],
  [t('2026-03-03T13:00Z'), 'call_task', 'speed-call-5', 'sent'],
];

describe('speed-to-lead example', () => {
  it('is a valid journey with nothing to warn about', () => {
    expect(validateJourney(journey)).toEqual([]);
  });

  it('works a lead that never answers for two weeks, then monthly, keeping 08:00 local across the DST change', () => {
    const leads = runScenario(journey, {
      start: '2026-03-02T00:00:00Z',
      until: 'P90D',
      leads: [{ id: 'silent', timezone: NEW_YORK }],
      events: [{ leadId: 'silent', type: 'form_submitted', at: '2026-03-02T14:00:00Z' }],
    });
    const silent = leads.silent!;
    expect(sendRows(silent)).toEqual([
      ...FIRST_DAY,
      // Every three days at 08:00 local: UTC−5 until 8 March, UTC−4 after.
      [t('2026-03-06T13:00Z'), 'email', 'stl-follow-up-1', 'sent'],
      [t('2026-03-06T13:00Z'), 'voicemail_task', 'stl-voicemail-2', 'sent'],
      [t('2026-03-09T12:00Z'), 'email', 'stl-follow-up-2', 'sent'],
      [t('2026-03-09T12:00Z'), 'voicemail_task', 'stl-voicemail-3', 'sent'],
      [t('2026-03-12T12:00Z'), 'email', 'stl-follow-up-3', 'sent'],
      [t('2026-03-12T12:00Z'), 'voicemail_task', 'stl-voicemail-4', 'sent'],
      [t('2026-03-15T12:00Z'), 'email', 'stl-follow-up-4', 'sent'],
      [t('2026-03-15T12:00Z'), 'voicemail_task', 'stl-voicemail-5', 'sent'],
      // Then once a calendar month, same local time.
      [t('2026-04-15T12:00Z'), 'email', 'stl-monthly', 'sent'],
      [t('2026-04-15T12:00Z'), 'voicemail_task', 'stl-monthly-voicemail', 'sent'],
      [t('2026-05-15T12:00Z'), 'email', 'stl-monthly', 'sent'],
      [t('2026-05-15T12:00Z'), 'voicemail_task', 'stl-monthly-voicemail', 'sent'],
    ]);
    expect(silent.outcome).toBeNull();
    expect(pathRows(silent).slice(-4)).toEqual([
      ['wait-1m', t('2026-04-15T12:00Z'), 'out'],
      ['email-monthly', t('2026-05-15T12:00Z'), 'out'],
      ['voicemail-monthly', t('2026-05-15T12:00Z'), 'out'],
      ['wait-1m', t('2026-05-15T12:00Z'), undefined],
    ]);
  });

  it('stops the moment a call connects on day two: goal, and nothing is sent after', () => {
    const leads = runScenario(journey, {
      start: '2026-03-02T00:00:00Z',
      until: 'P30D',
      leads: [{ id: 'reached', timezone: NEW_YORK }],
      events: [
        { leadId: 'reached', type: 'form_submitted', at: '2026-03-02T14:00:00Z' },
        { leadId: 'reached', type: 'call_connected', at: '2026-03-03T15:30:00Z' },
      ],
    });
    const reached = leads.reached!;
    expect(reached.outcome).toBe('goal');
    expect(sendRows(reached)).toEqual(FIRST_DAY);
    expect(pathRows(reached).slice(-2)).toEqual([
      ['call-5', t('2026-03-03T13:00Z'), 'out'],
      ['wait-3d-1', t('2026-03-03T13:00Z'), undefined],
    ]);
  });

  it('suppresses every email to a lead opted out of email while the calls and voicemails still go', () => {
    const leads = runScenario(journey, {
      start: '2026-03-02T00:00:00Z',
      until: 'P14D',
      leads: [{ id: 'no-email', timezone: NEW_YORK, consent: { email: 'opted_out' } }],
      events: [{ leadId: 'no-email', type: 'form_submitted', at: '2026-03-02T14:00:00Z' }],
    });
    const lead = leads['no-email']!;
    expect(sendRows(lead)).toEqual([
      [t('2026-03-02T14:00Z'), 'call_task', 'speed-call-1', 'sent'],
      [t('2026-03-02T15:00Z'), 'email', 'stl-missed-you', 'suppressed'],
      [t('2026-03-02T15:00Z'), 'call_task', 'speed-call-2', 'sent'],
      [t('2026-03-02T17:00Z'), 'call_task', 'speed-call-3', 'sent'],
      [t('2026-03-02T20:00Z'), 'call_task', 'speed-call-4', 'sent'],
      [t('2026-03-02T23:00Z'), 'voicemail_task', 'stl-voicemail-1', 'sent'],
      [t('2026-03-03T13:00Z'), 'call_task', 'speed-call-5', 'sent'],
      [t('2026-03-06T13:00Z'), 'email', 'stl-follow-up-1', 'suppressed'],
      [t('2026-03-06T13:00Z'), 'voicemail_task', 'stl-voicemail-2', 'sent'],
      [t('2026-03-09T12:00Z'), 'email', 'stl-follow-up-2', 'suppressed'],
      [t('2026-03-09T12:00Z'), 'voicemail_task', 'stl-voicemail-3', 'sent'],
      [t('2026-03-12T12:00Z'), 'email', 'stl-follow-up-3', 'suppressed'],
      [t('2026-03-12T12:00Z'), 'voicemail_task', 'stl-voicemail-4', 'sent'],
      [t('2026-03-15T12:00Z'), 'email', 'stl-follow-up-4', 'suppressed'],
      [t('2026-03-15T12:00Z'), 'voicemail_task', 'stl-voicemail-5', 'sent'],
    ]);
    expect(lead.outcome).toBeNull();
  });

  it('holds the first call of a form sent at 22:00 local until quiet hours end at 08:00', () => {
    const leads = runScenario(journey, {
      start: '2026-03-03T00:00:00Z',
      until: 'P3D',
      leads: [{ id: 'night-owl', timezone: NEW_YORK }],
      // Tuesday 3 March, 22:00 in New York.
      events: [{ leadId: 'night-owl', type: 'form_submitted', at: '2026-03-04T03:00:00Z' }],
    });
    const owl = leads['night-owl']!;
    expect(sendRows(owl)).toEqual([
      [t('2026-03-04T13:00Z'), 'call_task', 'speed-call-1', 'sent'],
      [t('2026-03-04T14:00Z'), 'email', 'stl-missed-you', 'sent'],
      [t('2026-03-04T14:00Z'), 'call_task', 'speed-call-2', 'sent'],
      [t('2026-03-04T16:00Z'), 'call_task', 'speed-call-3', 'sent'],
      [t('2026-03-04T19:00Z'), 'call_task', 'speed-call-4', 'sent'],
      [t('2026-03-04T22:00Z'), 'voicemail_task', 'stl-voicemail-1', 'sent'],
      // 14 hours after the voicemail is 07:00, still quiet: the fifth call waits for 08:00.
      [t('2026-03-05T13:00Z'), 'call_task', 'speed-call-5', 'sent'],
    ]);
    expect(pathRows(owl).slice(0, 3)).toEqual([
      ['trigger', t('2026-03-04T03:00Z'), 'out'],
      ['call-1', t('2026-03-04T03:00Z'), 'out'],
      ['wait-1h', t('2026-03-04T13:00Z'), 'out'],
    ]);
    expect(pathRows(owl).slice(11, 14)).toEqual([
      ['wait-14h', t('2026-03-04T22:00Z'), 'out'],
      ['call-5', t('2026-03-05T12:00Z'), 'out'],
      ['wait-3d-1', t('2026-03-05T13:00Z'), undefined],
    ]);
  });
});
