import { validateJourney } from '@trellis/journey';
import { describe, expect, it } from 'vitest';
import { loadExample, pathRows, runScenario, sendRows, t } from './scenario.js';

/**
 * Playbook 5, lead recycling: an MQL goes to inside sales with a 48-hour SLA. If nobody acts,
 * sales ops are alerted, the lead gets a "still interested?" email and is handed off again the
 * next weekday 09:00 after three days. If sales recycles it, it gets a month of nurture (two
 * emails, two weeks apart) before the second handoff. A second missed SLA escalates to the
 * sales manager and moves the lead to long-term nurture. New York time, emails weekdays 08–18.
 */
const journey = loadExample('lead-recycling');

const mql = (leadId: string) => ({ leadId, type: 'mql_reached', at: '2026-04-06T14:00:00Z' });

// Monday 6 April 2026, 10:00 in New York (EDT, UTC−4).
const leads = runScenario(journey, {
  start: '2026-04-06T13:00:00Z',
  until: 'P45D',
  leads: [{ id: 'ignored' }, { id: 'recycled' }, { id: 'quick-yes' }, { id: 'just-in-time' }, { id: 'on-the-dot' }],
  events: [mql('ignored'), mql('recycled'), mql('quick-yes'), mql('just-in-time'), mql('on-the-dot')],
  answers: [
    { leadId: 'quick-yes', nodeId: 'handoff-1', answer: 'accepted', at: '2026-04-06T15:00:00Z' },
    { leadId: 'recycled', nodeId: 'handoff-1', answer: 'recycled', at: '2026-04-07T16:00:00Z' },
    { leadId: 'just-in-time', nodeId: 'handoff-1', answer: 'accepted', at: '2026-04-08T13:59:00Z' },
    // Exactly 48 hours: the SLA runs out first, and this answer finds no open handoff.
    { leadId: 'on-the-dot', nodeId: 'handoff-1', answer: 'accepted', at: '2026-04-08T14:00:00Z' },
    { leadId: 'ignored', nodeId: 'handoff-2', answer: 'accepted', at: '2026-04-14T15:00:00Z' },
  ],
});

const FIRST_HANDOFF = [
  ['trigger', t('2026-04-06T14:00Z'), 'out'],
  ['mark-mql', t('2026-04-06T14:00Z'), 'out'],
];

describe('lead recycling example', () => {
  it('is a valid journey with nothing to warn about', () => {
    expect(validateJourney(journey)).toEqual([]);
  });

  it('converts a lead sales accepts within the SLA, up to the last minute', () => {
    expect(pathRows(leads['quick-yes']!)).toEqual([
      ...FIRST_HANDOFF,
      ['handoff-1', t('2026-04-06T14:00Z'), 'accepted'],
      ['converted', t('2026-04-06T15:00Z'), undefined],
    ]);
    expect(pathRows(leads['just-in-time']!).slice(2)).toEqual([
      ['handoff-1', t('2026-04-06T14:00Z'), 'accepted'],
      ['converted', t('2026-04-08T13:59Z'), undefined],
    ]);
    expect(leads['quick-yes']!.outcome).toBe('converted');
    expect(leads['just-in-time']!.outcome).toBe('converted');
  });

  it('recycles a lead nobody acted on after exactly 48 hours and hands it off again the next weekday morning', () => {
    const ignored = leads.ignored!;
    expect(sendRows(ignored)).toEqual([
      [t('2026-04-08T14:00Z'), 'webhook', 'slack-sla-missed', 'sent'],
      [t('2026-04-08T14:00Z'), 'email', 'recycle-still-interested', 'sent'],
    ]);
    expect(pathRows(ignored)).toEqual([
      ...FIRST_HANDOFF,
      ['handoff-1', t('2026-04-06T14:00Z'), 'sla_expired'],
      ['sla-alert', t('2026-04-08T14:00Z'), 'out'],
      ['still-interested', t('2026-04-08T14:00Z'), 'out'],
      ['wait-3d', t('2026-04-08T14:00Z'), 'out'],
      // Three days later is a Saturday: the second handoff waits for Monday 09:00.
      ['next-weekday', t('2026-04-11T14:00Z'), 'out'],
      ['mark-mql-again', t('2026-04-13T13:00Z'), 'out'],
      ['handoff-2', t('2026-04-13T13:00Z'), 'accepted'],
      ['converted-2', t('2026-04-14T15:00Z'), undefined],
    ]);
    expect(ignored.outcome).toBe('converted');
  });

  it('ignores an answer that comes as the SLA runs out; a second miss escalates to long-term nurture', () => {
    const late = leads['on-the-dot']!;
    expect(sendRows(late)).toEqual([
      [t('2026-04-08T14:00Z'), 'webhook', 'slack-sla-missed', 'sent'],
      [t('2026-04-08T14:00Z'), 'email', 'recycle-still-interested', 'sent'],
      [t('2026-04-15T13:00Z'), 'webhook', 'slack-sla-escalation', 'sent'],
    ]);
    expect(pathRows(late).slice(-3)).toEqual([
      ['handoff-2', t('2026-04-13T13:00Z'), 'sla_expired'],
      ['escalate', t('2026-04-15T13:00Z'), 'out'],
      ['long-term', t('2026-04-15T13:00Z'), undefined],
    ]);
    expect(late.outcome).toBe('long_term_nurture');
  });

  it('nurtures a lead sales recycled for a month, then hands it off a second time', () => {
    const recycled = leads.recycled!;
    expect(sendRows(recycled)).toEqual([
      [t('2026-04-07T16:00Z'), 'email', 'recycle-nurture-story', 'sent'],
      [t('2026-04-21T16:00Z'), 'email', 'recycle-nurture-roi', 'sent'],
      [t('2026-05-08T13:00Z'), 'webhook', 'slack-sla-escalation', 'sent'],
    ]);
    expect(pathRows(recycled)).toEqual([
      ...FIRST_HANDOFF,
      ['handoff-1', t('2026-04-06T14:00Z'), 'recycled'],
      ['mark-recycled', t('2026-04-07T16:00Z'), 'out'],
      ['nurture-1', t('2026-04-07T16:00Z'), 'out'],
      ['wait-2w-a', t('2026-04-07T16:00Z'), 'out'],
      ['nurture-2', t('2026-04-21T16:00Z'), 'out'],
      ['wait-2w-b', t('2026-04-21T16:00Z'), 'out'],
      // Tuesday 5 May at noon: the next weekday 09:00 is Wednesday's.
      ['next-weekday', t('2026-05-05T16:00Z'), 'out'],
      ['mark-mql-again', t('2026-05-06T13:00Z'), 'out'],
      ['handoff-2', t('2026-05-06T13:00Z'), 'sla_expired'],
      ['escalate', t('2026-05-08T13:00Z'), 'out'],
      ['long-term', t('2026-05-08T13:00Z'), undefined],
    ]);
    expect(recycled.outcome).toBe('long_term_nurture');
  });
});

