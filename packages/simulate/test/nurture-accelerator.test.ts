import { readFileSync } from 'node:fs';
import { validateJourney } from '@trellis/journey';
import { describe, expect, it } from 'vitest';
import { finalLeads, loadExample, pathRows, runScenario, sendRows, t, type SendRow } from './scenario.js';

/**
 * Playbook 4, the accelerator: a lead enters when the example scoring model
 * (examples/scoring/model.json) takes its score to 50, the model's MQL threshold. A week later,
 * and after every round, its recent behaviour picks its track. Hot (two pricing visits, a
 * webinar, or three downloads in the last week) adds 20 to the score and sends two emails in a
 * week, handing the lead to sales once the score reaches 80; warm (any engagement in three
 * weeks) gets one email a week; silence takes 5 off and sends a digest every three weeks, or as
 * soon as the lead visits the site again. The model scores every event as well: its points and
 * the journey's add up. London time (BST from 29 March), quiet 20:00–08:00.
 */
const journey = loadExample('nurture-accelerator');
const model = JSON.parse(readFileSync(new URL('../../../examples/scoring/model.json', import.meta.url), 'utf8')) as unknown;

/** 35 points of fit in the model: 200+ people, software, a director. */
const FIT = { company: { size: 250 }, industry: 'software', seniority: 'director' };
const visit = (leadId: string, at: string, path = '/pricing') => ({
  leadId,
  type: 'page_visited',
  at,
  props: { url: `https://trellis.example${path}` },
});
const download = (leadId: string, at: string, asset: string) => ({ leadId, type: 'content_downloaded', at, props: { asset } });
const demoRequest = (leadId: string, at: string) => ({ leadId, type: 'form_submitted', at, props: { form: 'demo-request' } });
const email = (at: string, template: string): SendRow => [at, 'email', template, 'sent'];

const WELCOME = email(t('2026-03-16T09:00Z'), 'accel-welcome');
const ENTERED = [
  ['trigger', t('2026-03-16T09:00Z'), 'out'],
  ['welcome', t('2026-03-16T09:00Z'), 'out'],
  ['first-week', t('2026-03-16T09:00Z'), 'out'],
];

// Monday 16 March 2026, 09:00 in London (GMT): each lead's score reaches 50 then, by the model.
const scenario = {
  start: '2026-03-16T09:00:00Z',
  until: 'P60D',
  scoring: model,
  leads: [
    { id: 'webinar-fan', attributes: FIT },
    { id: 'download-binger', attributes: FIT },
    // 10 points of fit (software): a demo request (+40) makes 50.
    { id: 'ghost', attributes: { industry: 'software' } },
    { id: 'wakes-up', attributes: { industry: 'software' } },
    { id: 'browser', attributes: FIT },
  ],
  events: [
    // 35 + a pricing visit (15) = 50.
    visit('webinar-fan', '2026-03-16T09:00:00Z'),
    // 35 + three downloads (5 each, at most 15 a month) = 50.
    download('download-binger', '2026-03-16T08:00:00Z', 'checklist.pdf'),
    download('download-binger', '2026-03-16T08:30:00Z', 'roi-calculator.xlsx'),
    download('download-binger', '2026-03-16T09:00:00Z', 'buyers-guide.pdf'),
    demoRequest('ghost', '2026-03-16T09:00:00Z'),
    demoRequest('wakes-up', '2026-03-16T09:00:00Z'),
    // A blog visit scores nothing: 35, short of 50.
    visit('browser', '2026-03-16T09:00:00Z', '/blog'),
    { leadId: 'webinar-fan', type: 'webinar_attended', at: '2026-03-19T15:00:00Z', props: { webinar: 'scoring-101' } },
    download('download-binger', '2026-03-20T10:00:00Z', 'nurture-playbook.pdf'),
    download('download-binger', '2026-03-21T10:00:00Z', 'lead-scoring-template.xlsx'),
    download('download-binger', '2026-03-22T10:00:00Z', 'benchmark-report.pdf'),
    // An open does not end the slow track's wait; only a site visit does.
    { leadId: 'wakes-up', type: 'email_opened', at: '2026-03-25T12:00:00Z', props: { template: 'accel-slow-digest' } },
    visit('wakes-up', '2026-04-01T14:00:00Z', '/blog'),
    visit('wakes-up', '2026-04-06T10:00:00Z'),
    visit('wakes-up', '2026-04-07T10:00:00Z', '/pricing/enterprise'),
    { leadId: 'ghost', type: 'unsubscribed', at: '2026-04-20T10:00:00Z' },
  ],
};
const leads = runScenario(journey, scenario as never);
const final = finalLeads(journey, scenario as never);

