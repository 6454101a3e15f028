import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { RESPONSE_CADENCE } from '../model/cadence.js';
import { CadenceCountsContext, CadenceTimeline } from './CadenceTimeline.js';

describe('the cadence timeline', () => {
  it('on the live view, marks the leads after each touch at its tick and says them in words', () => {
    const counts = [
      { made: 1, leads: 2 },
      { made: 3, leads: 12 },
    ];
    const { container } = render(
      <CadenceCountsContext.Provider value={(nodeId) => (nodeId === 'chase' ? counts : undefined)}>
        <CadenceTimeline touches={RESPONSE_CADENCE} nodeId="chase" />
      </CadenceCountsContext.Provider>,
    );
    const words = within(screen.getByTestId('cadence-counts-chase')).getAllByRole('listitem').map((li) => li.textContent);
    expect(words).toEqual(['2 leads after touch 1', '12 leads after touch 3']);
    const marks = [...container.querySelectorAll<HTMLElement>('.cadence-timeline__count')];
    expect(marks.map((m) => [m.textContent, m.title])).toEqual([
      ['2', '2 leads after touch 1'],
      ['12', '12 leads after touch 3'],
    ]);
    // Touch 3 is at 1 hour of a 14-day span: its mark sits over its tick.
    expect(marks[1]!.style.left).toBe(`${(60 / (14 * 1440)) * 100}%`);
  });

  it('in the editor (no counts), shows only the touches', () => {
    const { container } = render(<CadenceTimeline touches={RESPONSE_CADENCE} nodeId="chase" />);
    expect(container.querySelectorAll('.cadence-timeline__tick')).toHaveLength(26);
    expect(container.querySelector('.cadence-timeline__count')).toBeNull();
    expect(screen.queryByTestId('cadence-counts-chase')).toBeNull();
  });
});
