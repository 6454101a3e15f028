import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { JourneyNode } from '@trellis/journey';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderAs } from '../people/test-render.js';
import { LeadsAtNode } from './LeadsAtNode.js';

const wait: JourneyNode = { id: 'w', type: 'wait', position: { x: 0, y: 0 }, data: { until: { event: 'email_clicked', timeout: 'P4D' } } };
const row = (leadId: string, score = 1) => ({
  leadId,
  runId: `r-${leadId}`,
  version: 1,
  enteredAt: '2026-03-02T09:00:00.000Z',
  wakeAt: '2026-03-06T09:00:00.000Z',
  email: `${leadId}@example.com`,
  score,
  stage: null,
  lastActivityAt: null,
  heldUntil: null,
  reason: { kind: 'event', event: 'email_clicked', zone: 'UTC' },
});

/** The server's answers by query string, and every query string asked. */
function serve(answer: (query: URLSearchParams) => unknown) {
  const asked: URLSearchParams[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string) => {
      const query = new URL(path, 'http://trellis.test').searchParams;
      asked.push(query);
      return new Response(JSON.stringify(answer(query)), { status: 200, headers: { 'Content-Type': 'application/json' } });
    }),
  );
  return asked;
}

const shownIds = () =>
  within(screen.getByRole('region', { name: 'Leads here now' }))
    .queryAllByRole('listitem')
    .map((li) => li.querySelector('button')!.textContent);

describe('the leads at a step in the live view', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows a loader while the leads come', () => {
    vi.stubGlobal('fetch', vi.fn(() => new Promise(() => {})));
    renderAs('operator', <LeadsAtNode journeyId="j" node={wait} settings={{}} current={12} onPick={() => {}} />);
    expect(screen.getByRole('status')).toHaveTextContent('Loading the leads…');
  });

  it('asks the server to search all the leads here once typing pauses, and says how many of them match', async () => {
    const asked = serve((query) =>
      query.get('q') === 'grace' ? { leads: [row('lead-41377')], next: null, total: 1 } : { leads: [row('lead-00001'), row('lead-00002')], next: 'c1', total: 50_000 },
    );
    renderAs('operator', <LeadsAtNode journeyId="j" node={wait} settings={{}} current={50_000} onPick={() => {}} />);
    await waitFor(() => expect(shownIds()).toEqual(['lead-00001', 'lead-00002']));
    expect(screen.getByText('Showing 2 of 50,000')).toBeInTheDocument();
    expect(shownIds()).not.toContain('lead-41377');

    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'gr' } });
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'grace ' } });
    await waitFor(() => expect(shownIds()).toEqual(['lead-41377']));
    expect(screen.getByText('1 of 50,000 match “grace”')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Load 100 more/ })).not.toBeInTheDocument();
    // One request for the pause, none for the keys typed on the way.
    expect(asked.map((q) => q.get('q'))).toEqual([null, 'grace']);
    expect(asked[1]!.get('limit')).toBe('100');
  });

  it('sorts on the server and loads the next page with its cursor', async () => {
    const asked = serve((query) => {
      if (query.get('sort') !== 'score') return { leads: [row('a')], next: null, total: 3 };
      return query.get('cursor') === 'after-b'
        ? { leads: [row('c', 1)], next: null, total: 3 }
        : { leads: [row('b', 9), row('a', 5)], next: 'after-b', total: 3 };
    });
    renderAs('operator', <LeadsAtNode journeyId="j" node={wait} settings={{}} current={3} onPick={() => {}} />);
    await waitFor(() => expect(shownIds()).toEqual(['a']));
    fireEvent.change(screen.getByLabelText('Sort by'), { target: { value: 'score' } });
    await waitFor(() => expect(shownIds()).toEqual(['b', 'a']));
    expect(screen.getByText('Showing 2 of 3')).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Leads here now' })).getAllByRole('listitem')[1]).toHaveTextContent('waiting for email_clicked until');
    fireEvent.click(screen.getByRole('button', { name: 'Load 100 more' }));
    await waitFor(() => expect(shownIds()).toEqual(['b', 'a', 'c']));
    expect(screen.getByText('Showing 3 of 3')).toBeInTheDocument();
    expect(asked.map((q) => [q.get('sort'), q.get('cursor')])).toEqual([
      [null, null],
      ['score', null],
      ['score', 'after-b'],
    ]);
  });

  it('says in words when no lead here matches', async () => {
    serve((query) => (query.get('q') ? { leads: [], next: null, total: 0 } : { leads: [row('a')], next: null, total: 1 }));
    renderAs('operator', <LeadsAtNode journeyId="j" node={wait} settings={{}} current={1} onPick={() => {}} />);
    await waitFor(() => expect(shownIds()).toEqual(['a']));
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'nobody' } });
    expect(await screen.findByText('No lead here matches “nobody”.')).toBeInTheDocument();
  });
});
