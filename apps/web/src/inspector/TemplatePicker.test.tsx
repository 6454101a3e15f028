import type { SendNode } from '@trellis/journey';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { Template } from '../api/client.js';
import type { StoredTemplate } from '../api/content.js';
import { defaultDataFor } from '../model/defaults.js';
import { SendForm } from './NodeForms.js';

const STORED: Template[] = [
  { id: 'welcome-mail', name: 'Welcome', channel: 'email' },
  { id: 'case-study', name: 'Case study', channel: 'email' },
  { id: 'nudge', name: 'Nudge', channel: 'sms' },
  { id: 'crm-hook', name: 'CRM', channel: 'webhook' },
];

/** The send form as the inspector shows it, with the stored templates already loaded. */
function setup(data: SendNode['data'], templates: Template[] | null = STORED, library: StoredTemplate[] = []) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  client.setQueryData(['templates'], templates);
  client.setQueryData(['library-templates'], { templates: library });
  const seen = { data };
  function Harness() {
    const [current, setCurrent] = useState(data);
    const node: SendNode = { id: 'hello', type: 'send', position: { x: 0, y: 0 }, data: current };
    return (
      <SendForm
        node={node}
        change={(next) => {
          seen.data = next;
          setCurrent(next);
        }}
      />
    );
  }
  render(
    <QueryClientProvider client={client}>
      <Harness />
    </QueryClientProvider>,
  );
  return seen;
}

const optionTexts = () => [...(screen.getByLabelText('Template') as HTMLSelectElement).options].map((o) => [o.textContent, o.disabled]);

describe('the template picker', () => {
  it("offers only the stored templates of the step's channel, and New template… opening the editor for that channel in a dialog", () => {
    setup({ channel: 'email', template: 'welcome-mail' });
    expect(optionTexts()).toEqual([
      ['Case study (case-study)', false],
      ['Welcome (welcome-mail)', false],
    ]);
    expect(screen.getByLabelText('Template')).toHaveValue('welcome-mail');
    fireEvent.click(screen.getByRole('button', { name: 'New template…' }));
    expect(screen.getByRole('dialog', { name: 'New Email template' })).toBeInTheDocument();
  });

  it("shows the chosen template's subject and first lines, with a link into the editor", () => {
    setup({ channel: 'email', template: 'welcome-mail' }, STORED, [
      { id: 'welcome-mail', channel: 'email', name: 'Welcome', subject: 'Hi {{ lead.first_name }}', body: 'Line one\n\nLine two\nLine three\nLine four', html: null, createdAt: '', updatedAt: '' },
    ]);
    expect(screen.getByTestId('glance-subject')).toHaveTextContent('Hi {{ lead.first_name }}');
    expect(screen.getByTestId('message-glance').querySelector('pre')?.textContent).toBe('Line one\nLine two\nLine three');
    expect(screen.getByRole('link', { name: 'Open in the message editor' })).toHaveAttribute('href', '#/messages/welcome-mail/edit');
  });

  it('starts a new send step with no template, asking for one of the stored templates', () => {
    const seen = setup(defaultDataFor('send') as SendNode['data']);
    expect(seen.data.template).toBe('');
    expect(screen.getByLabelText('Template')).toHaveValue('');
    expect(optionTexts()[0]).toEqual(['Choose a template…', false]);
    expect(screen.getByText('Pick one of 2 Email templates')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Template'), { target: { value: 'case-study' } });
    expect(seen.data).toStrictEqual({ label: 'Send email', channel: 'email', template: 'case-study' });
  });

  it('shows a template the step names that is not stored as what it is, not as a stored one', () => {
    setup({ label: 'Welcome email', channel: 'email', template: 'welcome-1' });
    expect(screen.getByLabelText('Template')).toHaveValue('welcome-1');
    expect(optionTexts()[0]).toEqual(['welcome-1 (not a stored Email template)', false]);
    expect(screen.getByText('"welcome-1" is not a stored Email template; pick one of 2')).toBeInTheDocument();
  });

  it("moves to the new channel's first stored template when the channel changes, or to none when it has none", () => {
    const seen = setup({ channel: 'email', template: 'welcome-mail' });
    fireEvent.change(screen.getByLabelText('Channel'), { target: { value: 'sms' } });
    expect(seen.data).toStrictEqual({ channel: 'sms', template: 'nudge' });
    expect(optionTexts()).toEqual([['Nudge (nudge)', false]]);
    fireEvent.click(screen.getByRole('button', { name: 'New template…' }));
    expect(screen.getByRole('dialog', { name: 'New SMS template' })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.change(screen.getByLabelText('Channel'), { target: { value: 'direct_mail' } });
    expect(seen.data).toStrictEqual({ channel: 'direct_mail', template: '' });
    expect(screen.getByText('There are no Direct mail templates yet')).toBeInTheDocument();
  });

  it('takes a typed id when the server keeps no templates, and leaves the check to publishing', () => {
    const seen = setup({ channel: 'email', template: '' }, null);
    fireEvent.change(screen.getByLabelText('Template'), { target: { value: 'welcome-2' } });
    expect(seen.data.template).toBe('welcome-2');
    expect(screen.getByText('The stored templates are not available; type the template id')).toBeInTheDocument();
  });
});
