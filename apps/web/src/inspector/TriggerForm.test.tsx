import type { TriggerNode } from '@trellis/journey';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { Segment } from '../api/audience.js';
import { settingSentences } from '../model/setting-sentences.js';
import { summarize } from '../model/summary.js';
import { TriggerForm } from './NodeForms.js';

const SEGMENTS: Segment[] = [
  { id: 'seg-emea', name: 'Enterprise EMEA', condition: { attr: 'attributes.region', op: 'eq', value: 'emea' }, count: 1234, createdAt: '2026-03-01T00:00:00Z' },
  { id: 'seg-hot', name: 'Hot leads', condition: { attr: 'score', op: 'gte', value: 80 }, count: 56, createdAt: '2026-03-01T00:00:00Z' },
];

function setup(data: TriggerNode['data']) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  client.setQueryData(['segments'], { segments: SEGMENTS, nextCursor: null });
  const seen = { data };
  function Harness() {
    const [current, setCurrent] = useState(data);
    const node: TriggerNode = { id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: current };
    return (
      <>
        <TriggerForm
          node={node}
          change={(next) => {
            seen.data = next;
            setCurrent(next);
          }}
        />
        <output data-testid="card">{summarize(node, new Map(SEGMENTS.map((s) => [s.id, s])))}</output>
      </>
    );
  }
  render(
    <QueryClientProvider client={client}>
      <Harness />
    </QueryClientProvider>,
  );
  return seen;
}

describe('the trigger inspector: a saved segment', () => {
  it('offers "Saved segment" beside the inline condition, with each segment by name and its count now', () => {
    const seen = setup({ on: { segment: { attr: 'score', op: 'gte', value: 50 } } });
    fireEvent.change(screen.getByLabelText('Leads enter'), { target: { value: 'saved' } });
    expect(seen.data).toEqual({ on: { segment: { saved: 'seg-emea' } } });
    const picker = screen.getByLabelText('Saved segment') as HTMLSelectElement;
    expect([...picker.options].map((o) => o.textContent)).toEqual(['Enterprise EMEA (1,234 now)', 'Hot leads (56 now)']);
    expect(screen.getByTestId('card').textContent).toBe('Leads in segment “Enterprise EMEA” (1,234 now)');

    fireEvent.change(picker, { target: { value: 'seg-hot' } });
    expect(seen.data).toEqual({ on: { segment: { saved: 'seg-hot' } } });
    expect(screen.getByTestId('card').textContent).toBe('Leads in segment “Hot leads” (56 now)');
  });

  it('goes back to the inline condition builder, and marks a named segment that is not stored', () => {
    const seen = setup({ on: { segment: { saved: 'seg-gone' } } });
    const picker = screen.getByLabelText('Saved segment') as HTMLSelectElement;
    expect(picker.value).toBe('seg-gone');
    expect(picker.options[0]!.textContent).toBe('“seg-gone” (not found)');
    fireEvent.change(screen.getByLabelText('Leads enter'), { target: { value: 'segment' } });
    expect(seen.data).toEqual({ on: { segment: { attr: 'score', op: 'gte', value: 50 } } });
    expect(screen.queryByLabelText('Saved segment')).toBeNull();
  });

  it('reads in review as the segment and its count now', () => {
    const node: TriggerNode = { id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: { on: { segment: { saved: 'seg-emea' } } } };
    expect(settingSentences(node, new Map([['seg-emea', { name: 'Enterprise EMEA', count: 1234 }]]))).toEqual([
      'Leads in segment “Enterprise EMEA” (1,234 now) enter, and each lead that joins it later; editing the segment changes who that is.',
    ]);
    expect(summarize(node)).toBe('Leads in saved segment “seg-emea”');
  });
});
