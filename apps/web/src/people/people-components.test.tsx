import type { Journey } from '@trellis/journey';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CommentThread } from '../api/people.js';
import { CommentThreads } from '../review/CommentThreads.js';
import { EditorsOnly, JourneyRowLinks } from './JourneyRowLinks.js';
import { LeadProfile } from './LeadProfile.js';
import { NodeReadout } from './NodeReadout.js';
import { ReadOnlyJourney } from './ReadOnlyJourney.js';
import { renderAs } from './test-render.js';
import { PeoplePages } from './PeoplePages.js';
import { EditorOrReview } from './RoleGate.js';
import { PeopleTopBar } from './TopBar.js';

const journey: Journey = {
  schemaVersion: 1,
  name: 'Demo follow-up',
  settings: {},
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { label: 'Demo requested', on: { event: 'demo_requested' } } },
    { id: 'sales', type: 'handoff', position: { x: 300, y: 0 }, data: { label: 'Hand to sales', queue: 'inside', assign: 'round_robin', sla: 'PT4H' } },
    { id: 'won', type: 'exit', position: { x: 600, y: 0 }, data: { label: 'Won', outcome: 'converted' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'sales' },
    { id: 'e2', source: 'sales', target: 'won', sourceHandle: 'accepted' },
  ],
};

const thread = (over: Partial<CommentThread>): CommentThread => ({
  id: 't1',
  nodeId: 'sales',
  version: 1,
  author: 'Maya',
  body: 'Is four hours enough?',
  createdAt: '2026-03-02T09:00:00.000Z',
  resolved: false,
  resolvedAt: null,
  resolvedBy: null,
  replies: [],
  ...over,
});

describe('review components', () => {
  it('reads a handoff step as text: what it does, where each answer leads, its settings', () => {
    renderAs('reviewer', <NodeReadout journey={journey} node={journey.nodes[1]!} />);
    expect(screen.getByRole('heading', { name: 'Hand to sales' })).toBeInTheDocument();
    expect(screen.getByText('inside · round robin · SLA 4 hours')).toBeInTheDocument();
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'accepted → Won',
      'recycled → not connected',
      'disqualified → not connected',
      'SLA expired → not connected',
      // Settings as sentences in the card's words, not the document's `round_robin` or JSON.
      'Hands the lead to the inside queue (round robin).',
      'Sales answer within 4 hours: accepted, recycled or disqualified; after that the SLA expired path.',
    ]);
  });

  it('shows the threads of one step, open before resolved, with authors and replies; a reader gets no buttons', () => {
    const threads = [
      thread({ id: 'a', resolved: true, resolvedBy: 'Lee', resolvedAt: '2026-03-03T09:00:00.000Z', body: 'Old point' }),
      thread({ id: 'b', replies: [{ id: 'r', author: 'Lee', body: 'Yes, the SLA is agreed.', createdAt: '2026-03-02T10:00:00.000Z' }] }),
      thread({ id: 'c', nodeId: null, body: 'About the whole journey' }),
    ];
    const { unmount } = renderAs('operator', <CommentThreads journeyId="j" nodeId="sales" version={1} threads={threads} canWrite={false} />);
    const shown = screen.getAllByTestId('comment-thread');
    expect(shown.map((t) => t.querySelector('.thread__body')!.textContent)).toEqual(['Is four hours enough?', 'Old point']);
    expect(within(shown[0]!).getByText('Yes, the SLA is agreed.')).toBeInTheDocument();
    expect(within(shown[1]!).getByText(/Resolved by Lee/)).toBeInTheDocument();
    expect(screen.getByText('1 open')).toBeInTheDocument();
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByRole('textbox')).toBeNull();
    unmount();

    renderAs('reviewer', <CommentThreads journeyId="j" nodeId="sales" version={1} threads={threads} canWrite />);
    expect(screen.getAllByRole('button', { name: 'Resolve' })).toHaveLength(1);
    expect(screen.getAllByRole('button', { name: 'Reopen' })).toHaveLength(1);
    expect(screen.getByLabelText('Comment on this step')).toBeInTheDocument();
  });

  it('draws the journey read-only with what the page puts on each node', async () => {
    renderAs('reviewer', <ReadOnlyJourney journey={journey} loadKey="j:1" extras={(id) => (id === 'sales' ? <span>2 comments</span> : null)} />);
    expect(await screen.findByTestId('node-sales')).toHaveTextContent('2 comments');
    expect(screen.getByTestId('node-won')).not.toHaveTextContent('comments');
    expect(document.querySelector('.react-flow__node.draggable')).toBeNull();
  });
});

