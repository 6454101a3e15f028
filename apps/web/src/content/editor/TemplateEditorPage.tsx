import '../content.css';
import type { Editor } from '@tiptap/react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CHANNELS } from '@trellis/journey';
import { useCallback, useEffect, useRef, useState } from 'react';
import { editorApi, type StoredTemplate, type TemplateParts } from '../../api/content.js';
import { channelText } from '../../model/summary.js';
import { PeopleTopBar } from '../../people/TopBar.js';
import { peopleLinks } from '../../people/routes.js';
import { DirectMailForm, EmailForm, SmsForm, TaskForm, WebhookForm, type Draft } from './ChannelForms.js';
import { composeEmailHtml, htmlToText, splitEmailHtml, textToEmailHtml } from './email-parts.js';
import { headersText, parseHeaders } from './webhook-headers.js';
import { FieldPicker } from './FieldPicker.js';
import { LeadPreview } from './LeadPreview.js';
import { SnippetsPanel } from './SnippetsPanel.js';
import type { InsertTarget } from './TextPart.js';
import { useTemplateCheck } from './use-template-check.js';

/** `#/messages/new?channel=…` writes a new template; `#/messages/:id/edit` changes one. */
export function TemplateEditorPage({ id, channel }: { id: string | null; channel: string | null }) {
  const stored = useQuery({ queryKey: ['template', id], queryFn: () => editorApi.template(id!), enabled: id !== null, retry: false });
  return (
    <div className="app-shell">
      <PeopleTopBar title={id ? 'Edit message' : 'New message'} />
      <main className="list-page template-editor-page">
        <p>
          <a href={peopleLinks.messages}>← All messages</a>
        </p>
        {stored.error && <p className="problem problem--error">{stored.error.message}</p>}
        {id === null ? (
          <TemplateEditor key={`new-${channel}`} template={null} channel={(CHANNELS as readonly string[]).includes(channel ?? '') ? channel! : 'email'} />
        ) : (
          stored.data && <TemplateEditor key={stored.data.id} template={stored.data} channel={stored.data.channel} />
        )}
      </main>
    </div>
  );
}

function draftOf(template: StoredTemplate | null, channel: string): Draft {
  const request = { method: template?.request?.method ?? 'POST', headers: headersText(template?.request?.headers ?? {}), requestBody: template?.request?.body ?? '' };
  if (!template) return { subject: '', preheader: '', bodyHtml: '', bodyProblems: [], from: null, text: '', textEdited: false, ...request };
  // An email with a text part only opens with that text as its body, the text part following it.
  const textOnly = channel === 'email' && template.html === null;
  const { preheader, body } = textOnly ? { preheader: '', body: textToEmailHtml(template.body) } : splitEmailHtml(template.html);
  const textEdited = channel === 'email' && !textOnly && template.body !== htmlToText(body);
  const from = template.sender ?? null;
  return { subject: template.subject ?? '', preheader, bodyHtml: body, bodyProblems: [], from, text: template.body, textEdited, ...request };
}

/** The stored parts of a draft: what is checked as typed and saved. */
export function partsOf(channel: string, draft: Draft): TemplateParts {
  switch (channel) {
    case 'email':
      return {
        channel,
        subject: draft.subject,
        body: draft.textEdited ? draft.text : htmlToText(draft.bodyHtml),
        html: composeEmailHtml(draft.preheader, draft.bodyHtml),
      };
    case 'sms':
      return { channel, subject: null, body: draft.text, html: null };
    case 'webhook': {
      const { headers } = parseHeaders(draft.headers);
      const plain = draft.method === 'POST' && Object.keys(headers).length === 0 && draft.requestBody.trim() === '';
      const request = plain ? null : { method: draft.method, headers, body: draft.requestBody.trim() ? draft.requestBody : null };
      return { channel, subject: null, body: draft.text, html: null, request };
    }
    default:
      return { channel, subject: draft.subject.trim() ? draft.subject : null, body: draft.text, html: null };
  }
}

/** The template's own sender, saved with an email (the check does not need it). */
function fromOf(channel: string, draft: Draft): { sender?: StoredTemplate['sender'] } {
  return channel === 'email' ? { sender: draft.from } : {};
}

/**
 * One message's editor. On its page a new template, once saved, moves to its own address; in a
 * dialog over the journey (`onSaved`) the dialog decides what saving means instead, and
 * `onCancel` offers a way out beside Save.
 */
