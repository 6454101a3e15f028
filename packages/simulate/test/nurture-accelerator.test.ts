import { validateJourney } from '@trellis/journey';
import { describe, expect, it } from 'vitest';
import { loadExample, pathRows, runScenario, sendRows, t, type SendRow } from './scenario.js';

/**
 * Playbook 4, the accelerator: a week after joining, and after every round, the lead's recent
 * behaviour picks its track. Hot (two pricing visits, a webinar, or three downloads in the last
 * week) adds 20 to the score and sends two emails in a week, handing the lead to sales once the
 * score reaches 80; warm (any engagement in three weeks) gets one email a week; silence takes 5
 * off and sends a digest every three weeks, or as soon as the lead visits the site again.
 * London time (BST from 29 March), quiet 20:00–08:00.
 */
const journey = loadExample('nurture-accelerator');

const joined = (leadId: string) => ({ leadId, type: 'nurture_started', at: '2026-03-16T09:00:00Z' });
const visit = (leadId: string, at: string, path = '/pricing') => ({
  leadId,
  type: 'page_visited',
  at,
  props: { url: `https://trellis.example${path}` },
});
const download = (leadId: string, at: string, asset: string) => ({ leadId, type: 'content_downloaded', at, props: { asset } });
const email = (at: string, template: string): SendRow => [at, 'email', template, 'sent'];

const WELCOME = email(t('2026-03-16T09:00Z'), 'accel-welcome');

// Monday 16 March 2026, 09:00 in London (GMT).
const leads = runScenario(journey, {
  start: '2026-03-16T09:00:00Z',
  until: 'P60D',
  leads: [
    { id: 'webinar-fan', score: 45 },
    { id: 'almost-ready', score: 60 },
    { id: 'download-binger', score: 10 },
    { id: 'ghost', score: 20 },
    { id: 'wakes-up', score: 20 },
  ],
  events: [
    joined('webinar-fan'),
    joined('almost-ready'),
    joined('download-binger'),
    joined('ghost'),
    joined('wakes-up'),
    { leadId: 'webinar-fan', type: 'webinar_attended', at: '2026-03-19T15:00:00Z', props: { webinar: 'scoring-101' } },
    { leadId: 'almost-ready', type: 'webinar_attended', at: '2026-03-19T15:00:00Z', props: { webinar: 'scoring-101' } },
    download('download-binger', '2026-03-20T10:00:00Z', 'nurture-playbook.pdf'),
    download('download-binger', '2026-03-21T10:00:00Z', 'lead-scoring-template.xlsx'),
    download('download-binger', '2026-03-22T10:00:00Z', 'benchmark-report.pdf'),
    // An open does not end the slow track's wait; only a site visit does.
    { leadId: 'wakes-up', type: 'email_opened', at: '2026-03-25T12:00:00Z', props: { template: 'accel-slow-digest' } },
    visit('webinar-fan', '2026-03-27T10:00:00Z'),
    visit('webinar-fan', '2026-03-28T11:00:00Z', '/pricing/enterprise'),
    visit('wakes-up', '2026-04-01T14:00:00Z'),
    visit('wakes-up', '2026-04-06T10:00:00Z'),
    visit('wakes-up', '2026-04-07T10:00:00Z', '/pricing/enterprise'),
    { leadId: 'ghost', type: 'unsubscribed', at: '2026-04-20T10:00:00Z' },
  ],
});

