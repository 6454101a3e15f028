import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ExperimentPanel } from './ExperimentPanel.js';
import { AB_P_VALUE, abSplit } from './report.fixture.js';

const PUBLISHED = '2026-03-01T09:00:00.000Z';

describe("a split's experiment", () => {
  it('before deciding: each variant with its rate, interval and probability to beat, the p-value, and the day it decides', () => {
    render(<ExperimentPanel nodeId="ab" title="Subject test" split={abSplit()} publishedAt={PUBLISHED} />);
    expect(screen.getByRole('status')).toHaveTextContent('Decides on 15 Mar 2026 · B leads at p < 0.05 so far; it wins only if it still does then.');
    const split = abSplit();
    const rows = within(screen.getByRole('table')).getAllByRole('row').map((r) => Array.from(r.children).map((c) => c.textContent));
    expect(rows).toEqual([
      ['Variant', 'Leads', 'Converted', 'Rate', '95% interval', '', 'Probability to beat'],
      ['A', '180', '18', '10.0%', `${(split.variants.A!.ci95[0] * 100).toFixed(1)}–${(split.variants.A!.ci95[1] * 100).toFixed(1)}%`, '', `${Math.round(split.probabilityToBeat.A! * 100)}%`],
      ['B★', '220', '62', '28.2%', `${(split.variants.B!.ci95[0] * 100).toFixed(1)}–${(split.variants.B!.ci95[1] * 100).toFixed(1)}%`, '', '100%'],
    ]);
    expect(screen.getByTestId('p-value-ab')).toHaveTextContent(AB_P_VALUE.toExponential(1));
    expect(screen.getByText(/Experiment on the journey's goal, counted within 7 days of entering/)).toBeInTheDocument();
  });

  it('decided with a winner: names it with the p-value and the numbers it was decided on', () => {
    const variants = { A: { entered: 100, goal: 10, rate: 0.1, ci95: [0.055, 0.174] as [number, number] }, B: { entered: 100, goal: 30, rate: 0.3, ci95: [0.219, 0.396] as [number, number] } };
    render(<ExperimentPanel nodeId="ab" title="Subject test" split={abSplit({ decidedAt: '2026-03-15T09:00:00.000Z', winner: 'B', pValue: 0.00041, variants })} publishedAt={PUBLISHED} />);
    expect(screen.getByRole('status')).toHaveTextContent('Winner: B — new leads all take it. Decided 15 Mar 2026 at p = 0.0004, converting 30.0% (30 of 100).');
    const decided = screen.getByRole('table', { name: /The numbers it was decided on/ });
    expect(within(decided).getAllByRole('row').map((r) => r.textContent)).toEqual(['VariantLeadsConvertedRate95% interval', 'A1001010.0%5.5–17.4%', 'B★1003030.0%21.9–39.6%']);
  });

  it('decided with no winner: says the weights stay', () => {
    render(<ExperimentPanel nodeId="ab" title="Subject test" split={abSplit({ decidedAt: '2026-03-15T09:00:00.000Z', winner: null, pValue: 0.41, variants: abSplit().variants })} publishedAt={PUBLISHED} />);
    expect(screen.getByRole('status')).toHaveTextContent('No winner — weights kept. Decided 15 Mar 2026 at p = 0.4100.');
    expect(screen.queryByRole('table', { name: /decided on/ })).toBeNull();
  });

  it('a split with no experiment shows its variants and says leads keep splitting', () => {
    render(<ExperimentPanel nodeId="ab" title="Subject test" split={abSplit(null, null)} publishedAt={PUBLISHED} />);
    expect(screen.getByText('No experiment: leads keep splitting by weight')).toBeInTheDocument();
    expect(screen.queryByRole('status')).toBeNull();
  });
});
