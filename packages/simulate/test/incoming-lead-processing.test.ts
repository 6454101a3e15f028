import { validateJourney } from '@trellis/journey';
import { describe, expect, it } from 'vitest';
import type { SimulateRequest } from '../src/index.js';
import { finalLeads, loadExample, pathRows, runScenario, sendRows, t } from './scenario.js';

/**
 * Playbook 2, incoming lead processing: a lead that fits (company size, industry, seniority)
 * and is either scored 60+ or has looked at pricing twice in two weeks goes straight to inside
 * sales; everyone else is asked for permission to nurture (one of two emails, A/B tested, and a
 * reminder after a week), and a yes sends them to a nurture track chosen by fit. Chicago time,
 * quiet 20:00–08:00.
 */
const journey = loadExample('incoming-lead-processing');

const fitAttributes = (size: number, industry: string, seniority?: string) => ({
  company: { size },
  industry,
  ...(seniority ? { seniority } : {}),
});
const pricingVisit = (leadId: string, at: string) => ({
  leadId,
  type: 'page_visited',
  at,
  props: { url: 'https://trellis.example/pricing' },
});
const created = (leadId: string, at = '2026-03-02T15:00:00Z') => ({ leadId, type: 'lead_created', at });

describe('incoming lead processing example', () => {
  it('is a valid journey with nothing to warn about', () => {
    expect(validateJourney(journey)).toEqual([]);
  });

  describe('sales-ready leads go straight to sales', () => {
    const leads = runScenario(journey, {
      start: '2026-03-02T14:00:00Z',
      until: 'P20D',
      leads: [
        { id: 'hot-vp', score: 70, attributes: fitAttributes(500, 'software', 'vp') },
        { id: 'pricing-browser', score: 15, attributes: fitAttributes(1200, 'fintech', 'director') },
      ],
      events: [
        // Anonymous visits before the lead was created: history the branch reads.
        pricingVisit('pricing-browser', '2026-02-26T17:00:00Z'),
        pricingVisit('pricing-browser', '2026-03-01T18:00:00Z'),
        created('hot-vp'),
        created('pricing-browser'),
      ],
      answers: [{ leadId: 'hot-vp', nodeId: 'handoff', answer: 'accepted', at: '2026-03-02T17:30:00Z' }],
    });

    it('hands a high-scoring fit lead to sales at once, and it converts when sales accepts', () => {
      const hot = leads['hot-vp']!;
      expect(hot.outcome).toBe('converted');
      expect(hot.sends).toEqual([]);
      expect(pathRows(hot)).toEqual([
        ['trigger', t('2026-03-02T15:00Z'), 'out'],
        ['sales-ready', t('2026-03-02T15:00Z'), 'sales-ready'],
        ['mark-sql', t('2026-03-02T15:00Z'), 'out'],
        ['handoff', t('2026-03-02T15:00Z'), 'accepted'],
        ['converted', t('2026-03-02T17:30Z'), undefined],
      ]);
    });

    it('hands over a low-scoring fit lead that viewed pricing twice; a missed 4-hour SLA alerts and falls back to the permission ask', () => {
      const browser = leads['pricing-browser']!;
      expect(sendRows(browser)).toEqual([
        [t('2026-03-02T19:00Z'), 'webhook', 'slack-sla-breach', 'sent'],
        [t('2026-03-02T19:00Z'), 'email', 'permission-ask-story', 'sent'],
        // 13:00 Chicago a week later: CDT (UTC−5) since 8 March.
        [t('2026-03-09T18:00Z'), 'email', 'permission-reminder', 'sent'],
      ]);
      expect(pathRows(browser).slice(1, 6)).toEqual([
        ['sales-ready', t('2026-03-02T15:00Z'), 'sales-ready'],
        ['mark-sql', t('2026-03-02T15:00Z'), 'out'],
        ['handoff', t('2026-03-02T15:00Z'), 'sla_expired'],
        ['sla-alert', t('2026-03-02T19:00Z'), 'out'],
        ['opted-in', t('2026-03-02T19:00Z'), 'else'],
      ]);
      expect(browser.outcome).toBe('no_permission');
    });
  });

  describe('everyone else is asked for permission to nurture', () => {
    const scenario: Omit<SimulateRequest, 'journey'> = {
      start: '2026-03-02T14:00:00Z',
      until: 'P20D',
      leads: [
        { id: 'fit-but-cold', score: 30, attributes: fitAttributes(300, 'software', 'director') },
        { id: 'small-shop', score: 5, attributes: fitAttributes(12, 'retail') },
        { id: 'newsletter-fan', consent: { email: 'opted_in' }, attributes: fitAttributes(8, 'education') },
        { id: 'night-signup', attributes: fitAttributes(60, 'retail') },
      ],
      events: [
        // One pricing visit is not enough to skip nurture.
        pricingVisit('fit-but-cold', '2026-03-01T18:00:00Z'),
        created('fit-but-cold'),
        created('small-shop'),
        created('newsletter-fan'),
        // Monday 21:30 in Chicago.
        created('night-signup', '2026-03-03T03:30:00Z'),
        // A click on another link does not answer the permission ask; the yes link does.
        { leadId: 'fit-but-cold', type: 'email_clicked', at: '2026-03-03T15:30:00Z', props: { url: 'https://trellis.example/blog/nurture-101' } },
        { leadId: 'fit-but-cold', type: 'email_clicked', at: '2026-03-03T16:00:00Z', props: { url: 'https://trellis.example/subscribe/yes?lead=fit-but-cold' } },
        { leadId: 'night-signup', type: 'unsubscribed', at: '2026-03-04T15:00:00Z' },
      ],
    };
    const leads = runScenario(journey, scenario);

    it('sends a lead that says yes to the good-fit nurture track the moment it clicks', () => {
      const lead = leads['fit-but-cold']!;
      expect(sendRows(lead)).toEqual([[t('2026-03-02T15:00Z'), 'email', 'permission-ask-story', 'sent']]);
      expect(pathRows(lead)).toEqual([
        ['trigger', t('2026-03-02T15:00Z'), 'out'],
        ['sales-ready', t('2026-03-02T15:00Z'), 'else'],
        ['opted-in', t('2026-03-02T15:00Z'), 'else'],
        ['permission-test', t('2026-03-02T15:00Z'), 'B'],
        ['ask-permission-story', t('2026-03-02T15:00Z'), 'out'],
        ['wait-yes', t('2026-03-02T15:00Z'), 'event'],
        ['record-opt-in', t('2026-03-03T16:00Z'), 'out'],
        ['track', t('2026-03-03T16:00Z'), 'good-fit'],
        ['fit-track', t('2026-03-03T16:00Z'), 'out'],
        ['nurture-fit', t('2026-03-03T16:00Z'), undefined],
      ]);
      expect(lead.outcome).toBe('nurture');
    });

    it("records the yes click as the lead's email opt-in, and no consent for a lead that never said yes", () => {
      const final = finalLeads(journey, scenario);
      expect(final['fit-but-cold']!.consent).toEqual({ email: 'opted_in' });
      expect(final['small-shop']!.consent).toEqual({});
      expect(final['newsletter-fan']!.consent).toEqual({ email: 'opted_in' });
    });

    it('sends the short permission email (variant A) to some leads and the story (B) to others', () => {
      expect(pathRows(leads['small-shop']!)[3]).toEqual(['permission-test', t('2026-03-02T15:00Z'), 'A']);
      expect(sendRows(leads['small-shop']!)[0]).toEqual([t('2026-03-02T15:00Z'), 'email', 'permission-ask', 'sent']);
    });

    it('reminds a silent lead after a week and gives up after two, at the same local hour across DST', () => {
      const lead = leads['small-shop']!;
      expect(sendRows(lead)).toEqual([
        [t('2026-03-02T15:00Z'), 'email', 'permission-ask', 'sent'],
        [t('2026-03-09T14:00Z'), 'email', 'permission-reminder', 'sent'],
      ]);
      expect(pathRows(lead).slice(-3)).toEqual([
        ['wait-yes-again', t('2026-03-09T14:00Z'), 'timeout'],
        ['no-permission', t('2026-03-16T14:00Z'), 'out'],
        ['exit-no-permission', t('2026-03-16T14:00Z'), undefined],
      ]);
      expect(lead.outcome).toBe('no_permission');
    });

    it('skips the ask for a lead already opted in and files a poor fit under general nurture', () => {
      const lead = leads['newsletter-fan']!;
      expect(lead.sends).toEqual([]);
      expect(pathRows(lead)).toEqual([
        ['trigger', t('2026-03-02T15:00Z'), 'out'],
        ['sales-ready', t('2026-03-02T15:00Z'), 'else'],
        ['opted-in', t('2026-03-02T15:00Z'), 'opted-in'],
        ['track', t('2026-03-02T15:00Z'), 'else'],
        ['general-track', t('2026-03-02T15:00Z'), 'out'],
        ['nurture-general', t('2026-03-02T15:00Z'), undefined],
      ]);
      expect(lead.outcome).toBe('nurture');
    });

    it('holds a night-time ask until 08:00 and lets the lead leave when it unsubscribes', () => {
      const lead = leads['night-signup']!;
      expect(sendRows(lead)).toEqual([[t('2026-03-03T14:00Z'), 'email', 'permission-ask-story', 'sent']]);
      expect(pathRows(lead).slice(-2)).toEqual([
        ['ask-permission-story', t('2026-03-03T03:30Z'), 'out'],
        ['wait-yes', t('2026-03-03T14:00Z'), undefined],
      ]);
      expect(lead.outcome).toBe('exited');
    });
  });

  it('splits new leads evenly between the permission emails, each lead the same way on every run', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `inbound-${i + 1}`);
    const scenario = {
      start: '2026-03-02T14:00:00Z',
      until: 'P1D',
      leads: ids.map((id) => ({ id })),
      events: ids.map((id) => created(id)),
    };
    const variantOf = (run: ReturnType<typeof runScenario>) => ids.map((id) => run[id]!.sends[0]!.template);
    const first = variantOf(runScenario(journey, scenario));
    expect(first.filter((template) => template === 'permission-ask')).toHaveLength(99);
    expect(first.filter((template) => template === 'permission-ask-story')).toHaveLength(101);
    expect(variantOf(runScenario(journey, scenario))).toEqual(first);
  });
});
