import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { blankJourney, EXAMPLES } from '../model/examples.js';
import { currentJourney, useEditorStore } from '../store/editor-store.js';
import { EditorPage } from './EditorPage.js';

function renderEditor() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <EditorPage id={null} example="__imported" />
    </QueryClientProvider>,
  );
}

describe('drawing a journey from the palette with clicks', () => {
  beforeEach(() => useEditorStore.getState().load(blankJourney(), null));

  it('adds each clicked step after the last one, connected, in one column after another', async () => {
    renderEditor();
    await screen.findByTestId('node-trigger');
    fireEvent.click(screen.getByTitle('Add Send'));
    fireEvent.click(screen.getByTitle('Add Wait'));
    fireEvent.click(screen.getByTitle('Add Exit'));
    const journey = currentJourney();
    expect(journey.edges.map((e) => [e.source, e.target])).toEqual([
      ['trigger', 'send-1'],
      ['send-1', 'wait-1'],
      ['wait-1', 'exit-1'],
    ]);
    expect(journey.nodes.map((n) => n.position.x)).toEqual([0, 330, 660, 990]);
    // The last one added is selected, so the next click follows it.
    expect(useEditorStore.getState().nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(['exit-1']);
  });

  it("adds after the selected step, on its first open path: an exit on a handoff's answer takes that answer's outcome", async () => {
    useEditorStore.getState().load(structuredClone(EXAMPLES[0]!.journey), null);
    const journey = currentJourney();
    journey.edges = journey.edges.filter((e) => !(e.source === 'handoff' && e.sourceHandle !== 'accepted'));
    useEditorStore.getState().load(journey, null);
    renderEditor();
    await screen.findByTestId('node-handoff');
    act(() => useEditorStore.getState().selectNode('handoff'));
    fireEvent.click(screen.getByTitle('Add Exit'));
    fireEvent.click(screen.getByTitle('Add Exit'));
    expect(currentJourney().edges.filter((e) => e.source === 'handoff').map((e) => [e.sourceHandle, e.target])).toEqual([
      ['accepted', 'won'],
      ['recycled', 'exit-1'],
      ['disqualified', 'exit-2'],
    ]);
    expect(currentJourney().nodes.find((n) => n.id === 'exit-2')!.data).toEqual({ label: 'Disqualified', outcome: 'disqualified' });
    fireEvent.click(screen.getByTitle('Add Exit'));
    expect(currentJourney().nodes.find((n) => n.id === 'exit-3')!.data).toEqual({ label: 'SLA expired', outcome: 'sla_expired' });
  });

  it('offers no second trigger', async () => {
    renderEditor();
    const palette = await screen.findByRole('complementary', { name: 'Node palette' });
    expect(within(palette).queryByTitle('Add Trigger')).toBeNull();
    act(() => useEditorStore.getState().load({ ...blankJourney(), nodes: [] }, null));
    expect(within(palette).getByTitle('Add Trigger')).toBeInTheDocument();
  });

  it("names each palette button by the text it shows", async () => {
    renderEditor();
    expect(await screen.findByRole('button', { name: 'Wait A delay, a time, or an event' })).toBeInTheDocument();
  });

  it("moves an exit's label along with its outcome in the inspector", async () => {
    renderEditor();
    await screen.findByTestId('node-trigger');
    fireEvent.click(screen.getByTitle('Add Exit'));
    fireEvent.change(screen.getByLabelText('Leads leave as'), { target: { value: 'disqualified' } });
    expect(currentJourney().nodes.find((n) => n.id === 'exit-1')!.data).toEqual({ label: 'Disqualified', outcome: 'disqualified' });
    expect(await screen.findByTestId('node-exit-1')).toHaveTextContent('Disqualified');
  });
});

describe('room to draw', () => {
  beforeEach(() => useEditorStore.getState().load(blankJourney(), null));

  it('hides and shows the palette and the inspector, and remembers it', async () => {
    const first = renderEditor();
    await screen.findByTestId('node-trigger');
    fireEvent.click(screen.getByRole('button', { name: 'Hide steps' }));
    fireEvent.click(screen.getByRole('button', { name: 'Hide inspector' }));
    expect(screen.queryByRole('complementary', { name: 'Node palette' })).toBeNull();
    expect(screen.queryByRole('complementary', { name: 'Inspector' })).toBeNull();
    first.unmount();
    renderEditor();
    await screen.findByTestId('node-trigger');
    expect(screen.queryByRole('complementary', { name: 'Node palette' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show steps' }));
    expect(screen.getByRole('complementary', { name: 'Node palette' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Show inspector' })).toHaveAttribute('aria-expanded', 'false');
  });
});

describe('a simulation after an edit', () => {
  beforeEach(() => useEditorStore.getState().load(structuredClone(EXAMPLES[0]!.journey), null));

  it('says its counts are out of date once the journey changes, not when a card moves', async () => {
    renderEditor();
    await screen.findByTestId('node-trigger');
    const { runKey } = await import('../simulate/results.js');
    act(() => useEditorStore.getState().setSimulation({ reached: { trigger: 10 }, path: null, ranFor: runKey(useEditorStore.getState()) }));
    act(() => useEditorStore.getState().applyPositions({ trigger: { x: 40, y: 40 } }));
    expect(screen.queryByText(/Simulation counts are out of date/)).toBeNull();
    act(() => useEditorStore.getState().updateNodeData('wait1', { label: 'Give it a day', for: 'P2D' }));
    expect(await screen.findByText(/Simulation counts are out of date/)).toBeInTheDocument();
    expect(useEditorStore.getState().simulation?.stale).toBe(true);
  });
});