export function TemplateEditor({
  template,
  channel,
  onSaved,
  onCancel,
  onUnsavedChange,
}: {
  template: StoredTemplate | null;
  channel: string;
  onSaved?: (saved: StoredTemplate) => void;
  onCancel?: () => void;
  /** Told whether there are edits not saved yet, whenever that changes (a dialog asks before dropping them). */
  onUnsavedChange?: (unsaved: boolean) => void;
}) {
  const client = useQueryClient();
  const [draft, setDraft] = useState(() => draftOf(template, channel));
  const [name, setName] = useState(template?.name ?? '');
  const [newId, setNewId] = useState('');
  const change = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const parts = partsOf(channel, draft);
  const previewed = { ...parts, ...fromOf(channel, draft) };
  // What was saved last (or opened), to say whether a test send would carry the edits.
  const [savedKey, setSavedKey] = useState(() => (template ? JSON.stringify(previewed) : null));
  const shown = channel === 'email' && !draft.textEdited ? { ...draft, text: parts.body } : draft;
  // Everything a save would store, as it was opened or last saved and as it is now.
  const editedKey = JSON.stringify({ name, newId, previewed });
  const [keptKey, setKeptKey] = useState(editedKey);
  const unsaved = editedKey !== keptKey;
  useEffect(() => onUnsavedChange?.(unsaved), [unsaved, onUnsavedChange]);
  const check = useTemplateCheck(parts);
  const problems = check.data?.problems ?? [];
  const errors = [
    ...problems.filter((p) => p.severity === 'error'),
    ...(channel === 'email' ? draft.bodyProblems : []),
    ...(channel === 'webhook' ? parseHeaders(draft.headers).problems : []),
  ];

  // Where a picked field or snippet goes: the part last focused, else the email body.
  const target = useRef<InsertTarget | null>(null);
  const rich = useRef<Editor | null>(null);
  const onTarget = useCallback((t: InsertTarget) => {
    target.current = t;
  }, []);
  const onEditor = useCallback((editor: Editor | null) => {
    rich.current = editor;
    editor?.on('focus', () => {
      target.current = { insert: (text) => editor.chain().focus().insertContent(text).run() };
    });
  }, []);
  const insert = (text: string) => {
    if (target.current) target.current.insert(text);
    else if (rich.current) rich.current.chain().focus().insertContent(text).run();
    else change({ text: draft.text + text });
  };

  const save = useMutation({
    // The edits as they were when Save was pressed: what the save stores.
    mutationFn: (_savedKey: string) =>
      template
        ? editorApi.update(template.id, { name, ...parts, ...fromOf(channel, draft) })
        : editorApi.create({ id: newId.trim(), name, ...parts, ...fromOf(channel, draft) }),
    onSuccess: (saved, savedKey) => {
      client.setQueryData(['template', saved.id], saved);
      setSavedKey(JSON.stringify(previewed));
      setKeptKey(savedKey);
      void client.invalidateQueries({ queryKey: ['library-templates'] });
      if (onSaved) onSaved(saved);
      else if (!template) window.location.hash = `#/messages/${encodeURIComponent(saved.id)}/edit`;
    },
  });
  const current = save.data ?? template;
  const formProps = { draft: shown, change, problems, onTarget };
  return (
    <article className="template-editor">
      <h2>
        {channelText(channel)}: {name || 'untitled'}
      </h2>
      {current && (
        <p className="muted" data-testid="last-edited">
          Last edited {new Date(current.updatedAt).toLocaleString()}
          {current.updatedBy ? ` by ${current.updatedBy}` : ''} · id <code>{current.id}</code>
        </p>
      )}
      <div className="template-editor__columns">
        <form
          className="template-editor__form"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(editedKey);
          }}
        >
          <label className="field">
            <span>Name</span>
            <input value={name} onChange={(e) => setName(e.target.value)} required />
          </label>
          {!template && (
            <label className="field">
              <span>Id (what send steps name)</span>
              <input value={newId} onChange={(e) => setNewId(e.target.value)} required pattern="[A-Za-z0-9_.\-]{1,64}" placeholder="welcome-1" />
            </label>
          )}
          {channel === 'email' && <EmailForm {...formProps} onEditor={onEditor} />}
          {channel === 'sms' && <SmsForm {...formProps} />}
          {(channel === 'call_task' || channel === 'voicemail_task') && <TaskForm {...formProps} kind={channel === 'call_task' ? 'call' : 'voicemail'} />}
          {channel === 'direct_mail' && <DirectMailForm {...formProps} />}
          {channel === 'webhook' && <WebhookForm {...formProps} />}
          {errors.length > 0 && <p className="problem problem--error">Fix the {errors.length === 1 ? 'error' : `${errors.length} errors`} above to save.</p>}
          <div className="template-editor__actions">
            <button type="submit" disabled={errors.length > 0 || save.isPending || !name.trim()}>
              Save
            </button>
            {onCancel && (
              <button type="button" onClick={onCancel}>
                Cancel
              </button>
            )}
          </div>
          {save.error && <p className="problem problem--error">{save.error.message}</p>}
          {save.isSuccess && <p role="status">Saved.</p>}
        </form>
        <aside className="template-editor__side">
          <FieldPicker onPick={insert} />
          {channel !== 'webhook' && <SnippetsPanel onInsert={insert} canWrite />}
        </aside>
      </div>
      {channel !== 'webhook' && <LeadPreview id={current?.id ?? null} channel={channel} draft={previewed} dirty={savedKey !== JSON.stringify(previewed)} />}
    </article>
  );
}