describe('nurture accelerator example', () => {
  it('is a valid journey with nothing to warn about', () => {
    expect(validateJourney(journey)).toEqual([]);
  });

  it('speeds up a webinar attendee and hands it to sales when pricing visits lift its score past 80', () => {
    const fan = leads['webinar-fan']!;
    expect(sendRows(fan)).toEqual([
      WELCOME,
      email(t('2026-03-23T09:00Z'), 'accel-fast-case-study'),
      email(t('2026-03-26T09:00Z'), 'accel-fast-demo-invite'),
    ]);
    expect(pathRows(fan).slice(3)).toEqual([
      ['engagement', t('2026-03-23T09:00Z'), 'hot'],
      ['boost', t('2026-03-23T09:00Z'), 'out'],
      // 45 + 20 = 65: not yet.
      ['sales-ready', t('2026-03-23T09:00Z'), 'else'],
      ['fast-1', t('2026-03-23T09:00Z'), 'out'],
      ['fast-wait-3d', t('2026-03-23T09:00Z'), 'out'],
      ['fast-2', t('2026-03-26T09:00Z'), 'out'],
      ['fast-wait-4d', t('2026-03-26T09:00Z'), 'out'],
      // 09:00 London is 08:00 UTC once summer time starts.
      ['engagement', t('2026-03-30T08:00Z'), 'hot'],
      ['boost', t('2026-03-30T08:00Z'), 'out'],
      // 65 + 20 = 85.
      ['sales-ready', t('2026-03-30T08:00Z'), 'ready'],
      ['mark-mql', t('2026-03-30T08:00Z'), 'out'],
      ['to-sales', t('2026-03-30T08:00Z'), undefined],
    ]);
    expect(fan.outcome).toBe('sales_ready');
  });

  it('hands a lead already at 60 to sales at its first hot check', () => {
    const lead = leads['almost-ready']!;
    expect(sendRows(lead)).toEqual([WELCOME]);
    expect(pathRows(lead).slice(3)).toEqual([
      ['engagement', t('2026-03-23T09:00Z'), 'hot'],
      ['boost', t('2026-03-23T09:00Z'), 'out'],
      ['sales-ready', t('2026-03-23T09:00Z'), 'ready'],
      ['mark-mql', t('2026-03-23T09:00Z'), 'out'],
      ['to-sales', t('2026-03-23T09:00Z'), undefined],
    ]);
    expect(lead.outcome).toBe('sales_ready');
  });

  it('slows a download binge down step by step as it goes quiet: fast, then weekly, then every three weeks', () => {
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
    expect(pathRows(binger).filter(([nodeId]) => nodeId === 'engagement')).toEqual([
      ['engagement', t('2026-03-23T09:00Z'), 'hot'],
      ['engagement', t('2026-03-30T08:00Z'), 'warm'],
      ['engagement', t('2026-04-06T08:00Z'), 'warm'],
      ['engagement', t('2026-04-13T08:00Z'), 'else'],
      ['engagement', t('2026-05-04T08:00Z'), 'else'],
    ]);
    expect(binger.outcome).toBeNull();
  });

  it('puts a silent lead on the three-weekly digest until it unsubscribes', () => {
    const ghost = leads.ghost!;
    expect(sendRows(ghost)).toEqual([
      WELCOME,
      email(t('2026-03-23T09:00Z'), 'accel-slow-digest'),
      email(t('2026-04-13T08:00Z'), 'accel-slow-digest'),
    ]);
    expect(ghost.outcome).toBe('exited');
  });

  it('brings a silent lead back the moment it visits the site, and speeds it up after two pricing visits', () => {
    const lead = leads['wakes-up']!;
    expect(sendRows(lead)).toEqual([
      WELCOME,
      email(t('2026-03-23T09:00Z'), 'accel-slow-digest'),
      email(t('2026-04-01T14:00Z'), 'accel-weekly-insight'),
      email(t('2026-04-08T14:00Z'), 'accel-fast-case-study'),
      email(t('2026-04-11T14:00Z'), 'accel-fast-demo-invite'),
      email(t('2026-04-15T14:00Z'), 'accel-weekly-insight'),
      email(t('2026-04-22T14:00Z'), 'accel-weekly-insight'),
      email(t('2026-04-29T14:00Z'), 'accel-slow-digest'),
    ]);
    expect(pathRows(lead).slice(6, 8)).toEqual([
      ['slow-wait', t('2026-03-23T09:00Z'), 'event'],
      ['engagement', t('2026-04-01T14:00Z'), 'warm'],
    ]);
    expect(lead.outcome).toBeNull();
  });
});
