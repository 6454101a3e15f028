import type { Editor } from '@tiptap/react';
import type { CheckedProblem } from '../../api/content.js';
import { checkLinks } from './link-check.js';
import { PartProblems } from './PartProblems.js';
import { EmailBody } from './EmailBody.js';
import { FromPicker, type TemplateFrom } from './FromPicker.js';
import { smsSegments } from './sms-segments.js';
import { parseHeaders } from './webhook-headers.js';
import { TextPart, type InsertTarget } from './TextPart.js';

/** What the editor holds of a template, per channel; the page turns it into the stored parts. */
export interface Draft {
  subject: string;
  preheader: string;
  bodyHtml: string;
  /** Dynamic blocks whose conditions Liquid cannot say: they block saving. */
  bodyProblems: string[];
  /** Who an email is from when its send step names no sender. */
  from: TemplateFrom;
  text: string;
  /** The plain-text part was edited by hand: stop making it from the HTML. */
  textEdited: boolean;
  /** A webhook's request: method, headers as "Name: value" lines, and the JSON body (Liquid). */
  method: 'POST' | 'PUT' | 'PATCH';
  headers: string;
  requestBody: string;
}

interface FormProps {
  draft: Draft;
  change: (patch: Partial<Draft>) => void;
  problems: CheckedProblem[];
  onTarget: (target: InsertTarget) => void;
}

export function EmailForm({ draft, change, problems, onTarget, onEditor }: FormProps & { onEditor: (editor: Editor | null) => void }) {
  const links = checkLinks(draft.bodyHtml);
  return (
    <>
      <FromPicker value={draft.from} onChange={(from) => change({ from })} />
      <TextPart label="Subject" value={draft.subject} onChange={(subject) => change({ subject })} onTarget={onTarget} />
      <PartProblems problems={problems} part="subject" label="subject" />
      <TextPart label="Preheader" value={draft.preheader} onChange={(preheader) => change({ preheader })} onTarget={onTarget} placeholder="the line inboxes show after the subject" />
      <div className="field">
        <span>Body</span>
        <EmailBody html={draft.bodyHtml} onChange={(bodyHtml, bodyProblems) => change({ bodyHtml, bodyProblems })} onEditor={onEditor} />
      </div>
      <PartProblems problems={problems} part="html" label="body" />
      <section className="link-check" aria-label="Links">
        <h4>Links</h4>
        {!links.hasUnsubscribe && (
          <p className="problem problem--warning" data-testid="no-unsubscribe">
            No unsubscribe link: add a link to {'{{ unsubscribe_url }}'}; every marketing email needs one.
          </p>
        )}
        {links.links.length === 0 ? (
          <p className="muted">No links.</p>
        ) : (
          <ul>
            {links.links.map((l, i) => (
              <li key={i} className={l.problem ? 'problem problem--warning' : ''}>
                <code>{l.href || '(empty)'}</code> “{l.text}” {l.problem ? `: ${l.problem}` : '✓'}
              </li>
            ))}
          </ul>
        )}
      </section>
      <TextPart
        label="Plain-text part"
        rows={6}
        value={draft.text}
        onChange={(text) => change({ text, textEdited: true })}
        onTarget={onTarget}
      />
      {draft.textEdited && (
        <button type="button" onClick={() => change({ textEdited: false })}>
          Make the plain text from the email again
        </button>
      )}
      <PartProblems problems={problems} part="body" label="plain-text part" />
    </>
  );
}

export function SmsForm({ draft, change, problems, onTarget }: FormProps) {
  const count = smsSegments(draft.text);
  return (
    <>
      <TextPart label="Text message" rows={5} value={draft.text} onChange={(text) => change({ text })} onTarget={onTarget} />
      <p className="sms-count" data-testid="sms-count">
        {count.encoding}: {count.units} characters, {count.segments} segment{count.segments === 1 ? '' : 's'} ({count.left} left in this one, {count.perSegment} per segment)
        {count.nonGsm.length > 0 && <> · not GSM-7: {count.nonGsm.join(' ')}</>}
      </p>
      <p className="muted">Counted as written; merge fields change the length per lead. Say how to stop, e.g. “Reply STOP to opt out”.</p>
      <PartProblems problems={problems} part="body" label="text message" />
    </>
  );
}

export function TaskForm({ draft, change, problems, onTarget, kind }: FormProps & { kind: 'call' | 'voicemail' }) {
  return (
    <>
      <TextPart label="Task title" value={draft.subject} onChange={(subject) => change({ subject })} onTarget={onTarget} placeholder={kind === 'call' ? 'Call {{ lead.first_name }}' : 'Leave a voicemail'} />
      <PartProblems problems={problems} part="subject" label="task title" />
      <TextPart label={kind === 'call' ? 'Call script' : 'Voicemail script'} rows={10} value={draft.text} onChange={(text) => change({ text })} onTarget={onTarget} />
      <PartProblems problems={problems} part="body" label="script" />
    </>
  );
}

export function DirectMailForm({ draft, change, problems, onTarget }: FormProps) {
  return (
    <>
      <div className="field">
        <span>Address block</span>
        <p className="muted" data-testid="address-block">
          Printed from the lead&apos;s postal address (<code>lead.attributes.address</code>: name, lines, city, postal code, country); a lead without one is not sent the letter.
        </p>
      </div>
      <TextPart label="Letter heading" value={draft.subject} onChange={(subject) => change({ subject })} onTarget={onTarget} />
      <PartProblems problems={problems} part="subject" label="heading" />
      <TextPart label="Letter" rows={12} value={draft.text} onChange={(text) => change({ text })} onTarget={onTarget} />
      <PartProblems problems={problems} part="body" label="letter" />
    </>
  );
}

export function WebhookForm({ draft, change, problems, onTarget }: FormProps) {
  const headerProblems = parseHeaders(draft.headers).problems;
  return (
    <>
      <label className="field">
        <span>URL</span>
        <input type="url" value={draft.text} onChange={(e) => change({ text: e.target.value })} placeholder="https://hooks.example.com/trellis" />
      </label>
      <PartProblems problems={problems} part="body" label="URL" />
      <label className="field">
        <span>Method</span>
        <select value={draft.method} onChange={(e) => change({ method: e.target.value as Draft['method'] })}>
          <option>POST</option>
          <option>PUT</option>
          <option>PATCH</option>
        </select>
      </label>
      <TextPart label="Headers (one “Name: value” a line)" rows={3} value={draft.headers} onChange={(headers) => change({ headers })} onTarget={onTarget} />
      {headerProblems.map((p) => (
        <p key={p} className="problem problem--error" role="alert">
          {p}
        </p>
      ))}
      <TextPart
        label="JSON body"
        rows={8}
        value={draft.requestBody}
        onChange={(requestBody) => change({ requestBody })}
        onTarget={onTarget}
        placeholder={'{ "email": {{ lead.email | json }} } (empty: Trellis sends the lead, journey and step as JSON)'}
      />
      <PartProblems problems={problems} part="request" label="request" />
      <p className="muted">
        Merge values with <code>| json</code> so quotes in a lead&apos;s data keep the JSON valid. Every request is signed:{' '}
        <code>X-Trellis-Signature: sha256=…</code> over the body as sent (the secret is on the Webhook signing page), with an <code>Idempotency-Key</code>.
      </p>
    </>
  );
}
