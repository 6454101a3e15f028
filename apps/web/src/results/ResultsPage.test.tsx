import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportKeys, type JourneyReport } from '../api/report.js';
import { renderAs } from '../people/test-render.js';
import { periodInstants } from './results-route.js';
import { ResultsPage } from './ResultsPage.js';
import { AB_P_VALUE, abSplit, trialJourney, trialReport } from './report.fixture.js';

function renderResults(report: JourneyReport, { from = null, to = null }: { from?: string | null; to?: string | null } = {}) {
  return renderAs('reviewer', <ResultsPage id="j1" version={null} from={from} to={to} />, [
    [['journeys', 'j1'], { id: 'j1', journey: trialJourney, status: 'active', publishedVersion: 1 }],
    [['journeys', 'j1', 'versions', 1], { versions: [{ version: 1, publishedAt: '2026-03-01T09:00:00.000Z' }] }],
    [['journeys', 'j1', 'version', 1], { journeyId: 'j1', version: 1, publishedAt: '2026-03-01T09:00:00.000Z', journey: trialJourney }],
    [reportKeys.of('j1', { version: 1, ...periodInstants(from, to) }), report],
  ]);
}

/** What a Download CSV button saved: the Blob handed to the browser, as text. */
async function downloaded(button: HTMLElement): Promise<string> {
  let blob: Blob | null = null;
  const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
    blob = b as Blob;
    return 'blob:csv';
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
  fireEvent.click(button);
  expect(create).toHaveBeenCalledTimes(1);
  // jsdom's Blob has no text(); FileReader reads it as a browser would.
  return await new Promise<string>((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.readAsText(blob!);
  });
}

afterEach(() => vi.restoreAllMocks());

