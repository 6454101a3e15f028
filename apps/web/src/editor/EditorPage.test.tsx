import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLES } from '../model/examples.js';
import { currentJourney, useEditorStore } from '../store/editor-store.js';
import { EditorPage } from './EditorPage.js';

function renderEditor(example = 'demo-request') {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <EditorPage id={null} example={example} />
    </QueryClientProvider>,
  );
}

describe('the journey editor', () => {
  beforeEach(() => useEditorStore.getState().load(structuredClone(EXAMPLES[0]!.journey), null));

  it('adds a node from the palette, drawn with its type, label and summary', async () => {
    renderEditor();
    fireEvent.click(screen.getByTitle('Add Wait'));
    const node = await screen.findByTestId('node-wait-1');
    expect(node).toHaveTextContent('Wait');
    expect(node).toHaveTextContent('Wait 1 day');
    expect(currentJourney().nodes.at(-1)).toMatchObject({ id: 'wait-1', type: 'wait', data: { label: 'Wait', for: 'P1D' } });
  });

  it('draws one labelled handle per outgoing path', async () => {
    renderEditor();
    const handoff = await screen.findByTestId('node-handoff');
    expect([...handoff.querySelectorAll('.journey-node__port span')].map((s) => s.textContent)).toStrictEqual([
      'accepted',
      'recycled',
      'disqualified',
      'SLA expired',
    ]);
    expect(handoff.querySelectorAll('.react-flow__handle.source')).toHaveLength(4);
  });

  it('edits the selected node in the inspector, without JSON', async () => {
    renderEditor();
    act(() => useEditorStore.getState().selectNode('welcome'));
    const inspector = screen.getByRole('complementary', { name: 'Inspector' });
    fireEvent.change(within(inspector).getByLabelText('Template'), { target: { value: 'welcome-2' } });
    fireEvent.change(within(inspector).getByLabelText('Channel'), { target: { value: 'sms' } });
    expect(currentJourney().nodes.find((n) => n.id === 'welcome')!.data).toStrictEqual({ label: 'Welcome', channel: 'sms', template: 'welcome-2' });
    expect(await screen.findByTestId('node-welcome')).toHaveTextContent('SMS · welcome-2');
  });

  it('edits a wait duration with a number and a unit', async () => {
    renderEditor();
    act(() => useEditorStore.getState().selectNode('wait1'));
    fireEvent.change(screen.getByLabelText('Duration amount'), { target: { value: '3' } });
    fireEvent.change(screen.getByLabelText('Duration unit'), { target: { value: 'hours' } });
    expect(currentJourney().nodes.find((n) => n.id === 'wait1')!.data).toStrictEqual({ label: 'Give it a day', for: 'PT3H' });
  });

  it('shows a problem on its node and in the list; clicking it selects the node', async () => {
    const journey = structuredClone(EXAMPLES[0]!.journey);
    journey.edges = journey.edges.filter((e) => e.id !== 'e10');
    useEditorStore.getState().load(journey, null);
    renderEditor('__imported');
    const badge = await screen.findByTestId('node-problems-nurture', {}, { timeout: 3000 });
    expect(badge).toHaveTextContent('1');
    expect(screen.getByTestId('node-nurture').classList.contains('has-warning')).toBe(true);
    const list = screen.getByRole('list', { name: 'Problems' });
    const items = within(list).getAllByRole('button');
    const nurtureProblem = items.find((b) => b.textContent?.includes('nurture') && b.textContent.includes('missing_handle'))!;
    fireEvent.click(nurtureProblem);
    expect(useEditorStore.getState().nodes.filter((n) => n.selected).map((n) => n.id)).toStrictEqual(['nurture']);
  });

  it('marks an error red and blocks publishing, never saving', async () => {
    const journey = structuredClone(EXAMPLES[0]!.journey);
    journey.nodes.push({ id: 'orphan', type: 'exit', position: { x: 0, y: 400 }, data: { outcome: 'completed' } });
    useEditorStore.getState().load(journey, null);
    renderEditor('__imported');
    await waitFor(() => expect(screen.getByTestId('node-orphan').classList.contains('has-error')).toBe(true), { timeout: 3000 });
    expect(screen.getByRole('button', { name: 'Publish' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Save draft' })).toBeEnabled();
  });

  it('undoes with Ctrl+Z and redoes with Ctrl+Shift+Z', async () => {
    renderEditor();
    fireEvent.click(screen.getByTitle('Add Exit'));
    expect(await screen.findByTestId('node-exit-1')).toBeInTheDocument();
    fireEvent.keyDown(window, { key: 'z', ctrlKey: true });
    await waitFor(() => expect(screen.queryByTestId('node-exit-1')).toBeNull());
    expect(currentJourney()).toStrictEqual(EXAMPLES[0]!.journey);
    fireEvent.keyDown(window, { key: 'Z', metaKey: true, shiftKey: true });
    expect(await screen.findByTestId('node-exit-1')).toBeInTheDocument();
  });

  it('deletes the selection with the Delete key, but not while typing in a field', async () => {
    renderEditor();
    act(() => useEditorStore.getState().selectNode('done'));
    fireEvent.keyDown(screen.getByLabelText('Label'), { key: 'Delete' });
    expect(screen.getByTestId('node-done')).toBeInTheDocument();
    fireEvent.keyDown(window, { key: 'Delete' });
    await waitFor(() => expect(screen.queryByTestId('node-done')).toBeNull());
    expect(currentJourney().edges.map((e) => e.id)).not.toContain('e10');
  });

  it('saves exactly the document it was given, after rendering and selecting', async () => {
    renderEditor();
    await screen.findByTestId('node-trigger');
    act(() => useEditorStore.getState().selectNode('hot'));
    expect(currentJourney()).toStrictEqual(EXAMPLES[0]!.journey);
  });
});

describe('a node whose data does not fit its type', () => {
  it('says what is wrong in the inspector and offers a reset to valid settings', async () => {
    const journey = structuredClone(EXAMPLES[0]!.journey) as unknown as { nodes: Array<{ id: string; data: unknown }> };
    journey.nodes.find((n) => n.id === 'wait1')!.data = { label: 'Broken', for: 3 };
    useEditorStore.getState().load(journey as never, null);
    renderEditor('__imported');
    act(() => useEditorStore.getState().selectNode('wait1'));
    expect(screen.getByText(/These settings do not fit a wait step/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Reset to a valid wait step' }));
    expect(currentJourney().nodes.find((n) => n.id === 'wait1')!.data).toStrictEqual({ label: 'Broken', for: 'P1D' });
    await waitFor(() => expect(screen.getByTestId('node-wait1')).toHaveTextContent('Wait 1 day'));
  });
});

describe('connecting from the inspector', () => {
  beforeEach(() => useEditorStore.getState().load(structuredClone(EXAMPLES[0]!.journey), null));

  it('points a path at another step, or leaves it unconnected', async () => {
    renderEditor();
    act(() => useEditorStore.getState().selectNode('handoff'));
    const recycled = screen.getByLabelText('Next step after recycled');
    expect(recycled).toHaveValue('nurture');
    fireEvent.change(recycled, { target: { value: 'lost' } });
    expect(currentJourney().edges.filter((e) => e.source === 'handoff' && e.sourceHandle === 'recycled')).toStrictEqual([
      { id: 'handoff-recycled-1', source: 'handoff', sourceHandle: 'recycled', target: 'lost' },
    ]);
    fireEvent.change(screen.getByLabelText('Next step after sla_expired'), { target: { value: '' } });
    expect(currentJourney().edges.some((e) => e.source === 'handoff' && e.sourceHandle === 'sla_expired')).toBe(false);
    await screen.findByTestId('node-problems-handoff', {}, { timeout: 3000 });
  });
});
