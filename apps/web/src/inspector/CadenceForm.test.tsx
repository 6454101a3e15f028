import type { CadenceNode } from '@trellis/journey';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Template } from '../api/client.js';
import { CadenceTimeline } from '../canvas/CadenceTimeline.js';
import { RESPONSE_CADENCE } from '../model/cadence.js';
import { defaultDataFor } from '../model/defaults.js';
import { summarize } from '../model/summary.js';
import { CadenceForm } from './CadenceForm.js';
import { primeTemplateEditor, serveTemplateEditor } from './template-dialog-test-server.js';

const STORED: Template[] = [
  { id: 'call-a', name: 'First call', channel: 'call_task' },
  { id: 'hello', name: 'Hello', channel: 'email' },
];

function setup(data: CadenceNode['data']) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  primeTemplateEditor(client, STORED, { lead: ['lead.phone'], attributes: [] });
  const seen = { data };
  function Harness() {
    const [current, setCurrent] = useState(data);
    const node: CadenceNode = { id: 'c', type: 'cadence', position: { x: 0, y: 0 }, data: current };
    return (
      <CadenceForm
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

const start = (): CadenceNode['data'] => ({
  touches: [
    { at: 'PT0M', channel: 'call_task', template: 'call-a', due: 'PT5M' },
    { at: 'P1D', channel: 'email', template: 'hello' },
  ],
  stopOn: { event: 'call_connected' },
});

describe('the cadence card', () => {
  it('reads as one line, touches over days and what stops it, with a tick per touch on its timeline', () => {
    const node: CadenceNode = { id: 'c', type: 'cadence', position: { x: 0, y: 0 }, data: { touches: [...RESPONSE_CADENCE], stopOn: { event: 'call_connected' } } };
    expect(summarize(node)).toBe('26 touches over 14 days · stops on call connected');
    render(<CadenceTimeline touches={node.data.touches} />);
    const timeline = screen.getByTestId('cadence-timeline');
    const ticks = timeline.querySelectorAll('.cadence-timeline__tick');
    expect(ticks).toHaveLength(26);
    expect((ticks[0] as HTMLElement).style.left).toBe('0%');
    expect((ticks[25] as HTMLElement).style.left).toBe('100%');
    expect((ticks[0] as HTMLElement).title).toBe('Touch 1. At once: Call task · speed-call-1 · due in 5 minutes');
    expect(within(timeline).getByText('day 14')).toBeInTheDocument();
  });

  it('starts from the palette as one call at once, due in five minutes', () => {
    expect(summarize({ id: 'c', type: 'cadence', position: { x: 0, y: 0 }, data: defaultDataFor('cadence') } as CadenceNode)).toBe(
      '1 touch at once · stops on call connected',
    );
  });
});

describe('the cadence inspector', () => {
  it('adds a touch a day after the last, duplicates one and deletes one', () => {
    const seen = setup(start());
    fireEvent.click(screen.getByRole('button', { name: 'Add touch' }));
    expect(seen.data.touches[2]).toEqual({ at: 'P2D', channel: 'email', template: '' });
    fireEvent.click(screen.getByRole('button', { name: 'Duplicate touch 1' }));
    expect(seen.data.touches.map((t) => t.at)).toEqual(['PT0M', 'PT0M', 'P1D', 'P2D']);
    fireEvent.click(screen.getByRole('button', { name: 'Delete touch 4' }));
    expect(seen.data.touches).toHaveLength(3);
    expect(screen.getByTestId('cadence-summary')).toHaveTextContent('3 touches over 1 day · stops on call connected');
  });

  it('shifts every touch later or earlier, never before entering', () => {
    const seen = setup(start());
    fireEvent.change(screen.getByLabelText('Shift all by'), { target: { value: 'PT2H' } });
    fireEvent.click(screen.getByRole('button', { name: 'Later' }));
    expect(seen.data.touches.map((t) => t.at)).toEqual(['PT2H', 'P1DT2H']);
    fireEvent.change(screen.getByLabelText('Shift all by'), { target: { value: 'PT3H' } });
    fireEvent.click(screen.getByRole('button', { name: 'Earlier' }));
    expect(seen.data.touches.map((t) => t.at)).toEqual(['PT0M', 'PT23H']);
  });

  it('offers only templates of the touch channel, and a due time only for tasks', () => {
    const seen = setup(start());
    const template = screen.getByLabelText('Touch 1 template');
    expect(within(template).getAllByRole('option').map((o) => o.textContent)).toEqual(['Choose…', 'First call']);
    fireEvent.change(screen.getByLabelText('Touch 1 channel'), { target: { value: 'email' } });
    expect(seen.data.touches[0]).toEqual({ at: 'PT0M', channel: 'email', template: '' });
    expect(screen.queryByRole('textbox', { name: 'Touch 1 due' })).toBeNull();
    fireEvent.change(screen.getByLabelText('Touch 2 channel'), { target: { value: 'voicemail_task' } });
    expect(seen.data.touches[1]).toEqual({ at: 'P1D', channel: 'voicemail_task', template: '', due: 'PT1H' });
  });

  it('applies the Response cadence preset, the speed-to-lead example’s own cadence', () => {
    const seen = setup(start());
    fireEvent.click(screen.getByRole('button', { name: 'Use preset: Response cadence' }));
    expect(seen.data.touches).toHaveLength(26);
    expect(seen.data.touches[0]).toEqual({ at: 'PT0M', channel: 'call_task', template: 'speed-call-1', due: 'PT5M', sender: 'owner' });
    const example = JSON.parse(readFileSync(join(process.cwd(), '../../examples/speed-to-lead.json'), 'utf8'));
    expect(seen.data.touches).toEqual(example.nodes.find((n: { type: string }) => n.type === 'cadence').data.touches);
    expect(screen.getAllByRole('row')).toHaveLength(27);
  });

  it('writes a new template for one touch in the message editor over the journey, and the touch takes it', async () => {
    serveTemplateEditor(STORED);
    const seen = setup(start());
    fireEvent.change(screen.getByLabelText('Touch 2 channel'), { target: { value: 'sms' } });
    fireEvent.click(screen.getByRole('button', { name: 'New template for touch 2' }));
    const dialog = screen.getByRole('dialog', { name: 'New SMS template' });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Day one text' } });
    fireEvent.change(within(dialog).getByLabelText('Id (what send steps name)'), { target: { value: 'day-one-sms' } });
    fireEvent.change(within(dialog).getByLabelText('Text message'), { target: { value: 'Still keen? Call us back.' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(seen.data.touches[1]).toEqual({ at: 'P1D', channel: 'sms', template: 'day-one-sms' });
    expect(seen.data.touches[0]!.template).toBe('call-a');
  });
});

afterEach(() => vi.restoreAllMocks());