describe('lead recycling example: sales says when to bring the lead back', () => {
  const recycledAt = '2026-04-07T16:00:00Z';
  const back = runScenario(journey, {
    start: '2026-04-06T13:00:00Z',
    until: 'P60D',
    leads: [{ id: 'after-nurture' }, { id: 'during-nurture' }],
    events: [mql('after-nurture'), mql('during-nurture')],
    answers: [
      // Wednesday 20 May, 09:00 in New York: two weeks after the nurture path reaches handoff 2.
      { leadId: 'after-nurture', nodeId: 'handoff-1', answer: 'recycled', at: recycledAt, returnAt: '2026-05-20T13:00:00Z' },
      // A date the month of nurture passes anyway: the lead comes back when the journey brings it.
      { leadId: 'during-nurture', nodeId: 'handoff-1', answer: 'recycled', at: recycledAt, returnAt: '2026-04-20T13:00:00Z' },
      { leadId: 'after-nurture', nodeId: 'handoff-2', answer: 'accepted', at: '2026-05-21T15:00:00Z' },
    ],
  });

  it('keeps nurturing at once, then holds the lead at the next handoff until the return date, when its SLA starts', () => {
    const lead = back['after-nurture']!;
    expect(sendRows(lead).slice(0, 2)).toEqual([
      [t('2026-04-07T16:00Z'), 'email', 'recycle-nurture-story', 'sent'],
      [t('2026-04-21T16:00Z'), 'email', 'recycle-nurture-roi', 'sent'],
    ]);
    expect(pathRows(lead).slice(-3)).toEqual([
      ['mark-mql-again', t('2026-05-06T13:00Z'), 'out'],
      // Entered on 6 May, opened to sales on 20 May; accepted the next day, inside the new SLA.
      ['handoff-2', t('2026-05-06T13:00Z'), 'accepted'],
      ['converted-2', t('2026-05-21T15:00Z'), undefined],
    ]);
    expect(lead.outcome).toBe('converted');
  });

  it('ignores an answer to a handoff still held for its return date', () => {
    const early = runScenario(journey, {
      start: '2026-04-06T13:00:00Z',
      until: 'P60D',
      leads: [{ id: 'eager' }],
      events: [mql('eager')],
      answers: [
        { leadId: 'eager', nodeId: 'handoff-1', answer: 'recycled', at: recycledAt, returnAt: '2026-05-20T13:00:00Z' },
        { leadId: 'eager', nodeId: 'handoff-2', answer: 'accepted', at: '2026-05-07T15:00:00Z' },
      ],
    }).eager!;
    // Not open before 20 May, so the 7 May answer finds nothing; the SLA runs out on 22 May.
    expect(pathRows(early).slice(-3)).toEqual([
      ['handoff-2', t('2026-05-06T13:00Z'), 'sla_expired'],
      ['escalate', t('2026-05-22T13:00Z'), 'out'],
      ['long-term', t('2026-05-22T13:00Z'), undefined],
    ]);
  });

  it('brings the lead back when the journey does if the return date has already passed', () => {
    const lead = back['during-nurture']!;
    expect(pathRows(lead).slice(-3)).toEqual([
      ['handoff-2', t('2026-05-06T13:00Z'), 'sla_expired'],
      ['escalate', t('2026-05-08T13:00Z'), 'out'],
      ['long-term', t('2026-05-08T13:00Z'), undefined],
    ]);
  });
});
