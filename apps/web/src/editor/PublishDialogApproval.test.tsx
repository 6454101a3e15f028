import type { Journey } from '@trellis/journey';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PublishPreview } from '../api/client.js';
import type { PublishRequestRecord, WhatIf } from '../api/publish-requests.js';
import type { Role } from '../api/people.js';
import { renderAs } from '../people/test-render.js';
import { PublishDialog } from './PublishDialog.js';

/** The publish dialog's approval state (approvals on) and its "Simulate the move" (issue 17, points 5 and 6). */

const at = { x: 0, y: 0 };
function drip(wait: string): Journey {
  return {
    schemaVersion: 1,
    name: 'Drip',
    settings: {},
    nodes: [
      { id: 't', type: 'trigger', position: at, data: { on: { event: 'form_submitted' } } },
      { id: 'w', type: 'wait', position: at, data: { for: wait } },
      { id: 'x', type: 'exit', position: at, data: { outcome: 'done' } },
    ],
    edges: [
      { id: 'e1', source: 't', target: 'w' },
      { id: 'e2', source: 'w', target: 'x' },
    ],
  };
}

const preview = (toNode: string | null): PublishPreview => ({
  version: 3,
  changes: [{ mark: 'changed', nodeId: 'w', text: 'Changed wait w', fields: [{ field: 'for', before: '3 days', after: '1 day' }] }],
  inFlight: [{ fromVersion: 2, fromNode: 'w', toNode, leads: 1000 }],
  problems: [],
});

const whatIf: WhatIf = {
  version: 3,
  start: '2026-03-02T09:00:00.000Z',
  until: '2026-04-01T09:00:00.000Z',
  sample: { total: 25_000, simulated: 10_000, isSample: true },
  inFlight: preview('w').inFlight,
  landings: [{ fromVersion: 2, fromNode: 'w', toNode: 'w', leads: 10_000 }],
  nodes: [
    { version: 3, nodeId: 'w', reached: 10_000, current: 4_000 },
    { version: 3, nodeId: 'x', reached: 6_000, current: 0 },
  ],
  outcomes: { done: 6_000 },
  inside: 4_000,
  sends: [],
};

function renderDialog(role: Role, required: boolean, onPublish = vi.fn()) {
  renderAs(role, <PublishDialog journeyId="j1" draft={drip('P1D')} publishing={false} onPublish={onPublish} onCancel={() => {}} />, [
    [['settings', 'approvals'], { required }],
    [['journeys', 'j1', 'publish-preview', {}], preview('w')],
    [['journeys', 'j1', 'publish-preview', { w: null }], preview(null)],
    [['journeys', 'j1', 'version', 2], { journeyId: 'j1', version: 2, publishedAt: '2026-03-01T00:00:00.000Z', journey: drip('P3D') }],
  ]);
  return onPublish;
}

/** The server's answers by method and path; every request is kept to be read. */
function answering(answers: Record<string, unknown>) {
  const sent: { method: string; path: string; body: unknown }[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (url, init) => {
    const method = init?.method ?? 'GET';
    const path = String(url);
    sent.push({ method, path, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    const answer = answers[`${method} ${path}`];
    return answer === undefined ? new Promise<Response>(() => {}) : Response.json(answer, { status: method === 'POST' && path.endsWith('publish-requests') ? 201 : 200 });
  });
  return sent;
}

afterEach(() => vi.restoreAllMocks());

const pending: PublishRequestRecord = {
  id: 'r1',
  journeyId: 'j1',
  status: 'pending',
  stale: false,
  inFlight: 'move',
  map: { w: null },
  baseVersion: 2,
  requestedBy: 'marketer person',
  requestedAt: '2026-03-02T09:00:00.000Z',
  decidedBy: null,
  decidedAt: null,
  comment: null,
  version: null,
};

describe('PublishDialog with approvals', () => {
  it('asks for approval instead of publishing, with the choice and the targets picked', async () => {
    const sent = answering({ 'POST /api/journeys/j1/publish-requests': pending });
    const onPublish = renderDialog('marketer', true);
    expect(await screen.findByText(/needs a reviewer or an admin to approve each publish/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Publish version 3' })).toBeNull();
    fireEvent.click(screen.getByLabelText(/Move them to version 3/));
    fireEvent.change(screen.getByRole('combobox', { name: 'Where the leads at v2 · Wait 3 days go' }), { target: { value: '' } });
    await screen.findByLabelText(/Move them to version 3 \(0 move, 1,000 stay\)/);
    fireEvent.click(screen.getByRole('button', { name: 'Request approval' }));
    expect(await screen.findByRole('heading', { name: 'Approval requested' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('publish version 3, moving the leads inside as you chose');
    expect(sent.filter((r) => r.method === 'POST')).toEqual([
      { method: 'POST', path: '/api/journeys/j1/publish-requests', body: { inFlight: 'move', map: { w: null } } },
    ]);
    expect(onPublish).not.toHaveBeenCalled();
  });

  it('lets an admin publish directly, and a marketer when approvals are off', async () => {
    const byAdmin = renderDialog('admin', true);
    fireEvent.click(await screen.findByRole('button', { name: 'Publish version 3' }));
    expect(byAdmin).toHaveBeenCalledWith({ inFlight: 'stay' });
  });

  it('publishes directly with approvals off', async () => {
    const onPublish = renderDialog('marketer', false);
    fireEvent.click(await screen.findByRole('button', { name: 'Publish version 3' }));
    expect(onPublish).toHaveBeenCalledWith({ inFlight: 'stay' });
    expect(screen.queryByText(/needs a reviewer/)).toBeNull();
  });
});

describe('PublishDialog: Simulate the move', () => {
  it('simulates the move with the targets picked and shows each step, the outcomes and that it is a sample', async () => {
    const sent = answering({ 'POST /api/journeys/j1/publish/simulate': whatIf });
    renderDialog('marketer', false);
    fireEvent.click(await screen.findByRole('button', { name: 'Simulate the move' }));
    const result = await screen.findByTestId('what-if');
    expect(sent.filter((r) => r.method === 'POST')).toEqual([{ method: 'POST', path: '/api/journeys/j1/publish/simulate', body: { map: {}, days: 30 } }]);
    expect(result).toHaveTextContent('A sample of 10,000 of the 25,000 leads inside');
    expect(within(result).getAllByTestId('what-if-node').map((row) => row.textContent)).toEqual(['v3 · Wait 1 day10,0004,000', 'v3 · x6,0000']);
    expect(within(result).getByTestId('what-if-outcomes')).toHaveTextContent('After 30 days: 6,000 done · 4,000 still inside');
    expect(within(result).queryByText(/The targets changed since/)).toBeNull();

    // Other targets than the ones simulated: the result says it is out of date.
    fireEvent.click(screen.getByLabelText(/Move them to version 3/));
    fireEvent.change(screen.getByRole('combobox', { name: 'Where the leads at v2 · Wait 3 days go' }), { target: { value: '' } });
    await waitFor(() => expect(screen.getByText(/The targets changed since: simulate again/)).toBeInTheDocument());
    expect(screen.getByRole('button', { name: 'Simulate again' })).toBeEnabled();
  });

  it('says why when the simulation is refused', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async () =>
      Response.json({ error: { code: 'too_much_work', message: 'The simulation stopped: lead "ada" took more than 100,000 steps.' } }, { status: 422 }),
    );
    renderDialog('marketer', false);
    fireEvent.click(await screen.findByRole('button', { name: 'Simulate the move' }));
    expect(await screen.findByText(/took more than 100,000 steps/)).toBeInTheDocument();
  });
});
