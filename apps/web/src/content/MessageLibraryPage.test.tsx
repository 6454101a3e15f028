import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderAs } from '../people/test-render.js';
import { MessageLibraryPage } from './MessageLibraryPage.js';

const stored = (id: string, channel: string, name: string, subject: string | null) => ({
  id,
  channel,
  name,
  subject,
  body: `Body of ${id}`,
  html: null,
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-01T09:00:00.000Z',
});
const answers: Array<[readonly unknown[], unknown]> = [
  [['library-templates'], { templates: [stored('welcome-1', 'email', 'Welcome', 'Hi {{ lead.first_name }}'), stored('sms-1', 'sms', 'Reminder', null)] }],
  [['template-uses'], { uses: [{ template: 'welcome-1', journeyId: 'j1', journeyName: 'Onboarding', version: 2, nodeId: 'hello', label: 'Welcome email' }] }],
];
const rowTexts = () => screen.getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell').slice(0, 4).map((c) => c.textContent));

describe('the message library', () => {
  it('lists every template with channel, subject and where it is sent, filtered by channel', () => {
    renderAs('reviewer', <MessageLibraryPage selected={null} />, answers);
    expect(rowTexts()).toEqual([
      ['Reminder sms-1', 'SMS', '—', 'not sent by a live journey'],
      ['Welcome welcome-1', 'Email', 'Hi {{ lead.first_name }}', 'Onboarding v2 · Welcome email'],
    ]);
    fireEvent.change(screen.getByLabelText('Channel'), { target: { value: 'email' } });
    expect(rowTexts().map((r) => r[0])).toEqual(['Welcome welcome-1']);
    fireEvent.change(screen.getByLabelText('Channel'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'reminder' } });
    expect(rowTexts().map((r) => r[0])).toEqual(['Reminder sms-1']);
  });

  it('opens one read-only with its uses; an operator, who may not preview, gets no preview', () => {
    renderAs('operator', <MessageLibraryPage selected="welcome-1" />, answers);
    expect(screen.getByRole('heading', { name: 'Welcome' })).toBeInTheDocument();
    expect(screen.getByTestId('template-body')).toHaveTextContent('Body of welcome-1');
    expect(screen.getByRole('link', { name: 'Onboarding' })).toHaveAttribute('href', '#/review/j1?version=2');
    expect(screen.queryByRole('region', { name: 'Preview' })).toBeNull();
    expect(screen.queryByRole('textbox')).toBeNull();
  });
});
