import { journeySchema, validateJourney, type SendNode } from '@trellis/journey';
import { describe, expect, it } from 'vitest';
import type { SimulatedLead } from '../src/index.js';
import { loadExample, pathRows, runScenario, t } from './scenario.js';

/**
 * Playbook 3, stay-in-touch drip: every lead in stage `nurture` gets an email every two weeks,
 * chosen by buying stage (early, middle, late; early when unknown) and role (technical,
 * executive; executive when unknown), signed by its owner at score 50 or more and by the team
 * below. Los Angeles time, weekdays 09:00–17:00. A demo request is the goal; leaving the
 * nurture stage or unsubscribing ends it.
 */
const journey = loadExample('stay-in-touch-drip');
const sendNodes = new Map(
  journeySchema
    .parse(journey)
    .nodes.filter((n): n is SendNode => n.type === 'send')
    .map((n) => [n.id, n]),
);

/** Each email as `[at, template, signed by]`: the simulator reports the node, the journey says who signs it. */
function emails(lead: SimulatedLead): [string, string, 'owner' | 'team'][] {
  return lead.sends.map((s) => {
    expect(s).toMatchObject({ channel: 'email', status: 'sent' });
    return [s.at, s.template, sendNodes.get(s.nodeId)!.data.sender === 'owner' ? 'owner' : 'team'];
  });
}

// Tuesday 3 March 2026, 09:00 in Los Angeles (PST, UTC−8); PDT (UTC−7) from 8 March.
const leads = runScenario(journey, {
  start: '2026-03-03T17:00:00Z',
  until: 'P45D',
  leads: [
    { id: 'cto', stage: 'nurture', score: 80, attributes: { buyingStage: 'early', role: 'technical' } },
    { id: 'vp-ops', stage: 'nurture', score: 20, attributes: { buyingStage: 'middle', role: 'executive' } },
    { id: 'cfo', stage: 'nurture', score: 50, attributes: { buyingStage: 'late', role: 'executive' } },
    { id: 'unknown', stage: 'nurture' },
    { id: 'weekend', stage: 'mql', score: 10, attributes: { buyingStage: 'late', role: 'technical' } },
    { id: 'demo', stage: 'nurture', score: 30, attributes: { buyingStage: 'middle', role: 'technical' } },
    { id: 'to-sales', stage: 'nurture', score: 30, attributes: { buyingStage: 'early', role: 'executive' } },
  ],
  events: [
    { leadId: 'cto', type: 'lead_updated', at: '2026-03-10T18:00:00Z', props: { attributes: { buyingStage: 'middle' } } },
    { leadId: 'vp-ops', type: 'lead_updated', at: '2026-03-12T18:00:00Z', props: { score: 65 } },
    // Saturday 7 March, noon.
    { leadId: 'weekend', type: 'lead_updated', at: '2026-03-07T20:00:00Z', props: { stage: 'nurture' } },
    { leadId: 'demo', type: 'form_submitted', at: '2026-03-09T18:00:00Z', props: { form: 'demo-request' } },
    { leadId: 'to-sales', type: 'lead_updated', at: '2026-03-20T18:00:00Z', props: { stage: 'sql' } },
  ],
});