describe('the Results tab', () => {
  it('reads entered, each outcome, the goal rate over treated leads and the time to goal', async () => {
    renderResults(trialReport());
    expect(await screen.findByTestId('stat-entered')).toHaveTextContent('440');
    expect(screen.getByText('400 treated · 40 held out')).toBeInTheDocument();
    expect(screen.getByTestId('stat-goal-rate')).toHaveTextContent('20.0%');
    expect(screen.getByText('80 of 400 treated leads')).toBeInTheDocument();
    expect(screen.getByTestId('stat-time-to-goal')).toHaveTextContent('2 d 3 h');
    expect(screen.getByText('median · p90 6 d')).toBeInTheDocument();
    expect(screen.getByTestId('outcome-completed')).toHaveTextContent('completed 320 73%');
    expect(screen.getByTestId('outcome-goal')).toHaveTextContent('goal 80 18%');
    expect(screen.getByTestId('outcome-holdout')).toHaveTextContent('holdout 40 9%');
  });

  it('draws the funnel along the busiest path and says the rule', async () => {
    renderResults(trialReport());
    const funnel = await screen.findByRole('region', { name: 'Funnel' });
    expect(within(funnel).getByText(/follows the next step most leads entered/)).toBeInTheDocument();
    const steps = within(funnel).getAllByRole('listitem').map((li) => li.textContent);
    expect(steps).toEqual([
      'Signed up440 treated leads entered',
      'Subject test400 91% of the step before',
      'Welcome, with a demo link220 55% of the step before',
      'Wait220 100% of the step before',
      'Reached the goal80 20.0% of treated leads',
    ]);
  });

  it("puts each step's goal share and the split's leader on the canvas, and the holdout chip on the trigger", async () => {
    renderResults(trialReport());
    expect(await screen.findByTestId('goal-share-mailB')).toHaveTextContent('goal 28%');
    expect(screen.getByTestId('goal-share-mailB')).toHaveAttribute('title', '62 of 220 leads that passed here reached the goal');
    expect(screen.getByTestId('goal-share-mailA')).toHaveTextContent('goal 10%');
    expect(screen.getByTestId('winner-ab-B')).toHaveTextContent('▲ leading');
    expect(screen.queryByTestId('winner-ab-A')).toBeNull();
    expect(screen.getByTestId('holdout-chip')).toHaveTextContent('Holdout 10%');
    fireEvent.click(screen.getByLabelText('Goal share on each step'));
    expect(screen.queryByTestId('goal-share-mailB')).toBeNull();
  });

  it('shows the split with its p-value and the holdout with its uplift', async () => {
    renderResults(trialReport());
    const split = await screen.findByTestId('experiment-ab');
    expect(within(split).getByTestId('p-value-ab')).toHaveTextContent(AB_P_VALUE.toExponential(1));
    expect(within(split).getByRole('status')).toHaveTextContent('Decides on 15 Mar 2026 · B leads at p < 0.05 so far; it wins only if it still does then.');
    const holdout = screen.getByRole('region', { name: 'Holdout' });
    const report = trialReport();
    const uplift = report.holdout!.uplift!;
    expect(within(holdout).getByTestId('uplift')).toHaveTextContent(
      `Uplift+15.0 pts95% interval +${(uplift.ci95[0] * 100).toFixed(1)} pts to +${(uplift.ci95[1] * 100).toFixed(1)} pts`,
    );
    expect(within(holdout).getByText('5.0%')).toBeInTheDocument();
  });

  it('draws the daily charts with every day of the period, a quiet day as zero, and the numbers on hover', async () => {
    // jsdom lays nothing out: the charts' container measures as a chart-sized box.
    const sized = (size: number) =>
      function (this: HTMLElement) {
        return this.classList.contains('recharts-responsive-container') ? size : 0;
      };
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockImplementation(sized(560));
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(sized(240));
    renderResults(trialReport());
    const leads = await screen.findByTestId('chart-leads');
    expect(leads).toHaveTextContent('Leads per day · 440 entered · 80 reached the goal');
    const messages = screen.getByTestId('chart-messages');
    expect(messages).toHaveTextContent('Messages per day · 400 sent · 181 opened · 60 clicked');
    // Two days with leads draw bars; the quiet day between them is a zero (no bar), not skipped.
    await waitFor(() => expect(leads.querySelectorAll('.recharts-bar-rectangle')).toHaveLength(2));
    expect(messages.querySelectorAll('.recharts-line')).toHaveLength(3);
    expect(within(messages).getByText('Clicked')).toBeInTheDocument();
    const rows = within(screen.getByRole('table', { name: 'Numbers by day' })).getAllByRole('row').map((r) => Array.from(r.children).map((c) => c.textContent));
    expect(rows).toEqual([
      ['Day', 'Entered', 'Sent', 'Opened', 'Clicked', 'Goal'],
      ['2026-03-01', '300', '270', '120', '40', '50'],
      ['2026-03-02', '0', '0', '0', '0', '0'],
      ['2026-03-03', '140', '130', '61', '20', '30'],
    ]);

    // Hover over the first day's bar, then the last day's: the tooltip names the day and its numbers.
    const wrapper = leads.querySelector('.recharts-wrapper')!;
    fireEvent.mouseMove(wrapper, { clientX: 100, clientY: 100 });
    await waitFor(() => expect(leads.querySelector('.recharts-tooltip-wrapper')).toHaveTextContent('1 MarEntered : 300Reached goal : 50'));
    fireEvent.mouseMove(wrapper, { clientX: 290, clientY: 100 });
    await waitFor(() => expect(leads.querySelector('.recharts-tooltip-wrapper')).toHaveTextContent('2 MarEntered : 0Reached goal : 0'));
    fireEvent.mouseMove(wrapper, { clientX: 480, clientY: 100 });
    await waitFor(() => expect(leads.querySelector('.recharts-tooltip-wrapper')).toHaveTextContent('3 MarEntered : 140Reached goal : 30'));
  });

  it('downloads the series and the send table as CSV', async () => {
    renderResults(trialReport());
    const daily = await screen.findByRole('region', { name: 'Daily' });
    expect(await downloaded(within(daily).getByRole('button', { name: 'Download CSV' }))).toBe(
      'day,entered,sent,opened,clicked,goal\r\n2026-03-01,300,270,120,40,50\r\n2026-03-03,140,130,61,20,30\r\n',
    );
    vi.restoreAllMocks();
    const sends = screen.getByRole('region', { name: 'Sends' });
    const csv = await downloaded(within(sends).getByRole('button', { name: 'Download CSV' }));
    expect(csv.split('\r\n')).toEqual([
      'node,step,sent,delivered,opened,clicked,unsubscribed,failed,suppressed,capped,delivered_rate,opened_rate,clicked_rate,unsubscribed_rate,failed_rate',
      `mailA,Plain welcome,180,178,70,20,2,0,0,0,${178 / 180},${70 / 178},${20 / 178},${2 / 178},0`,
      `mailB,"Welcome, with a demo link",220,215,111,40,1,5,0,0,${215 / 220},${111 / 215},${40 / 215},${1 / 215},${5 / 225}`,
      '',
    ]);
  });

  it('shows each send step with counts and rates', async () => {
    renderResults(trialReport());
    const row = await screen.findByTestId('sends-mailB');
    expect(Array.from(row.querySelectorAll('td')).map((td) => td.textContent)).toEqual(['220', '0', '215 97.7%', '111 51.6%', '40 18.6%', '1 0.5%', '5 2.2%']);
  });

  it('marks a decided winner on the canvas', async () => {
    const decision = { decidedAt: '2026-03-15T09:00:00.000Z', winner: 'B', pValue: 0.0004, variants: abSplit().variants };
    renderResults(trialReport(abSplit(decision)));
    expect(await screen.findByTestId('winner-ab-B')).toHaveTextContent('★ winner');
  });

  it('says a period whose From is after its To is backwards instead of asking', async () => {
    renderResults(trialReport(), { from: '2026-03-05', to: '2026-03-01' });
    expect(await screen.findByRole('alert')).toHaveTextContent('“From” is after “To”');
  });
});
