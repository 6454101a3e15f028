import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Handoff, Lead, SalesTask } from '../api/people.js';
import { renderAs } from '../people/test-render.js';
import { SalesDesk } from './SalesDesk.js';

const inHours = (h: number) => new Date(Date.now() + h * 3_600_000 + 30_000).toISOString();

const handoff = (leadId: string, dueAt: string | null): Handoff => ({
  id: `h-${leadId}`,
  leadId,
  journeyId: 'j1',
  nodeId: 'sales',
  queue: 'inside',
  assignee: 'sam',
  dueAt,
  status: 'open',
  note: null,
  createdAt: new Date().toISOString(),
  answeredAt: null,
  answeredBy: null,
  returnAt: null,
});

const lead: Lead = {
  id: 'ada',
  email: 'ada@example.com',
  phone: '+44 20 7946 0000',
  timezone: 'Europe/London',
  owner: 'sam',
  score: 55,
  stage: 'mql',
  attributes: { company: 'Analytical Engines' },
  consent: {},
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: '2026-03-02T09:00:00.000Z',
  journeys: [],
};

const task: SalesTask = {
  id: 't1',
  leadId: 'ada',
  sendId: 's1',
  journeyId: 'j1',
  kind: 'call',
  title: 'Call Ada about the demo',
  script: 'Ask which day suits.',
  assignee: 'sam',
  dueAt: inHours(-1),
  status: 'open',
  result: null,
  createdAt: new Date().toISOString(),
  completedAt: null,
};

describe('the sales desk', () => {
  it("lists open handoffs with their SLA countdown and shows the first lead's profile and timeline", () => {
    renderAs('sales', <SalesDesk />, [
      [['handoffs', 'open'], { handoffs: [handoff('ada', inHours(3)), handoff('bo', inHours(-2))] }],
      [['tasks', 'open'], { tasks: [task] }],
      [['handoffs', 'returning'], { handoffs: [] }],
      [['lead', 'ada'], lead],
      [['lead', 'ada', 'timeline'], { items: [{ kind: 'event', at: '2026-03-02T09:00:00.000Z', id: 'e', type: 'demo_requested', props: {} }] }],
    ]);
    expect(within(screen.getByTestId('handoff-ada')).getByText('3 h 0 min left')).toBeInTheDocument();
    expect(within(screen.getByTestId('handoff-bo')).getByText(/^overdue by 1 h 59 min$/)).toHaveClass('sla--overdue');
    const card = screen.getByRole('region', { name: 'Handoff' });
    expect(within(card).getByRole('heading', { name: 'ada@example.com' })).toBeInTheDocument();
    expect(within(card).getByText('Analytical Engines')).toBeInTheDocument();
    expect(within(card).getByTestId('lead-timeline')).toHaveTextContent('Event demo_requested');
    expect(within(screen.getByTestId('task-ada')).getByText('Call Ada about the demo')).toBeInTheDocument();
  });

  it('asks for a note, and for recycling also the date to bring the lead back', () => {
    renderAs('sales', <SalesDesk />, [
      [['handoffs', 'open'], { handoffs: [handoff('ada', inHours(3))] }],
      [['tasks', 'open'], { tasks: [] }],
      [['handoffs', 'returning'], { handoffs: [] }],
      [['lead', 'ada'], lead],
      [['lead', 'ada', 'timeline'], { items: [] }],
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Accept' }));
    expect(screen.getByRole('button', { name: 'Accept the lead' })).toBeInTheDocument();
    expect(screen.queryByLabelText('Bring the lead back on')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Recycle' }));
    const date = screen.getByLabelText('Bring the lead back on');
    expect(date).toHaveAttribute('type', 'date');
    expect(screen.getByTestId('return-explained')).toHaveTextContent('Leave empty to let the journey decide');
    fireEvent.click(screen.getByRole('button', { name: 'In 3 months' }));
    expect((date as HTMLInputElement).value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(screen.getByTestId('return-explained')).toHaveTextContent(/comes back to sales at the journey's next handoff, no earlier than .* · in 3 months/);
    fireEvent.change(date, { target: { value: '' } });
    expect(screen.getByTestId('return-explained')).toHaveTextContent('Leave empty to let the journey decide');
  });

  it('lists recycled leads coming back, with the date, who recycled them and why', () => {
    const returnAt = new Date(Date.now() + 20 * 86_400_000).toISOString();
    renderAs('sales', <SalesDesk />, [
      [['handoffs', 'open'], { handoffs: [] }],
      [['tasks', 'open'], { tasks: [] }],
      [['handoffs', 'returning'], { handoffs: [{ ...handoff('cy', null), status: 'recycled', answeredBy: 'sam', note: 'Budget in Q3', returnAt }] }],
    ]);
    const item = screen.getByTestId('returning-cy');
    expect(item).toHaveTextContent('in 20 days');
    expect(item).toHaveTextContent('Recycled by sam: Budget in Q3');
  });
});
