import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderAs } from '../people/test-render.js';
import { ScoreCard } from '../people/ScoreCard.js';
import { ScoringPage } from './ScoringPage.js';

const model = {
  rules: [
    { id: 'saas', label: 'SaaS company', points: 10, on: { condition: { attr: 'industry', op: 'eq', value: 'saas' } } },
    { id: 'pricing', label: 'Pricing page', points: 15, on: { event: 'page_visited', where: { url: { op: 'contains', value: '/pricing' } } }, max: { points: 30, per: 'P7D' } },
  ],
  decay: { points: 5, every: 'P14D' },
  thresholds: [{ score: 50, stage: 'mql' }],
};
const running = { version: 2, updatedAt: null, updatedBy: 'm', rescore: { id: 'r', modelVersion: 2, status: 'running', total: 200, done: 50, createdAt: '2026-03-02T09:00:00Z', finishedAt: null } };

describe('the scoring page', () => {
  it('shows behaviour and fit rules, decay, thresholds and the re-score bar; an edit that breaks the model is marked at its field and cannot be saved', () => {
    renderAs('marketer', <ScoringPage />, [
      [['scoring'], model],
      [['scoring', 'status'], running],
    ]);
    expect(screen.getByRole('progressbar', { name: 'Re-score progress' })).toHaveAttribute('aria-valuenow', '25');
    expect(screen.getByTestId('rescore-status')).toHaveTextContent('Re-scoring every lead: 50 of 200');
    const behaviour = screen.getByRole('region', { name: 'Behaviour rules' });
    expect(within(behaviour).getByLabelText('Event type')).toHaveValue('page_visited');
    expect(within(behaviour).getByLabelText('Property value')).toHaveValue('/pricing');
    expect(within(behaviour).getByLabelText('Cap points')).toHaveValue(30);
    const fit = screen.getByRole('region', { name: 'Fit rules' });
    expect(within(fit).getByLabelText('Rule name')).toHaveValue('SaaS company');
    expect(screen.getByLabelText('Decay period')).toHaveValue('P14D');
    expect(screen.getByLabelText('Threshold stage')).toHaveValue('mql');

    const save = screen.getByRole('button', { name: 'Save and re-score every lead' });
    expect(save).toBeDisabled(); // nothing changed yet
    fireEvent.change(within(behaviour).getByLabelText('Cap window'), { target: { value: 'weekly' } });
    expect(within(behaviour).getByText('must be an ISO 8601 duration such as P7D or PT12H')).toBeInTheDocument();
    expect(save).toBeDisabled();
    fireEvent.change(within(behaviour).getByLabelText('Cap window'), { target: { value: 'P1D' } });
    expect(save).toBeEnabled();
    fireEvent.click(screen.getByRole('button', { name: 'Add a fit rule' }));
    expect(within(fit).getAllByLabelText('Rule id').map((input) => (input as HTMLInputElement).value)).toEqual(['saas', 'fit']);
  });

  it('lets a reviewer read the model with every field disabled and no save', () => {
    renderAs('reviewer', <ScoringPage />, [
      [['scoring'], model],
      [['scoring', 'status'], { ...running, rescore: null }],
    ]);
    expect(screen.getByLabelText('Decay points')).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save and re-score every lead' })).toBeNull();
  });
});

describe("a lead's score card", () => {
  it('splits the score into fit and behaviour and explains each point with its rule, reason, event and time, then lists its segments', () => {
    renderAs('operator', <ScoreCard leadId="ada" />, [
      [
        ['lead', 'ada', 'score'],
        {
          score: 40,
          fit: 10,
          behaviour: 30,
          history: [
            { at: '2026-03-20T09:00:00Z', points: -5, ruleId: null, reason: 'decay: a period of P14D without activity', eventId: null, eventType: null },
            { at: '2026-03-04T10:00:00Z', points: 15, ruleId: 'pricing', reason: 'Pricing page (capped at 30 per P7D)', eventId: 'v2', eventType: 'page_visited' },
            { at: '2026-03-02T09:00:00Z', points: 10, ruleId: 'saas', reason: 'fits: SaaS company', eventId: null, eventType: null },
          ],
        },
      ],
      [['lead', 'ada', 'segments'], { segments: [{ id: 's1', name: 'SaaS MQLs' }] }],
      [['scoring'], model],
    ]);
    expect(screen.getByTestId('score-total')).toHaveTextContent('40');
    expect(screen.getByTestId('score-fit')).toHaveTextContent('10');
    expect(screen.getByTestId('score-behaviour')).toHaveTextContent('30');
    const changes = within(screen.getByRole('list', { name: 'Score changes' })).getAllByRole('listitem');
    expect(changes.map((li) => li.textContent?.replace(/\s+/g, ' ').replace(/(\d{1,2}:\d{2}).*$/, '$1'))).toEqual([
      expect.stringMatching(/^-5decay: a period of P14D without activity/),
      expect.stringMatching(/^\+15Pricing page · \(capped at 30 per P7D\) · page_visited/),
      expect.stringMatching(/^\+10SaaS company · fits\d/),
    ]);
    expect(within(screen.getByRole('list', { name: 'Segments of the lead' })).getByRole('link', { name: 'SaaS MQLs' })).toHaveAttribute('href', '#/leads?segment=s1');
  });
});
