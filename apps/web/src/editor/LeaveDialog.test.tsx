import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { navigate, useRoute } from '../routes.js';
import { useEditorStore } from '../store/editor-store.js';
import { EditorPage } from './EditorPage.js';

const EDITOR = '#/new?example=demo-request';

/** The editor and one other page, switched by the real router. */
function Pages() {
  const route = useRoute();
  return route.page === 'editor' ? <EditorPage id={route.id} example={route.example} /> : <p>Another page</p>;
}

async function openEditor() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <Pages />
    </QueryClientProvider>,
  );
  act(() => navigate(EDITOR));
  await screen.findByTestId('node-trigger');
}

function rename(name: string) {
  fireEvent.change(screen.getByLabelText('Journey name'), { target: { value: name } });
}

describe('leaving the editor', () => {
  beforeEach(() => {
    // Every test starts on another page, and opens the editor one step further in the history.
    navigate('#/');
    useEditorStore.getState().load({ schemaVersion: 1, name: 'Earlier', settings: {}, nodes: [], edges: [] }, null);
  });

  it('is not dirty once the journey is drawn and selected, and is after a settings change', async () => {
    await openEditor();
    act(() => useEditorStore.getState().selectNode('welcome'));
    act(() => useEditorStore.getState().selectNode(null));
    expect(useEditorStore.getState().dirty).toBe(false);
    expect(screen.getByText('Not saved yet')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Fallback time zone'), { target: { value: 'Europe/Paris' } });
    expect(useEditorStore.getState().dirty).toBe(true);
  });

  it('goes without asking when nothing changed', async () => {
    await openEditor();
    act(() => navigate('#/'));
    expect(await screen.findByText('Another page')).toBeInTheDocument();
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('asks before leaving unsaved changes; Stay keeps them, Leave without saving goes', async () => {
    await openEditor();
    rename('Changed');
    act(() => navigate('#/'));
    const dialog = screen.getByRole('alertdialog', { name: 'Leave with unsaved changes?' });
    expect(window.location.hash).toBe(EDITOR);
    expect(within(dialog).getByRole('button', { name: 'Save draft and leave' })).toHaveFocus();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Stay' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByLabelText('Journey name')).toHaveValue('Changed');
    expect(screen.getByText('Not saved yet')).toBeInTheDocument();

    act(() => navigate('#/'));
    fireEvent.click(screen.getByRole('button', { name: 'Leave without saving' }));
    expect(await screen.findByText('Another page')).toBeInTheDocument();
    expect(window.location.hash).toBe('#/');
  });

  it('keeps keys inside the dialog: Escape stays, Delete does not touch the drawing', async () => {
    await openEditor();
    act(() => useEditorStore.getState().selectNode('done'));
    rename('Changed');
    act(() => navigate('#/'));
    const dialog = screen.getByRole('alertdialog');
    fireEvent.keyDown(within(dialog).getByRole('button', { name: 'Stay' }), { key: 'Delete' });
    expect(screen.getByTestId('node-done')).toBeInTheDocument();
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(window.location.hash).toBe(EDITOR);
  });

  it('holds Back: Stay puts the URL back, Leave without saving goes back after all', async () => {
    await openEditor();
    rename('Changed');
    act(() => history.back());
    await screen.findByRole('alertdialog');
    await waitFor(() => expect(window.location.hash).toBe(EDITOR));
    fireEvent.click(screen.getByRole('button', { name: 'Stay' }));
    expect(screen.getByLabelText('Journey name')).toHaveValue('Changed');

    act(() => history.back());
    fireEvent.click(await screen.findByRole('button', { name: 'Leave without saving' }));
    expect(await screen.findByText('Another page')).toBeInTheDocument();
    expect(window.location.hash).toBe('#/');
  });

  it('holds a link the same way: the top bar’s way back to the journey list', async () => {
    await openEditor();
    rename('Changed');
    fireEvent.click(screen.getByRole('link', { name: 'Trellis' }));
    await screen.findByRole('alertdialog');
    await waitFor(() => expect(window.location.hash).toBe(EDITOR));
    fireEvent.click(screen.getByRole('button', { name: 'Leave without saving' }));
    expect(await screen.findByText('Another page')).toBeInTheDocument();
    expect(window.location.hash).toBe('#/');
  });

  it('stays and says why when saving before leaving fails', async () => {
    // No server answers in this test: the save fails as it would with the server down.
    await openEditor();
    rename('Changed');
    act(() => navigate('#/'));
    fireEvent.click(screen.getByRole('button', { name: 'Save draft and leave' }));
    expect(await screen.findByRole('status')).toHaveTextContent('The server cannot be reached');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(window.location.hash).toBe(EDITOR);
    expect(useEditorStore.getState().dirty).toBe(true);
  });

  it('has the browser ask before closing or reloading the tab, only while changes are unsaved', async () => {
    await openEditor();
    const closing = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(closing()).toBe(false);
    rename('Changed');
    expect(closing()).toBe(true);
  });
});
