import type { Journey } from '@trellis/journey';
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { PublishPreview } from '../api/client.js';
import { renderAs } from '../people/test-render.js';
import { PublishDialog } from './PublishDialog.js';

const at = { x: 0, y: 0 };
function drip(wait: string): Journey {
  return {
    schemaVersion: 1,
    name: 'Drip',
    settings: {},
    nodes: [
      { id: 't', type: 'trigger', position: at, data: { on: { event: 'form_submitted' } } },
      { id: 'w', type: 'wait', position: at, data: { for: wait } },
      { id: 'later', type: 'wait', position: at, data: { label: 'Cool off', for: 'P7D' } },
      { id: 'x', type: 'exit', position: at, data: { outcome: 'done' } },
    ],
    edges: [
      { id: 'e1', source: 't', target: 'w' },
      { id: 'e2', source: 'w', target: 'later' },
      { id: 'e3', source: 'later', target: 'x' },
    ],
  };
}

const preview = (toNode: string | null, problems: PublishPreview['problems'] = []): PublishPreview => ({
  version: 3,
  changes: [{ mark: 'changed', nodeId: 'w', text: 'Changed wait w', fields: [{ field: 'for', before: '3 days', after: '1 day' }] }],
  inFlight: [
    { fromVersion: 1, fromNode: 'w', toNode, leads: 1000 },
    { fromVersion: 2, fromNode: 'later', toNode: 'later', leads: 20 },
  ],
  problems,
});

function renderDialog(onPublish = vi.fn(), first = preview('w')) {
  renderAs('marketer', <PublishDialog journeyId="j1" draft={drip('P1D')} publishing={false} onPublish={onPublish} onCancel={() => {}} />, [
    [['journeys', 'j1', 'publish-preview', {}], first],
    [['journeys', 'j1', 'publish-preview', { w: null }], preview(null)],
    [['journeys', 'j1', 'version', 1], { journeyId: 'j1', version: 1, publishedAt: '2026-03-01T00:00:00.000Z', journey: drip('P3D') }],
    [['journeys', 'j1', 'version', 2], { journeyId: 'j1', version: 2, publishedAt: '2026-03-02T00:00:00.000Z', journey: drip('P2D') }],
  ]);
  return onPublish;
}

describe('PublishDialog', () => {
  it('shows the changes, the problems and where each running version and step’s leads land', async () => {
    renderDialog();
    expect(await screen.findByRole('heading', { name: 'Publish version 3' })).toBeInTheDocument();
    expect(screen.getByTestId('change-item')).toHaveTextContent('changedChanged wait wfor 3 days → 1 day');
    expect(within(screen.getByRole('region', { name: 'Problems' })).getByText('None.')).toBeInTheDocument();
    const rows = screen.getAllByTestId('landing');
    expect(rows.map((r) => r.textContent?.split('In version')[0])).toEqual([
      expect.stringContaining('v1 · Wait 3 days1,000'),
      expect.stringContaining('v2 · Cool off20'),
    ]);
    const select = screen.getByRole('combobox', { name: 'Where the leads at v1 · Wait 3 days go' });
    expect(select).toHaveValue('w');
    expect(select).toBeDisabled();
    expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual(['Same step: Wait 1 day (w)', 'Cool off (later)', 'Stays on version 1']);
    expect(screen.getByLabelText(/Keep them on their versions \(1,020 leads\)/)).toBeChecked();
  });

  it('keeps the leads where they are by default', async () => {
    const onPublish = renderDialog();
    fireEvent.click(await screen.findByRole('button', { name: 'Publish version 3' }));
    expect(onPublish).toHaveBeenCalledWith({ inFlight: 'stay' });
  });

  it('moves them with the targets picked, a step kept on its version asking the server again', async () => {
    const onPublish = renderDialog();
    fireEvent.click(await screen.findByLabelText(/Move them to version 3 \(1,020 move, 0 stay\)/));
    const select = screen.getByRole('combobox', { name: 'Where the leads at v1 · Wait 3 days go' });
    expect(select).toBeEnabled();
    fireEvent.change(select, { target: { value: '' } });
    expect(await screen.findByLabelText(/Move them to version 3 \(20 move, 1,000 stay\)/)).toBeChecked();
    fireEvent.click(screen.getByRole('button', { name: 'Publish version 3' }));
    expect(onPublish).toHaveBeenCalledWith({ inFlight: 'move', map: { w: null } });
  });

  it('does not publish a draft with errors', async () => {
    renderDialog(vi.fn(), preview('w', [{ severity: 'error', code: 'unknown_template', message: 'no template "gone"', path: ['nodes', 1] }]));
    expect(await screen.findByText('error: no template "gone"')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Publish version 3' })).toBeDisabled();
  });
});
