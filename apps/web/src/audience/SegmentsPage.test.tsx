import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Segment } from '../api/audience.js';
import { renderAs } from '../people/test-render.js';
import { SegmentsPage } from './SegmentsPage.js';

const retail: Segment = { id: 'seg-retail', name: 'Retail', condition: { attr: 'industry', op: 'eq', value: 'retail' }, count: 42, createdAt: '2026-03-01T09:00:00Z' };
const warm: Segment = { id: 'seg-warm', name: 'Warm', condition: { attr: 'score', op: 'gte', value: 50 }, count: 7, createdAt: '2026-03-01T09:00:00Z' };
const listed = { segments: [retail, warm], nextCursor: null };

type Answer = { status: number; body?: unknown };
/** The server's answers by "METHOD path"; every request the page sends is kept to be read. */
function serve(answers: Record<string, Answer>) {
  const sent: { method: string; path: string; body: unknown }[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const path = String(input);
    const method = init?.method ?? 'GET';
    sent.push({ method, path, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    const answer = answers[`${method} ${path}`];
    if (!answer) return new Response(JSON.stringify({ error: { code: 'not_found', message: `no answer for ${method} ${path}` } }), { status: 404 });
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
  });
  return sent;
}

describe('the segments page', () => {
  beforeEach(() => localStorage.setItem('trellis.token', 'marketer-token'));
  afterEach(() => {
    vi.restoreAllMocks();
    localStorage.removeItem('trellis.token');
  });

  it('offers Edit and Delete to a marketer, and neither to a reviewer or an operator (who may only read segments)', () => {
    const marketer = renderAs('marketer', <SegmentsPage />, [[['segments'], listed]]);
    expect(screen.getByRole('button', { name: 'Edit Retail' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Delete Warm' })).toBeInTheDocument();
    marketer.unmount();
    for (const role of ['reviewer', 'operator'] as const) {
      const { unmount } = renderAs(role, <SegmentsPage />, [[['segments'], listed]]);
      expect(screen.getByLabelText('Retail count')).toHaveTextContent('42 leads');
      expect(screen.queryByRole('button', { name: /^(Edit|Delete) / })).toBeNull();
      expect(screen.queryByText('New segment')).toBeNull();
      unmount();
    }
  });

  it('edits a segment in place: an empty name is told on the field and nothing is sent; the saved edit shows its new count', async () => {
    const sent = serve({
      'PUT /api/segments/seg-retail': { status: 200, body: { ...retail, name: 'Retail and travel', condition: { attr: 'industry', op: 'in', value: ['retail', 'travel'] }, count: 57 } },
      'GET /api/segments?limit=500': { status: 200, body: { segments: [{ ...retail, name: 'Retail and travel', condition: { attr: 'industry', op: 'in', value: ['retail', 'travel'] }, count: 57 }, warm], nextCursor: null } },
    });
    renderAs('marketer', <SegmentsPage />, [[['segments'], listed]]);
    fireEvent.click(screen.getByRole('button', { name: 'Edit Retail' }));
    const form = screen.getByRole('listitem', { name: 'Editing Retail' });
    const name = within(form).getByLabelText('Edit Retail: name');
    expect(name).toHaveValue('Retail');
    expect(within(form).getByLabelText('Value')).toHaveValue('retail');

    fireEvent.change(name, { target: { value: '  ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(within(form).getByText('Give the segment a name.')).toBeInTheDocument();
    expect(name).toHaveAttribute('aria-invalid', 'true');
    expect(sent).toEqual([]);

    fireEvent.change(name, { target: { value: 'Retail and travel' } });
    fireEvent.change(within(form).getByLabelText('Operator'), { target: { value: 'in' } });
    fireEvent.change(within(form).getByLabelText('Value'), { target: { value: 'retail, travel' } });
    expect(within(form).queryByText('Give the segment a name.')).toBeNull();
    fireEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByLabelText('Retail and travel count')).toHaveTextContent('57 leads');
    expect(sent[0]).toEqual({ method: 'PUT', path: '/api/segments/seg-retail', body: { name: 'Retail and travel', condition: { attr: 'industry', op: 'in', value: ['retail', 'travel'] } } });
    expect(screen.getByRole('status')).toHaveTextContent('Saved “Retail and travel”: 57 leads now.');
    expect(screen.queryByRole('listitem', { name: 'Editing Retail' })).toBeNull();
  });

  it('says in place what is wrong with a condition before sending, and puts the server\'s refusal on the field it names', async () => {
    const sent = serve({
      'PUT /api/segments/seg-warm': {
        status: 400,
        body: { error: { code: 'invalid_body', message: 'The body does not match its schema at name: Too long.', problems: [{ path: ['name'], message: 'Too long' }] } },
      },
    });
    renderAs('marketer', <SegmentsPage />, [[['segments'], listed]]);
    fireEvent.click(screen.getByRole('button', { name: 'Edit Warm' }));
    const form = screen.getByRole('listitem', { name: 'Editing Warm' });
    fireEvent.change(within(form).getByLabelText('Lead field'), { target: { value: '' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(within(form).getByRole('alert', { name: 'Condition problems' })).toHaveTextContent('The condition: pick the lead field to test.');
    expect(sent).toEqual([]);

    fireEvent.change(within(form).getByLabelText('Lead field'), { target: { value: 'score' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await within(form).findByText('Name: Too long.')).toBeInTheDocument();
    expect(within(form).getByLabelText('Edit Warm: name')).toHaveAttribute('aria-invalid', 'true');
    expect(sent.map((r) => r.method)).toEqual(['PUT']);
  });

  it('deletes an unused segment after a confirmation saying how many leads are in it and that no journey names it', async () => {
    const sent = serve({
      'GET /api/segments/seg-warm/journeys': { status: 200, body: { published: [], drafts: [] } },
      'DELETE /api/segments/seg-warm': { status: 204 },
      'GET /api/segments?limit=500': { status: 200, body: { segments: [retail], nextCursor: null } },
    });
    renderAs('marketer', <SegmentsPage />, [[['segments'], listed]]);
    fireEvent.click(screen.getByRole('button', { name: 'Delete Warm' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete segment “Warm”?' });
    expect(dialog).toHaveTextContent('7 leads are in it now. Deleting the segment deletes no lead');
    expect(await within(dialog).findByText('No journey’s trigger names it.')).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete segment' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Deleted “Warm”.');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.queryByLabelText('Warm count')).toBeNull();
    expect(sent.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual(['/api/segments/seg-warm']);
  });

  it('does not offer to delete a segment a published journey triggers on: it names the journey, and the drafts that name it', async () => {
    const sent = serve({
      'GET /api/segments/seg-retail/journeys': {
        status: 200,
        body: {
          published: [{ journeyId: 'j-welcome', journeyName: 'Retail welcome', status: 'active', version: 2 }],
          drafts: [
            { journeyId: 'j-welcome', journeyName: 'Retail welcome', status: 'active' },
            { journeyId: 'j-spring', journeyName: 'Spring offer', status: 'draft' },
          ],
        },
      },
    });
    renderAs('marketer', <SegmentsPage />, [[['segments'], listed]]);
    fireEvent.click(screen.getByRole('button', { name: 'Delete Retail' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete segment “Retail”?' });
    const published = await within(dialog).findByRole('list', { name: 'Published journeys using it' });
    expect(within(published).getByRole('link', { name: 'Retail welcome' })).toHaveAttribute('href', '#/journeys/j-welcome');
    expect(dialog).toHaveTextContent('It cannot be deleted: this published journey enters its leads.');
    expect(within(within(dialog).getByRole('list', { name: 'Drafts naming it' })).getAllByRole('link').map((a) => a.textContent)).toEqual(['Spring offer']);
    expect(within(dialog).queryByRole('button', { name: 'Delete segment' })).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(sent.some((r) => r.method === 'DELETE')).toBe(false);
  });

  it('shows the journeys of a 409 segment_in_use that arrives after the confirmation (a journey published meanwhile)', async () => {
    serve({
      'GET /api/segments/seg-warm/journeys': { status: 200, body: { published: [], drafts: [] } },
      'DELETE /api/segments/seg-warm': {
        status: 409,
        body: { error: { code: 'segment_in_use', message: 'Segment "seg-warm" cannot be deleted', problems: [{ journeyId: 'j-hot', journeyName: 'Hot leads', version: 1 }] } },
      },
    });
    renderAs('marketer', <SegmentsPage />, [[['segments'], listed]]);
    fireEvent.click(screen.getByRole('button', { name: 'Delete Warm' }));
    const dialog = screen.getByRole('alertdialog');
    await within(dialog).findByText('No journey’s trigger names it.');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete segment' }));
    const published = await within(dialog).findByRole('list', { name: 'Published journeys using it' });
    expect(within(published).getByRole('link', { name: 'Hot leads' })).toBeInTheDocument();
    expect(screen.getByLabelText('Warm count')).toHaveTextContent('7 leads');
  });
});
