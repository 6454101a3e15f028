import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Handoff, Lead, SalesTask } from '../api/people.js';
import { PeoplePages } from '../people/PeoplePages.js';
import { renderAs } from '../people/test-render.js';
import { nextAfter, SalesDesk } from './SalesDesk.js';

const inHours = (h: number) => new Date(Date.now() + h * 3_600_000 + 30_000).toISOString();

const handoff = (leadId: string, dueAt: string | null, lead: Handoff['lead'] = { email: null, name: null, company: null }): Handoff => ({
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
  lead,
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

const adaCard = { email: 'ada@example.com', name: 'Ada Lovelace', company: 'Analytical Engines' };

const task = (over: Partial<SalesTask> = {}): SalesTask => ({
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
  createdAt: inHours(-2),
  completedAt: null,
  lead: adaCard,
  ...over,
});

const emptyLists: Array<[readonly unknown[], unknown]> = [
  [['handoffs', 'open'], { handoffs: [] }],
  [['tasks', 'open'], { tasks: [] }],
  [['handoffs', 'returning'], { handoffs: [] }],
];

afterEach(() => vi.restoreAllMocks());

describe('the sales desk', () => {
  it("lists open handoffs by the lead's name with their SLA countdown, and shows the first lead's profile and timeline", () => {
    renderAs('sales', <SalesDesk />, [
      ...emptyLists,
      [['handoffs', 'open'], { handoffs: [handoff('ada', inHours(3), adaCard), handoff('bo', inHours(-2))] }],
      [['tasks', 'open'], { tasks: [task()] }],
      [['lead', 'ada'], lead],
      [['lead', 'ada', 'timeline'], { items: [{ kind: 'event', at: '2026-03-02T09:00:00.000Z', id: 'e', type: 'demo_requested', props: {} }] }],
    ]);
    const ada = screen.getByTestId('handoff-ada');
    expect(within(ada).getByText('Ada Lovelace')).toBeInTheDocument();
    expect(within(ada).getByText('ada@example.com · Analytical Engines')).toBeInTheDocument();
    expect(within(ada).getByText('3 h 0 min left')).toBeInTheDocument();
    // A lead known by nothing but its id is called by it.
    expect(within(screen.getByTestId('handoff-bo')).getByText('bo')).toBeInTheDocument();
    expect(within(screen.getByTestId('handoff-bo')).getByText(/^overdue by 1 h 59 min$/)).toHaveClass('sla--overdue');
    const card = screen.getByRole('region', { name: 'Handoff' });
    expect(within(card).getByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
    expect(within(card).getAllByText('Analytical Engines').length).toBeGreaterThan(0);
    expect(within(card).getByTestId('lead-timeline')).toHaveTextContent('Event demo_requested');
  });

  it('filters the lists to mine and to one queue, and counts what is left', () => {
    const mine = { ...handoff('ada', inHours(3), adaCard), assignee: 'Sales Person' };
    const enterprise = { ...handoff('bo', inHours(4)), queue: 'enterprise', assignee: 'sales person' };
    renderAs('sales', <SalesDesk />, [
      [['handoffs', 'open'], { handoffs: [mine, enterprise, handoff('cy', inHours(5))] }],
      [['tasks', 'open'], { tasks: [task(), task({ id: 't2', assignee: 'sales person' })] }],
      [['handoffs', 'returning'], { handoffs: [] }],
    ]);
    const listed = () => screen.getAllByTestId(/^handoff-/).map((li) => li.dataset.testid);
    expect(listed()).toEqual(['handoff-ada', 'handoff-bo', 'handoff-cy']);
    fireEvent.click(screen.getByLabelText('Mine only'));
    expect(listed()).toEqual(['handoff-ada', 'handoff-bo']);
    expect(screen.getAllByRole('tab').map((tab) => tab.textContent)).toEqual(['Handoffs 2', 'Tasks 1', 'Coming back 0']);
    fireEvent.change(screen.getByLabelText('Queue'), { target: { value: 'enterprise' } });
    expect(listed()).toEqual(['handoff-bo']);
    fireEvent.change(screen.getByLabelText('Queue'), { target: { value: 'inside' } });
    fireEvent.click(screen.getByLabelText('Mine only'));
    expect(listed()).toEqual(['handoff-ada', 'handoff-cy']);
  });

  it('keeps handoffs, tasks and leads coming back one tab apart, each with its count', () => {
    const returnAt = new Date(Date.now() + 20 * 86_400_000).toISOString();
    const many = Array.from({ length: 72 }, (_, i) => handoff(`lead${i}`, inHours(i + 1)));
    renderAs('sales', <SalesDesk />, [
      [['handoffs', 'open'], { handoffs: many }],
      [['tasks', 'open'], { tasks: [task(), task({ id: 't2', kind: 'voicemail', title: 'Voicemail for Ada', dueAt: inHours(5) })] }],
      [['handoffs', 'returning'], { handoffs: [{ ...handoff('cy', null), status: 'recycled', answeredBy: 'sam', note: 'Budget in Q3', returnAt }] }],
    ]);
    expect(screen.getAllByRole('tab').map((tab) => tab.textContent)).toEqual(['Handoffs 72', 'Tasks 2', 'Coming back 1']);
    expect(screen.getAllByTestId(/^handoff-/)).toHaveLength(72);
    expect(screen.queryByTestId('returning-cy')).toBeNull();

    fireEvent.click(screen.getByRole('tab', { name: /^Tasks/ }));
    expect(screen.queryByTestId('handoff-lead0')).toBeNull();
    const [call, voicemail] = screen.getAllByTestId('task-ada');
    // The icon says the kind; the title is the template's words, once.
    expect(call).toHaveTextContent(/^☎ Call Ada about the demo/);
    expect(within(call!).getByRole('img', { name: 'Call task' })).toBeInTheDocument();
    expect(voicemail).toHaveTextContent(/^Voicemail for Ada/);
    expect(within(voicemail!).getByRole('img', { name: 'Voicemail task' })).toBeInTheDocument();
    expect(call).toHaveTextContent('Ada Lovelace · ada@example.com · Analytical Engines');
    const taskCard = screen.getByRole('region', { name: 'Task' });
    expect(within(taskCard).getByText('Ask which day suits.')).toBeInTheDocument();
    expect(within(taskCard).getByLabelText('Result')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('tab', { name: /^Coming back/ }));
    const item = screen.getByTestId('returning-cy');
    expect(item).toHaveTextContent('in 20 days');
    expect(item).toHaveTextContent('Recycled by sam: Budget in Q3');
  });

  it('moves between the tabs with the arrow keys, Home and End, one Tab stop for the row', () => {
    renderAs('sales', <SalesDesk />, [
      [['handoffs', 'open'], { handoffs: [] }],
      [['tasks', 'open'], { tasks: [] }],
      [['handoffs', 'returning'], { handoffs: [] }],
    ]);
    const tab = (name: RegExp) => screen.getByRole('tab', { name });
    expect(screen.getAllByRole('tab').map((t) => t.tabIndex)).toEqual([0, -1, -1]);
    fireEvent.keyDown(tab(/^Handoffs/), { key: 'ArrowRight' });
    expect(tab(/^Tasks/)).toHaveAttribute('aria-selected', 'true');
    expect(tab(/^Tasks/)).toHaveFocus();
    fireEvent.keyDown(tab(/^Tasks/), { key: 'End' });
    expect(tab(/^Coming back/)).toHaveFocus();
    fireEvent.keyDown(tab(/^Coming back/), { key: 'ArrowRight' });
    expect(tab(/^Handoffs/)).toHaveFocus();
    fireEvent.keyDown(tab(/^Handoffs/), { key: 'ArrowLeft' });
    expect(tab(/^Coming back/)).toHaveAttribute('aria-selected', 'true');
    expect(screen.getAllByRole('tab').map((t) => t.tabIndex)).toEqual([-1, -1, 0]);
  });

  it('says a task written due now is due now, not overdue', () => {
    const now = new Date().toISOString();
    renderAs('sales', <SalesDesk />, [...emptyLists, [['tasks', 'open'], { tasks: [task({ dueAt: now, createdAt: now })] }]]);
    fireEvent.click(screen.getByRole('tab', { name: /^Tasks/ }));
    const due = within(screen.getByTestId('task-ada')).getByText('due now');
    expect(due).not.toHaveClass('sla--overdue');
  });

  it('asks for a note, and for recycling also the date to bring the lead back', () => {
    renderAs('sales', <SalesDesk />, [
      ...emptyLists,
      [['handoffs', 'open'], { handoffs: [handoff('ada', inHours(3))] }],
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

  it('explains a return date typed by hand that cannot be used, and will not recycle with it', () => {
    renderAs('sales', <SalesDesk />, [
      ...emptyLists,
      [['handoffs', 'open'], { handoffs: [handoff('ada', inHours(3))] }],
      [['lead', 'ada'], lead],
      [['lead', 'ada', 'timeline'], { items: [] }],
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Recycle' }));
    const date = screen.getByLabelText('Bring the lead back on');
    const inYears = (years: number) => {
      const d = new Date();
      return new Date(d.getFullYear() + years, d.getMonth(), d.getDate() - 1, 12);
    };
    const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    expect(date).toHaveAttribute('max', day(new Date(new Date().getFullYear() + 10, new Date().getMonth(), new Date().getDate())));
    const recycle = screen.getByRole('button', { name: 'Recycle the lead' });

    fireEvent.change(date, { target: { value: day(inYears(0)) } });
    expect(screen.getByTestId('return-explained')).toHaveTextContent('That day has already passed: pick tomorrow or a later day.');
    expect(screen.getByTestId('return-explained')).not.toHaveTextContent('today');
    expect(recycle).toBeDisabled();
    fireEvent.change(date, { target: { value: day(inYears(11)) } });
    expect(screen.getByTestId('return-explained')).toHaveTextContent(/^That is more than 10 years ahead: pick a day no later than/);
    expect(recycle).toBeDisabled();
    fireEvent.change(date, { target: { value: day(inYears(1)) } });
    expect(screen.getByTestId('return-explained')).toHaveTextContent(/no earlier than .* · in 12 months/);
    expect(recycle).toBeEnabled();
  });

  it('moves focus to the confirmation once a lead is answered, not to the page', async () => {
    // The answer is accepted; the lists asked again afterwards are left unanswered, as they are not what is tested.
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (_url, init) =>
      init?.method === 'POST'
        ? Response.json({ ...handoff('ada', inHours(3), adaCard), status: 'accepted', answeredAt: new Date().toISOString(), answeredBy: 'sam' })
        : new Promise<Response>(() => {}),
    );
    renderAs('sales', <SalesDesk />, [
      ...emptyLists,
      [['handoffs', 'open'], { handoffs: [handoff('ada', inHours(3), adaCard), handoff('bob', inHours(4))] }],
      [['lead', 'ada'], lead],
      [['lead', 'ada', 'timeline'], { items: [] }],
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Accept' }));
    fireEvent.click(screen.getByRole('button', { name: 'Accept the lead' }));
    const notice = await screen.findByRole('status');
    expect(notice).toHaveTextContent('Accepted Ada Lovelace');
    await waitFor(() => expect(document.activeElement).toBe(notice.parentElement));
  });

  it('after an item is worked, moves on to the one after it in the list, else the one before', () => {
    const list = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(nextAfter(list, 'b')).toBe('c');
    expect(nextAfter(list, 'c')).toBe('b');
    expect(nextAfter([{ id: 'a' }], 'a')).toBeNull();
    expect(nextAfter(list, 'gone')).toBeNull();
  });
});

describe('the sales desk by role', () => {
  it('asks nothing for a role that may not work the queue', () => {
    const fetch = vi.spyOn(globalThis, 'fetch');
    renderAs('operator', <SalesDesk />);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('is not mounted until the role is known, so it asks only who is signed in', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockImplementation(() => new Promise<Response>(() => {}));
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <QueryClientProvider client={client}>
        <PeoplePages route={{ page: 'sales' }} />
      </QueryClientProvider>,
    );
    await waitFor(() => expect(fetch).toHaveBeenCalled());
    expect(fetch.mock.calls.map(([url]) => String(url))).toEqual(['/api/me']);
    expect(screen.queryByRole('tab')).toBeNull();
  });
});
