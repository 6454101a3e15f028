import type { SendNode } from '@trellis/journey';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Template } from '../api/client.js';
import { SendForm } from './NodeForms.js';
import { primeTemplateEditor, serveTemplateEditor } from './template-dialog-test-server.js';

const STORED: Template[] = [{ id: 'nudge', name: 'Nudge', channel: 'sms' }];

/** The send form in the page's root (the dialog makes the root inert), with the templates loaded. */
function setup(data: SendNode['data']) {
  const root = document.createElement('div');
  root.id = 'root';
  document.body.appendChild(root);
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  primeTemplateEditor(client, STORED, { lead: ['lead.email'], attributes: ['lead.first_name'] });
  const seen = { data, changes: 0 };
  function Harness() {
    const [current, setCurrent] = useState(data);
    const node: SendNode = { id: 'hello', type: 'send', position: { x: 0, y: 0 }, data: current };
    return (
      <SendForm
        node={node}
        change={(next) => {
          seen.data = next;
          seen.changes += 1;
          setCurrent(next);
        }}
      />
    );
  }
  render(
    <QueryClientProvider client={client}>
      <Harness />
    </QueryClientProvider>,
    { container: root },
  );
  return { seen, root };
}

/** The server at the HTTP edge, its list holding the template a test creates. */
const serve = () => serveTemplateEditor([...STORED, { id: 'sms-new', name: 'Welcome SMS', channel: 'sms', body: 'Hi' }]);

afterEach(() => {
  vi.restoreAllMocks();
  document.getElementById('root')?.remove();
});

describe('New template… on a send step', () => {
  it("opens the step's channel's editor in a labelled modal dialog; closing asks before dropping what was typed, and leaves the step and focus as they were", () => {
    const fetch = serve();
    const { seen, root } = setup({ channel: 'sms', template: 'nudge' });
    const opener = screen.getByRole('button', { name: 'New template…' });
    opener.focus();
    fireEvent.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'New SMS template' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(root).toHaveAttribute('inert');
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Name'));
    expect(within(dialog).getByLabelText('Text message')).toBeInTheDocument();

    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Half written' } });
    // Something was typed: Escape asks first, and Escape again (or Keep editing) goes back to it.
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    const asked = screen.getByRole('alertdialog', { name: 'Discard this template? What you wrote is not saved.' });
    expect(document.activeElement).toBe(within(asked).getByRole('button', { name: 'Keep editing' }));
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(within(dialog).getByLabelText('Name')).toHaveValue('Half written');
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Name'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Discard' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(root).not.toHaveAttribute('inert');
    expect(document.activeElement).toBe(opener);
    expect([seen.changes, seen.data.template]).toEqual([0, 'nudge']);
    expect(fetch.mock.calls.filter(([url, init]) => String(url).endsWith('/api/templates') && init?.method === 'POST')).toEqual([]);
  });

  it('closes an email template at once when nothing was typed (the rich-text body opening empty is no edit)', async () => {
    serve();
    setup({ channel: 'email', template: 'nudge' });
    fireEvent.click(screen.getByRole('button', { name: 'New template…' }));
    const dialog = await screen.findByRole('dialog', { name: 'New Email template' });
    await waitFor(() => expect(dialog.querySelector('[contenteditable="true"]')).not.toBeNull());
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('keeps Tab inside the dialog, and the journey editor never hears its keys', () => {
    serve();
    setup({ channel: 'sms', template: 'nudge' });
    fireEvent.click(screen.getByRole('button', { name: 'New template…' }));
    const dialog = screen.getByRole('dialog');
    const close = within(dialog).getByRole('button', { name: 'Close without saving' });
    const cancel = within(dialog).getByRole('button', { name: 'Cancel' });
    const focusable = [...dialog.querySelectorAll<HTMLElement>('button:not(:disabled), input, select, textarea, a[href]')];
    const last = focusable[focusable.length - 1]!;
    last.focus();
    fireEvent.keyDown(last, { key: 'Tab' });
    expect(document.activeElement).toBe(close);
    fireEvent.keyDown(close, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(last);

    const heard = vi.fn();
    window.addEventListener('keydown', heard);
    fireEvent.keyDown(cancel, { key: 'Delete' });
    window.removeEventListener('keydown', heard);
    expect(heard).not.toHaveBeenCalled();
    fireEvent.click(cancel);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('saves the new template, picks it on the step and closes', async () => {
    const fetch = serve();
    const { seen } = setup({ label: 'Say hi', channel: 'sms', template: 'nudge' });
    fireEvent.click(screen.getByRole('button', { name: 'New template…' }));
    const dialog = screen.getByRole('dialog', { name: 'New SMS template' });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Welcome SMS' } });
    fireEvent.change(within(dialog).getByLabelText('Id (what send steps name)'), { target: { value: 'sms-new' } });
    fireEvent.change(within(dialog).getByLabelText('Text message'), { target: { value: 'Hi {{ lead.first_name }}' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(seen.data).toStrictEqual({ label: 'Say hi', channel: 'sms', template: 'sms-new' });
    expect(screen.getByLabelText('Template')).toHaveValue('sms-new');
    expect(screen.getByRole('option', { name: 'Welcome SMS (sms-new)' })).toBeInTheDocument();
    const created = fetch.mock.calls.find(([url, init]) => String(url).endsWith('/api/templates') && init?.method === 'POST')!;
    expect(JSON.parse(String(created[1]!.body))).toEqual({ id: 'sms-new', name: 'Welcome SMS', channel: 'sms', subject: null, body: 'Hi {{ lead.first_name }}', html: null });
  });
});
