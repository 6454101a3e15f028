import type { Journey } from '@trellis/journey';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PublishRequestRecord, RequestReview } from '../api/publish-requests.js';
import type { Role } from '../api/people.js';
import { renderAs } from '../people/test-render.js';
import { ApprovalChip, PublishRequestPanel } from './PublishRequestPanel.js';

/** Approvals, the reviewer's side: the pending request's review, approve, decline, the history (issue 17, point 5). */

const at = { x: 0, y: 0 };
const v1: Journey = {
  schemaVersion: 1,
  name: 'Drip',
  settings: {},
  nodes: [
    { id: 't', type: 'trigger', position: at, data: { on: { event: 'form_submitted' } } },
    { id: 'w', type: 'wait', position: at, data: { for: 'P3D' } },
    { id: 'x', type: 'exit', position: at, data: { outcome: 'done' } },
  ],
  edges: [
    { id: 'e1', source: 't', target: 'w' },
    { id: 'e2', source: 'w', target: 'x' },
  ],
};

function record(over: Partial<PublishRequestRecord>): PublishRequestRecord {
  return {
    id: 'r2',
    journeyId: 'j1',
    status: 'pending',
    stale: false,
    inFlight: 'move',
    map: {},
    baseVersion: 1,
    requestedBy: 'Maya',
    requestedAt: '2026-03-02T09:00:00.000Z',
    decidedBy: null,
    decidedAt: null,
    comment: null,
    version: null,
    ...over,
  };
}

const review = (request: PublishRequestRecord): RequestReview => ({
  request,
  review: {
    version: 2,
    changes: [{ mark: 'changed', nodeId: 'w', text: 'Changed wait w', fields: [{ field: 'for', before: '3 days', after: '1 day' }] }],
    inFlight: [{ fromVersion: 1, fromNode: 'w', toNode: 'w', leads: 40 }],
    problems: [],
  },
});

const declined = record({ id: 'r1', status: 'declined', decidedBy: 'Rui', comment: 'Too pushy', requestedAt: '2026-03-01T09:00:00.000Z' });

function renderPanel(role: Role, pending: PublishRequestRecord) {
  renderAs(role, <PublishRequestPanel journeyId="j1" />, [
    [['journeys', 'j1', 'publish-requests'], { requests: [pending, declined] }],
    [['journeys', 'j1', 'publish-requests', pending.id], review(pending)],
    [['journeys', 'j1', 'version', 1], { journeyId: 'j1', version: 1, publishedAt: '2026-03-01T00:00:00.000Z', journey: v1 }],
  ]);
}

afterEach(() => vi.restoreAllMocks());

describe('PublishRequestPanel', () => {
  it('shows a reviewer the pending request with the same review, and approves it', async () => {
    const sent: { path: string; body: unknown }[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (url, init) => {
      if (init?.method !== 'POST') return new Promise<Response>(() => {});
      sent.push({ path: String(url), body: JSON.parse(String(init.body)) });
      return Response.json({ request: record({ status: 'approved', decidedBy: 'reviewer person', version: 2 }), version: 2, moved: 40, stayed: 0 });
    });
    renderPanel('reviewer', record({}));
    const pending = screen.getByTestId('pending-request');
    expect(pending).toHaveTextContent('Approval requested by Maya');
    expect(pending).toHaveTextContent('publish and move the leads inside to the new version');
    expect(pending).toHaveTextContent('Changed wait wfor 3 days → 1 day');
    expect(await within(pending).findByText('40 at v1 · Wait 3 days → the same step in version 2')).toBeInTheDocument();
    expect(screen.getAllByTestId('request-history').map((li) => li.textContent)).toEqual([expect.stringMatching(/^Declined by Rui: “Too pushy”\. Maya asked /)]);

    fireEvent.click(screen.getByRole('button', { name: 'Approve and publish version 2' }));
    expect(await screen.findByText('Published version 2.')).toBeInTheDocument();
    expect(sent).toEqual([{ path: '/api/journeys/j1/publish-requests/r2/approve', body: {} }]);
  });

  it('declines only with a comment, and sends it', async () => {
    const sent: unknown[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (_url, init) => {
      if (init?.method !== 'POST') return new Promise<Response>(() => {});
      sent.push(JSON.parse(String(init.body)));
      return Response.json({ request: record({ status: 'declined', decidedBy: 'reviewer person', comment: 'Not this week' }) });
    });
    renderPanel('reviewer', record({}));
    const decline = screen.getByRole('button', { name: 'Decline' });
    expect(decline).toBeDisabled();
    fireEvent.change(screen.getByRole('textbox', { name: /Comment/ }), { target: { value: 'Not this week' } });
    fireEvent.click(decline);
    await waitFor(() => expect(sent).toEqual([{ comment: 'Not this week' }]));
  });

  it('tells the requester someone else approves, and offers them no approve button', () => {
    renderPanel('admin', record({ requestedBy: 'admin person' }));
    expect(screen.getByText('You asked for this publish: someone else approves it.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Approve/ })).toBeNull();
  });

  it('says a stale request is stale, and will not approve it', () => {
    renderPanel('reviewer', record({ stale: true }));
    expect(screen.getByRole('status')).toHaveTextContent('The draft has changed since Maya asked: this request is stale');
    expect(screen.getByRole('button', { name: 'Approve and publish version 2' })).toBeDisabled();
  });

  it('shows an operator the request without deciding', () => {
    renderPanel('operator', record({}));
    expect(screen.getByTestId('pending-request')).toHaveTextContent('Approval requested by Maya');
    expect(screen.queryByRole('button', { name: /Approve|Decline/ })).toBeNull();
  });
});

describe('ApprovalChip', () => {
  it('names who asked and links to the review', () => {
    renderAs('reviewer', <ApprovalChip journeyId="j 1" request={{ by: 'Maya', stale: false }} />);
    const chip = screen.getByRole('link', { name: 'Approval requested by Maya' });
    expect(chip).toHaveAttribute('href', '#/review/j%201');
  });
});