describe('the lead profile', () => {
  const at = '2026-03-02T09:00:00.000Z';
  const lead = {
    id: 'cy',
    email: null,
    phone: null,
    timezone: null,
    owner: null,
    score: 0,
    stage: null,
    attributes: {},
    consent: {},
    createdAt: at,
    updatedAt: at,
    journeys: [
      { journeyId: 'j1', version: 1, nodeId: 'sales', status: 'active', enteredAt: at, endedAt: null, journeyName: 'Recycle and return', nodeLabel: null, nodeType: 'handoff' },
      { journeyId: 'j2', version: 3, nodeId: 'call', status: 'active', enteredAt: at, endedAt: null, journeyName: 'Speed to lead', nodeLabel: 'Call them', nodeType: 'send' },
    ],
  };
  const step = (journeyId: string, journeyName: string, nodeId: string, nodeLabel: string | null, nodeType: string) => ({
    kind: 'step',
    at,
    journeyId,
    runId: 'r',
    nodeId,
    handle: null,
    journeyName,
    nodeLabel,
    nodeType,
  });

  it("names journeys and steps, and says which journey each line is from when there are several", () => {
    renderAs('sales', <LeadProfile leadId="cy" />, [
      [['lead', 'cy'], lead],
      [['lead', 'cy', 'timeline'], { items: [step('j1', 'Recycle and return', 'sales', null, 'handoff'), step('j2', 'Speed to lead', 'call', 'Call them', 'send')] }],
    ]);
    expect(within(screen.getByRole('list', { name: 'Journeys' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      expect.stringMatching(/^In Recycle and return at Sales handoff \(since .+\)$/),
      expect.stringMatching(/^In Speed to lead at Call them \(since .+\)$/),
    ]);
    const lines = within(screen.getByTestId('lead-timeline')).getAllByRole('listitem');
    expect(lines.map((li) => li.querySelector('time + span')!.textContent)).toEqual([
      'Reached step Call them · Speed to lead',
      'Reached step Sales handoff · Recycle and return',
    ]);
  });

  it('links the phone to call and the email to write, and shows attributes as fields, not JSON', () => {
    const reachable = { ...lead, email: 'cy@example.com', phone: '+1 415 555 0100', attributes: { company: { size: 200 }, industry: 'saas' } };
    renderAs('sales', <LeadProfile leadId="cy" named={false} />, [
      [['lead', 'cy'], reachable],
      [['lead', 'cy', 'timeline'], { items: [] }],
    ]);
    expect(screen.getByRole('link', { name: '+1 415 555 0100' })).toHaveAttribute('href', 'tel:+14155550100');
    expect(screen.getByRole('link', { name: 'cy@example.com' })).toHaveAttribute('href', 'mailto:cy@example.com');
    expect(screen.getByText('company.size').nextSibling).toHaveTextContent(/^200$/);
    expect(screen.queryByText(/\{"size"/)).toBeNull();
  });
});

describe('pages by role', () => {
  it('offers each role only its pages', () => {
    const { unmount } = renderAs('sales', <PeopleTopBar title="x" />);
    expect(screen.getAllByRole('link').map((a) => a.textContent)).toEqual(['⋔Trellis', 'Leads', 'Queues', 'Sales desk']);
    unmount();
    const marketer = renderAs('marketer', <PeopleTopBar title="x" />);
    expect(screen.getAllByRole('link').map((a) => a.textContent)).toEqual(['⋔Trellis', 'Journeys', 'Leads', 'Segments', 'Scoring', 'Import', 'Messages', 'Senders', 'Queues']);
    marketer.unmount();
    renderAs('admin', <PeopleTopBar title="x" />);
    expect(screen.getAllByRole('link').map((a) => a.textContent)).toEqual([
      '⋔Trellis', 'Journeys', 'Leads', 'Segments', 'Scoring', 'Import', 'Messages', 'Senders', 'Queues', 'Sales desk', 'Tokens', 'Webhooks', 'Settings',
    ]);
  });

  it('links a journey to its review and results for readers and to the live view for operators; only editors may start journeys', () => {
    const { unmount } = renderAs('operator', <><JourneyRowLinks id="j1" publishedVersion={2} /><EditorsOnly>New journey</EditorsOnly></>);
    expect(screen.getAllByRole('link').map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['Review', '#/review/j1?version=2'],
      ['Results', '#/results/j1'],
      ['Live view', '#/operate/j1'],
    ]);
    expect(screen.queryByText('New journey')).toBeNull();
    unmount();
    renderAs('marketer', <EditorsOnly>New journey</EditorsOnly>);
    expect(screen.getByText('New journey')).toBeInTheDocument();
  });

  it('says a page is not for the role rather than showing refusals', () => {
    renderAs('reviewer', <PeoplePages route={{ page: 'tokens' }} />);
    expect(screen.getByRole('alert')).toHaveTextContent('The reviewer role cannot use this page.');
  });

  it('refuses a new journey to a role that may not edit, and opens the editor for one that may', () => {
    const { unmount } = renderAs('operator', <EditorOrReview id={null}>the editor</EditorOrReview>);
    expect(screen.getByRole('alert')).toHaveTextContent('The operator role cannot use this page.');
    expect(screen.queryByText('the editor')).toBeNull();
    unmount();
    renderAs('marketer', <EditorOrReview id={null}>the editor</EditorOrReview>);
    expect(screen.getByText('the editor')).toBeInTheDocument();
  });
});
