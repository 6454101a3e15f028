import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StoredTemplate } from '../../api/content.js';
import { renderAs } from '../../people/test-render.js';
import { TemplateEditor } from './TemplateEditorPage.js';

const saved: StoredTemplate = {
  id: 'nudge',
  channel: 'sms',
  name: 'Nudge',
  subject: null,
  body: 'Saved: hi {{ lead.first_name }}',
  html: null,
  createdAt: '2026-12-01T09:00:00.000Z',
  updatedAt: '2026-12-01T09:00:00.000Z',
  updatedBy: 'Maya Marketer',
};
const ada = { id: 'ada', email: 'ada@x.example', phone: null, timezone: null, owner: null, score: 10, stage: 'mql', attributes: { first_name: 'Ada' }, lastActivityAt: null };

function answer(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/**
 * The server at the HTTP edge: one lead found; the draft preview answers the text it was sent
 * with the lead's name merged (the render itself is the server's, tested with its route); a
 * body with a broken tag answers the route's 422.
 */
function serve() {
  return vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = String(input);
    if (url.includes('/api/leads?')) return answer({ leads: [ada], nextCursor: null });
    if (url.endsWith('/api/templates/check')) return answer({ problems: [] });
    if (url.endsWith('/api/templates/preview')) {
      const { template, leadId } = JSON.parse(String(init!.body)) as { template: { body: string }; leadId: string };
      if (template.body.includes('{%')) return answer({ error: { code: 'invalid_template', message: 'The template cannot be rendered: body: unknown tag.' } }, 422);
      return answer({ subject: null, text: template.body.replace('{{ lead.first_name }}', 'Ada'), html: null, missingFields: [], sender: { name: 'Trellis', email: null, phone: null, as: 'default' }, leadId });
    }
    return answer({ error: { code: 'not_found', message: `not served in this test: ${url}` } }, 404);
  });
}

const previewCalls = (fetch: ReturnType<typeof serve>) =>
  fetch.mock.calls.filter(([url]) => String(url).endsWith('/api/templates/preview')).map(([, init]) => JSON.parse(String(init!.body)) as { template: { body: string }; leadId: string });

afterEach(() => vi.restoreAllMocks());

describe('preview as a lead', () => {
  it('renders what is in the editor now, unsaved, once typing pauses: one request for a burst of keystrokes', async () => {
    const fetch = serve();
    renderAs('marketer', <TemplateEditor template={saved} channel="sms" />);
    fireEvent.change(screen.getByLabelText('Find a lead'), { target: { value: 'ada' } });
    fireEvent.click(await screen.findByRole('button', { name: /ada@x\.example/ }, { timeout: 5000 }));
    await waitFor(() => expect(screen.getByTestId('preview-text')).toHaveTextContent('Saved: hi Ada'), { timeout: 5000 });

    const text = screen.getByLabelText('Text message');
    for (const typed of ['Now', 'Now: hel', 'Now: hello {{ lead.first_name }}']) fireEvent.change(text, { target: { value: typed } });
    await waitFor(() => expect(screen.getByTestId('preview-text')).toHaveTextContent('Now: hello Ada'), { timeout: 5000 });
    expect(previewCalls(fetch).map((c) => [c.template.body, c.leadId])).toEqual([
      ['Saved: hi {{ lead.first_name }}', 'ada'],
      ['Now: hello {{ lead.first_name }}', 'ada'],
    ]);
    expect(screen.getByText('Shows what is in the editor now, saved or not.')).toBeInTheDocument();
  });

  it("shows the server's refusal of a draft that cannot render, in place of a stale render", async () => {
    serve();
    renderAs('marketer', <TemplateEditor template={saved} channel="sms" />);
    fireEvent.change(screen.getByLabelText('Find a lead'), { target: { value: 'ada' } });
    fireEvent.click(await screen.findByRole('button', { name: /ada@x\.example/ }, { timeout: 5000 }));
    await screen.findByTestId('preview-text', {}, { timeout: 5000 });
    fireEvent.change(screen.getByLabelText('Text message'), { target: { value: "{% include 'x' %}" } });
    expect(await screen.findByText('The template cannot be rendered: body: unknown tag.', {}, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.queryByTestId('preview-text')).not.toBeInTheDocument();
  });

  it('previews a new message before it is ever saved', async () => {
    const fetch = serve();
    renderAs('marketer', <TemplateEditor template={null} channel="sms" />);
    fireEvent.change(screen.getByLabelText('Text message'), { target: { value: 'First draft for {{ lead.first_name }}' } });
    fireEvent.change(screen.getByLabelText('Find a lead'), { target: { value: 'ada' } });
    fireEvent.click(await screen.findByRole('button', { name: /ada@x\.example/ }, { timeout: 5000 }));
    await waitFor(() => expect(screen.getByTestId('preview-text')).toHaveTextContent('First draft for Ada'), { timeout: 5000 });
    expect(previewCalls(fetch).at(-1)!.template).toEqual({ channel: 'sms', subject: null, body: 'First draft for {{ lead.first_name }}', html: null });
  });
});
