import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { audienceApi, type ListedLead } from '../../api/audience.js';
import { editorApi, type StoredTemplate, type TemplateParts } from '../../api/content.js';
import { useSettled } from './use-settled.js';

const WIDTHS = { desktop: 640, mobile: 375 } as const;

/** Why the preview is from whom it is from (a send step naming a sender would override the template's). */
const SIGNED_AS = {
  owner: 'the lead’s owner',
  template: 'this message’s sender',
  step: 'the step’s sender',
  default: 'the default sender',
} as const;

function leadLabel(lead: ListedLead): string {
  const a = lead.attributes as Record<string, unknown>;
  const name = [a.first_name, a.last_name].filter((x) => typeof x === 'string' && x).join(' ');
  return [name, lead.email ?? '', `(${lead.id})`].filter(Boolean).join(' ');
}

/** What the preview renders: the editor's parts as they are now, saved or not, and the From. */
export type PreviewDraft = TemplateParts & { sender?: StoredTemplate['sender'] };

/** How long typing must pause before the preview is asked for again. */
export const PREVIEW_SETTLE_MS = 400;

/**
 * What the editor holds now (saved or not) rendered by the server for a real lead found by
 * search, as delivery renders it, at desktop or mobile width, in an iframe sandboxed with no
 * permission (nothing in it runs); asked for again a moment after typing stops. And, for a saved
 * email, a test sent to the address typed, through the server's SMTP.
 */
export function LeadPreview({ id, channel, draft, dirty }: { id: string | null; channel: string; draft: PreviewDraft; dirty: boolean }) {
  const [q, setQ] = useState('');
  const [lead, setLead] = useState<ListedLead | null>(null);
  const [width, setWidth] = useState<keyof typeof WIDTHS>('desktop');
  const [to, setTo] = useState('');
  const found = useQuery({
    queryKey: ['lead-search', q.trim()],
    queryFn: () => audienceApi.leads({ q: q.trim() }, null),
    enabled: q.trim().length > 0,
    retry: false,
  });
  const settled = useSettled(draft, PREVIEW_SETTLE_MS);
  const preview = useQuery({
    queryKey: ['editor-preview', settled, lead?.id],
    queryFn: () => editorApi.previewDraft(settled, lead!.id),
    enabled: lead !== null,
    retry: false,
    // The last render stays while the next is asked for, so the frame does not blink as one types.
    placeholderData: (previous) => previous,
  });
  const test = useMutation({ mutationFn: () => editorApi.testSend(id!, to.trim(), lead?.id ?? null) });
  return (
    <section className="library-preview" aria-label="Preview as a lead">
      <h3>Preview as a lead</h3>
      <p className="muted">Shows what is in the editor now, saved or not.</p>
      <label className="field">
        <span>Find a lead</span>
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="name, email or id" />
      </label>
      {found.data && (
        <ul className="lead-search-results" aria-label="Leads found">
          {found.data.leads.slice(0, 8).map((l) => (
            <li key={l.id}>
              <button type="button" aria-pressed={lead?.id === l.id} onClick={() => setLead(l)}>
                {leadLabel(l)}
              </button>
            </li>
          ))}
          {found.data.leads.length === 0 && <li className="muted">No lead matches.</li>}
        </ul>
      )}
      {lead && (
        <>
          <p>
            Previewing as <strong data-testid="preview-lead">{leadLabel(lead)}</strong>
          </p>
          <div role="group" aria-label="Width">
            {(Object.keys(WIDTHS) as Array<keyof typeof WIDTHS>).map((w) => (
              <button key={w} type="button" aria-pressed={width === w} onClick={() => setWidth(w)}>
                {w === 'desktop' ? 'Desktop' : 'Mobile'} ({WIDTHS[w]}px)
              </button>
            ))}
          </div>
          {preview.error && <p className="problem problem--error">{preview.error.message}</p>}
          {preview.data && !preview.error && (
            <>
              {preview.data.sender && (
                <p data-testid="preview-from">
                  From: {preview.data.sender.name}
                  {preview.data.sender.email ? ` <${preview.data.sender.email}>` : ''} <span className="muted">({SIGNED_AS[preview.data.sender.as]})</span>
                </p>
              )}
              {preview.data.subject !== null && (
                <p>
                  <strong>Subject:</strong> <span data-testid="preview-subject">{preview.data.subject}</span>
                </p>
              )}
              {preview.data.missingFields.length > 0 && (
                <p className="problem problem--warning">No value for this lead: {preview.data.missingFields.join(', ')}</p>
              )}
              {preview.data.html !== null ? (
                <iframe
                  title="Rendered message"
                  className="library-preview__frame"
                  data-width={width}
                  style={{ width: WIDTHS[width], maxWidth: '100%' }}
                  sandbox=""
                  srcDoc={preview.data.html}
                />
              ) : (
                <pre className="library-template__source" style={{ width: WIDTHS[width], maxWidth: '100%' }} data-testid="preview-text">
                  {preview.data.text}
                </pre>
              )}
            </>
          )}
        </>
      )}
      {channel === 'email' && id === null && <p className="muted">Save the message to send yourself a test.</p>}
      {channel === 'email' && id !== null && (
        <form
          className="token-form"
          onSubmit={(e) => {
            e.preventDefault();
            test.mutate();
          }}
        >
          <label className="field">
            <span>Send a test to</span>
            <input type="email" required value={to} onChange={(e) => setTo(e.target.value)} placeholder="you@yourcompany.com" />
          </label>
          <button type="submit" disabled={test.isPending}>
            Send test
          </button>
          {dirty && <p className="muted">A test sends the saved version: save first to send your changes.</p>}
          {test.error && <p className="problem problem--error">{test.error.message}</p>}
          {test.data && (
            <p role="status" data-testid="test-sent">
              Sent “{test.data.subject}” to {test.data.to} from {test.data.from}
              {lead ? `, as ${leadLabel(lead)}` : ', with no lead (fields empty)'}. A test is never counted.
            </p>
          )}
        </form>
      )}
    </section>
  );
}
