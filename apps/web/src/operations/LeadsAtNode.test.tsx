import { fireEvent, screen, within } from '@testing-library/react';
import type { JourneyNode } from '@trellis/journey';
import { describe, expect, it, vi } from 'vitest';
import { renderAs } from '../people/test-render.js';
import { LeadsAtNode } from './LeadsAtNode.js';

const wait: JourneyNode = { id: 'w', type: 'wait', position: { x: 0, y: 0 }, data: { until: { event: 'email_clicked', timeout: 'P4D' } } };
const row = (leadId: string, score: number) => ({
  leadId,
  runId: `r-${leadId}`,
  version: 1,
  enteredAt: '2026-03-02T09:00:00.000Z',
  wakeAt: '2026-03-06T09:00:00.000Z',
  email: `${leadId}@example.com`,
  score,
  stage: null,
  heldUntil: null,
  reason: { kind: 'event', event: 'email_clicked', zone: 'UTC' },
});

describe('the leads at a step in the live view', () => {
  it('shows a loader while the leads come', () => {
    vi.stubGlobal('fetch', vi.fn(() => new Promise(() => {})));
    renderAs('operator', <LeadsAtNode journeyId="j" node={wait} settings={{}} current={12} onPick={() => {}} />);
    expect(screen.getByRole('status')).toHaveTextContent('Loading the leads…');
    vi.unstubAllGlobals();
  });

  it('sorts lead ids as numbers, searches them, and says why each is here', () => {
    const leads = [row('lead-10', 3), row('lead-2', 2), row('lead-1', 1)];
    renderAs('operator', <LeadsAtNode journeyId="j" node={wait} settings={{}} current={3} onPick={() => {}} />, [
      [['leads-at', 'j', 'w', '', 3], { leads, next: null }],
    ]);
    const list = () => within(screen.getByRole('region', { name: 'Leads here now' })).getAllByRole('listitem');
    expect(list().map((li) => li.querySelector('button')!.textContent)).toEqual(['lead-1', 'lead-2', 'lead-10']);
    expect(list()[0]).toHaveTextContent('waiting for email_clicked until');
    fireEvent.change(screen.getByLabelText('Sort by'), { target: { value: 'score' } });
    expect(list().map((li) => li.querySelector('button')!.textContent)).toEqual(['lead-10', 'lead-2', 'lead-1']);
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'lead-1' } });
    expect(list().map((li) => li.querySelector('button')!.textContent)).toEqual(['lead-10', 'lead-1']);
  });
});