describe('stay-in-touch drip example', () => {
  it('is a valid journey with nothing to warn about', () => {
    expect(validateJourney(journey)).toEqual([]);
  });

  it('follows a hot technical lead from early to middle-stage content, signed by its owner, every two weeks at 09:00 local', () => {
    expect(emails(leads.cto!)).toEqual([
      [t('2026-03-03T17:00Z'), 'drip-early-technical-from-owner', 'owner'],
      [t('2026-03-17T16:00Z'), 'drip-middle-technical-from-owner', 'owner'],
      [t('2026-03-31T16:00Z'), 'drip-middle-technical-from-owner', 'owner'],
      [t('2026-04-14T16:00Z'), 'drip-middle-technical-from-owner', 'owner'],
    ]);
    expect(leads.cto!.outcome).toBeNull();
  });

  it('switches an executive from the team sender to the owner once its score reaches the threshold', () => {
    expect(emails(leads['vp-ops']!)).toEqual([
      [t('2026-03-03T17:00Z'), 'drip-middle-executive', 'team'],
      [t('2026-03-17T16:00Z'), 'drip-middle-executive-from-owner', 'owner'],
      [t('2026-03-31T16:00Z'), 'drip-middle-executive-from-owner', 'owner'],
      [t('2026-04-14T16:00Z'), 'drip-middle-executive-from-owner', 'owner'],
    ]);
  });

  it('treats a score of exactly 50 as personal, and a lead with no stage or role as an early-stage executive', () => {
    expect(emails(leads.cfo!)[0]).toEqual([t('2026-03-03T17:00Z'), 'drip-late-executive-from-owner', 'owner']);
    expect(emails(leads.unknown!)).toEqual([
      [t('2026-03-03T17:00Z'), 'drip-early-executive', 'team'],
      [t('2026-03-17T16:00Z'), 'drip-early-executive', 'team'],
      [t('2026-03-31T16:00Z'), 'drip-early-executive', 'team'],
      [t('2026-04-14T16:00Z'), 'drip-early-executive', 'team'],
    ]);
    expect(pathRows(leads.unknown!).slice(0, 4)).toEqual([
      ['trigger', t('2026-03-03T17:00Z'), 'out'],
      ['stage', t('2026-03-03T17:00Z'), 'else'],
      ['early-role', t('2026-03-03T17:00Z'), 'else'],
      ['early-executive-sender', t('2026-03-03T17:00Z'), 'else'],
    ]);
  });

  it('enters a lead that moves to nurture on a Saturday and holds its first email for Monday 09:00', () => {
    const lead = leads.weekend!;
    expect(emails(lead)).toEqual([
      [t('2026-03-09T16:00Z'), 'drip-late-technical', 'team'],
      [t('2026-03-23T16:00Z'), 'drip-late-technical', 'team'],
      [t('2026-04-06T16:00Z'), 'drip-late-technical', 'team'],
    ]);
    expect(pathRows(lead).slice(0, 6)).toEqual([
      ['trigger', t('2026-03-07T20:00Z'), 'out'],
      ['stage', t('2026-03-07T20:00Z'), 'late'],
      ['late-role', t('2026-03-07T20:00Z'), 'technical'],
      ['late-technical-sender', t('2026-03-07T20:00Z'), 'else'],
      ['late-technical-team', t('2026-03-07T20:00Z'), 'out'],
      ['wait-2w', t('2026-03-09T16:00Z'), 'out'],
    ]);
  });

  it('ends at the goal when the lead requests a demo, and exits when sales moves it out of nurture', () => {
    const demo = runScenario(journey, {
      start: '2026-03-03T17:00:00Z',
      until: 'P30D',
      leads: [{ id: 'demo', stage: 'nurture', score: 30, attributes: { buyingStage: 'middle', role: 'technical' } }],
      events: [{ leadId: 'demo', type: 'form_submitted', at: '2026-03-09T18:00:00Z', props: { form: 'demo-request' } }],
    }).demo!;
    expect(demo.outcome).toBe('goal');
    expect(emails(demo)).toEqual([[t('2026-03-03T17:00Z'), 'drip-middle-technical', 'team']]);
    // Still in nurture when its 30-day pause ends (8 April), it comes back into the drip.
    expect(emails(leads.demo!)).toEqual([
      [t('2026-03-03T17:00Z'), 'drip-middle-technical', 'team'],
      [t('2026-04-08T18:00Z'), 'drip-middle-technical', 'team'],
    ]);
    expect(leads['to-sales']!.outcome).toBe('exited');
    expect(emails(leads['to-sales']!)).toEqual([
      [t('2026-03-03T17:00Z'), 'drip-early-executive', 'team'],
      [t('2026-03-17T16:00Z'), 'drip-early-executive', 'team'],
    ]);
  });

  it('takes a lead back into the drip when it returns to nurture after the 30-day re-entry pause', () => {
    const again = runScenario(journey, {
      start: '2026-03-03T17:00:00Z',
      until: 'P60D',
      leads: [{ id: 'returns', stage: 'nurture', score: 30, attributes: { buyingStage: 'early', role: 'executive' } }],
      events: [
        { leadId: 'returns', type: 'lead_updated', at: '2026-03-20T18:00:00Z', props: { stage: 'sql' } },
        // 32 days later, sales hands it back, now late in its buying.
        {
          leadId: 'returns',
          type: 'lead_updated',
          at: '2026-04-21T18:00:00Z',
          props: { stage: 'nurture', attributes: { buyingStage: 'late' } },
        },
      ],
    }).returns!;
    expect(emails(again)).toEqual([
      [t('2026-03-03T17:00Z'), 'drip-early-executive', 'team'],
      [t('2026-03-17T16:00Z'), 'drip-early-executive', 'team'],
      [t('2026-04-21T18:00Z'), 'drip-late-executive', 'team'],
    ]);
    expect(pathRows(again).slice(-7)).toEqual([
      ['wait-2w', t('2026-03-17T16:00Z'), undefined],
      ['trigger', t('2026-04-21T18:00Z'), 'out'],
      ['stage', t('2026-04-21T18:00Z'), 'late'],
      ['late-role', t('2026-04-21T18:00Z'), 'else'],
      ['late-executive-sender', t('2026-04-21T18:00Z'), 'else'],
      ['late-executive-team', t('2026-04-21T18:00Z'), 'out'],
      ['wait-2w', t('2026-04-21T18:00Z'), undefined],
    ]);
    // The second run is still going; the first ended `exited` on 20 March.
    expect(again.outcome).toBeNull();
  });

  it('re-enters a lead that came back to nurture during its 30-day pause once the pause ends', () => {
    // Sales took it on 20 March (stage sql: exit criteria), handed it back on 27 March; the
    // pause ends 19 April 18:00 (a Sunday), and the first email waits for Monday 09:00 PDT.
    const back = runScenario(journey, {
      start: '2026-03-03T17:00:00Z',
      until: 'P50D',
      leads: [{ id: 'back', stage: 'nurture', score: 30, attributes: { buyingStage: 'early', role: 'executive' } }],
      events: [
        { leadId: 'back', type: 'lead_updated', at: '2026-03-20T18:00:00Z', props: { stage: 'sql' } },
        { leadId: 'back', type: 'lead_updated', at: '2026-03-27T18:00:00Z', props: { stage: 'nurture' } },
      ],
    }).back!;
    const entries = back.path.filter((step) => step.nodeId === back.path[0]!.nodeId).map((step) => step.at);
    expect(entries).toEqual([t('2026-03-03T17:00Z'), t('2026-04-19T18:00Z')]);
    expect(emails(back).at(-1)).toEqual([t('2026-04-20T16:00Z'), 'drip-early-executive', 'team']);
  });
});
