import type { Journey } from '@trellis/journey';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { useLiveValidation } from '../problems/use-live-validation.js';
import { currentJourney, useEditorStore } from '../store/editor-store.js';
import { Inspector } from './Inspector.js';

const at = { x: 0, y: 0 };
const VARIANTS = [{ handle: 'A', weight: 1 }, { handle: 'B', weight: 1 }];
const journey: Journey = {
  schemaVersion: 1,
  name: 'Subject test',
  settings: {},
  nodes: [
    { id: 'start', type: 'trigger', position: at, data: { on: { event: 'signed_up' } } },
    { id: 'ab', type: 'split', position: at, data: { variants: VARIANTS } },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'ab' }],
};

function LiveValidation() {
  useLiveValidation();
  return null;
}

function renderInspector() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <LiveValidation />
      <Inspector />
    </QueryClientProvider>,
  );
}

/** Lets the live validation (it waits for a pause in typing) run. */
async function validated() {
  await act(() => new Promise((resolve) => setTimeout(resolve, 400)));
}

beforeEach(() => {
  useEditorStore.setState(useEditorStore.getInitialState(), true);
  useEditorStore.getState().load(structuredClone(journey), 'j1');
});

describe("the split's experiment in the inspector", () => {
  it('turns an experiment on with a sensible start, measures an event instead, and sets its window and decision delay', async () => {
    act(() => useEditorStore.getState().selectNode('ab'));
    renderInspector();
    const section = screen.getByRole('region', { name: 'Experiment' });
    expect(within(section).getByText(/Off: leads keep splitting by weight/)).toBeInTheDocument();
    fireEvent.click(within(section).getByRole('checkbox', { name: 'Experiment' }));
    const split = () => currentJourney().nodes.find((n) => n.id === 'ab')!;
    expect(split().data).toEqual({ variants: VARIANTS, experiment: { metric: 'goal', window: 'P14D', decideAfter: 'P14D' } });

    // The journey has no goal, so measuring it is an error, shown at the field as in Problems.
    await validated();
    expect(within(section).getByRole('list', { name: 'Problems here' })).toHaveTextContent('the experiment measures the goal, but the journey has no goal');

    fireEvent.change(within(section).getByLabelText('Converted when'), { target: { value: 'event' } });
    fireEvent.change(within(section).getByLabelText('Event'), { target: { value: 'demo_booked' } });
    fireEvent.change(within(section).getByLabelText('Counted within amount'), { target: { value: '7' } });
    fireEvent.change(within(section).getByLabelText('Decide after unit'), { target: { value: 'weeks' } });
    expect(split().data).toMatchObject({ experiment: { metric: { event: 'demo_booked' }, window: 'P7D', decideAfter: 'P14W' } });
    await validated();
    expect(within(section).queryByRole('list', { name: 'Problems here' })).toBeNull();

    fireEvent.click(within(section).getByRole('checkbox', { name: 'Experiment' }));
    expect(split().data).toEqual({ variants: VARIANTS });
  });
});

describe('the holdout group in the journey settings', () => {
  it('holds out a share of leads, warns when there is no goal to compare, and refuses 100%', async () => {
    renderInspector();
    const section = screen.getByRole('region', { name: 'Holdout group' });
    fireEvent.click(within(section).getByRole('checkbox', { name: 'Holdout group' }));
    expect(currentJourney().settings.holdout).toEqual({ percent: 10 });
    await validated();
    expect(within(section).getByRole('list', { name: 'Problems here' })).toHaveTextContent('the journey holds leads out but has no goal');

    fireEvent.change(within(section).getByLabelText('Percent of entering leads held out'), { target: { value: '100' } });
    await validated();
    expect(within(section).getByRole('list', { name: 'Problems here' })).toHaveTextContent('must be at most 99');

    fireEvent.change(within(section).getByLabelText('Percent of entering leads held out'), { target: { value: '5' } });
    fireEvent.change(within(section).getByLabelText('Compare the goal within amount'), { target: { value: '60' } });
    expect(currentJourney().settings.holdout).toEqual({ percent: 5, window: 'P60D' });
  });
});