describe('nurture accelerator example', () => {
  it('is a valid journey with nothing to warn about', () => {
    expect(validateJourney(journey)).toEqual([]);
  });

  it('enters a lead when the model takes its score to 50, and not one the model leaves short of it', () => {
    for (const id of ['webinar-fan', 'download-binger', 'ghost', 'wakes-up']) expect(pathRows(leads[id]!).slice(0, 3)).toEqual(ENTERED);
    expect(leads.browser!.path).toEqual([]);
    expect(final.browser!.score).toBe(35);
  });

  it('hands a webinar attendee to sales at its first hot check: 50, the webinar 60, the journey\'s +20 makes 80', () => {
    const fan = leads['webinar-fan']!;
    expect(sendRows(fan)).toEqual([WELCOME]);
    expect(pathRows(fan).slice(3)).toEqual([
      ['engagement', t('2026-03-23T09:00Z'), 'hot'],
      ['boost', t('2026-03-23T09:00Z'), 'out'],
      ['sales-ready', t('2026-03-23T09:00Z'), 'ready'],
      ['mark-mql', t('2026-03-23T09:00Z'), 'out'],
      ['to-sales', t('2026-03-23T09:00Z'), undefined],
    ]);
    expect(fan.outcome).toBe('sales_ready');
    // The model's threshold (sql at 80) raised the stage again after the journey set mql.
    expect(final['webinar-fan']!.stage).toBe('sql');
  });

  it('slows a download binge down step by step as it goes quiet: fast (downloads past the model\'s cap score nothing: 70), then weekly, then every three weeks', () => {
    const binger = leads['download-binger']!;
    expect(sendRows(binger)).toEqual([
      WELCOME,
      email(t('2026-03-23T09:00Z'), 'accel-fast-case-study'),
      email(t('2026-03-26T09:00Z'), 'accel-fast-demo-invite'),
      email(t('2026-03-30T08:00Z'), 'accel-weekly-insight'),
      email(t('2026-04-06T08:00Z'), 'accel-weekly-insight'),
      email(t('2026-04-13T08:00Z'), 'accel-slow-digest'),
      email(t('2026-05-04T08:00Z'), 'accel-slow-digest'),
    ]);
    expect(pathRows(binger).slice(3, 6)).toEqual([
      ['engagement', t('2026-03-23T09:00Z'), 'hot'],
      ['boost', t('2026-03-23T09:00Z'), 'out'],
      ['sales-ready', t('2026-03-23T09:00Z'), 'else'],
    ]);
    expect(pathRows(binger).filter(([nodeId]) => nodeId === 'engagement')).toEqual([
      ['engagement', t('2026-03-23T09:00Z'), 'hot'],
      ['engagement', t('2026-03-30T08:00Z'), 'warm'],
      ['engagement', t('2026-04-06T08:00Z'), 'warm'],
      ['engagement', t('2026-04-13T08:00Z'), 'else'],
      ['engagement', t('2026-05-04T08:00Z'), 'else'],
    ]);
    expect(binger.outcome).toBeNull();
  });

  it('puts a lead silent after its demo request on the three-weekly digest until it unsubscribes', () => {
    const ghost = leads.ghost!;
    expect(sendRows(ghost)).toEqual([
      WELCOME,
      email(t('2026-03-23T09:00Z'), 'accel-slow-digest'),
      email(t('2026-04-13T08:00Z'), 'accel-slow-digest'),
    ]);
    expect(ghost.outcome).toBe('exited');
  });

  it('brings a silent lead back the moment it visits the site, and hands it to sales after two pricing visits', () => {
    const lead = leads['wakes-up']!;
    expect(sendRows(lead)).toEqual([WELCOME, email(t('2026-03-23T09:00Z'), 'accel-slow-digest'), email(t('2026-04-01T14:00Z'), 'accel-weekly-insight')]);
    expect(pathRows(lead).slice(6)).toEqual([
      ['slow-wait', t('2026-03-23T09:00Z'), 'event'],
      ['engagement', t('2026-04-01T14:00Z'), 'warm'],
      ['steady', t('2026-04-01T14:00Z'), 'out'],
      ['standard', t('2026-04-01T14:00Z'), 'out'],
      ['standard-wait', t('2026-04-01T14:00Z'), 'out'],
      // 50, −5 for the slow track, +30 for the two pricing visits, +20 for the hot round: 95.
      ['engagement', t('2026-04-08T14:00Z'), 'hot'],
      ['boost', t('2026-04-08T14:00Z'), 'out'],
      ['sales-ready', t('2026-04-08T14:00Z'), 'ready'],
      ['mark-mql', t('2026-04-08T14:00Z'), 'out'],
      ['to-sales', t('2026-04-08T14:00Z'), undefined],
    ]);
    expect(lead.outcome).toBe('sales_ready');
  });
});
