import './content.css';
import { CHANNELS } from '@trellis/journey';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { libraryApi, type StoredTemplate, type TemplateUse } from '../api/content.js';
import { channelText } from '../model/summary.js';
import { PeopleTopBar } from '../people/TopBar.js';
import { can } from '../people/roles.js';
import { peopleLinks } from '../people/routes.js';
import { useMe } from '../people/use-me.js';
import { filterTemplates } from './library-filter.js';
import { TemplatePreviewPanel } from './TemplatePreviewPanel.js';

/**
 * The message library: every template with its channel, subject and where it is sent, to
 * search and filter; one opens read-only with a preview for a sample lead.
 */
export function MessageLibraryPage({ selected }: { selected: string | null }) {
  const templates = useQuery({ queryKey: ['library-templates'], queryFn: libraryApi.templates, retry: false });
  const uses = useQuery({ queryKey: ['template-uses'], queryFn: libraryApi.uses, retry: false });
  const [q, setQ] = useState('');
  const [channel, setChannel] = useState('');
  const usesOf = (id: string) => uses.data?.uses.filter((u) => u.template === id) ?? [];
  const open = selected ? templates.data?.templates.find((t) => t.id === selected) : undefined;
  const role = useMe().data?.role;
  return (
    <div className="app-shell">
      <PeopleTopBar title="Message library" />
      <main className="list-page">
        {templates.error && <p className="problem problem--error">{templates.error.message}</p>}
        {selected && templates.data && !open && <p className="problem problem--error">There is no template &quot;{selected}&quot;.</p>}
        {open ? (
          <TemplateView template={open} uses={usesOf(open.id)} />
        ) : (
          <>
            <div className="token-form">
              <label className="field">
                <span>Search</span>
                <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="name, subject or text" />
              </label>
              <label className="field">
                <span>Channel</span>
                <select value={channel} onChange={(e) => setChannel(e.target.value)}>
                  <option value="">All channels</option>
                  {CHANNELS.map((c) => (
                    <option key={c} value={c}>
                      {channelText(c)}
                    </option>
                  ))}
                </select>
              </label>
              {can(role, 'editTemplates') && (
                <label className="field">
                  <span>New message</span>
                  <select value="" onChange={(e) => e.target.value && (window.location.hash = peopleLinks.newMessage(e.target.value))}>
                    <option value="">Write a new…</option>
                    {CHANNELS.map((c) => (
                      <option key={c} value={c}>
                        {channelText(c)}
                      </option>
                    ))}
                  </select>
                </label>
              )}
            </div>
            {templates.data && (
              <table className="journey-table">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Channel</th>
                    <th>Subject</th>
                    <th>Used in</th>
                    <th>Last edited</th>
                  </tr>
                </thead>
                <tbody>
                  {filterTemplates(templates.data.templates, { q, channel }).map((t) => (
                    <tr key={t.id}>
                      <td>
                        <a href={peopleLinks.message(t.id)}>{t.name}</a> <span className="muted">{t.id}</span>
                      </td>
                      <td>{channelText(t.channel)}</td>
                      <td>{t.subject ?? '—'}</td>
                      <td>{usedInText(usesOf(t.id))}</td>
                      <td>
                        {new Date(t.updatedAt).toLocaleString()}
                        {t.updatedBy ? ` by ${t.updatedBy}` : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </main>
    </div>
  );
}

function usedInText(uses: TemplateUse[]): string {
  if (uses.length === 0) return 'not sent by a live journey';
  return uses.map((u) => `${u.journeyName} v${u.version} · ${u.label ?? u.nodeId}`).join('; ');
}

function TemplateView({ template, uses }: { template: StoredTemplate; uses: TemplateUse[] }) {
  const role = useMe().data?.role;
  return (
    <article className="library-template">
      <p>
        <a href={peopleLinks.messages}>← All messages</a>
      </p>
      <h2>{template.name}</h2>
      {can(role, 'editTemplates') && (
        <p>
          <a href={peopleLinks.editMessage(template.id)}>Edit this message</a>
        </p>
      )}
      <dl className="library-template__facts">
        <dt>Id</dt>
        <dd>{template.id}</dd>
        <dt>Channel</dt>
        <dd>{channelText(template.channel)}</dd>
        {template.subject !== null && (
          <>
            <dt>{template.channel === 'email' ? 'Subject' : 'Title'}</dt>
            <dd>{template.subject}</dd>
          </>
        )}
        <dt>Last edited</dt>
        <dd>
          {new Date(template.updatedAt).toLocaleString()}
          {template.updatedBy ? ` by ${template.updatedBy}` : ''}
        </dd>
        <dt>Used in</dt>
        <dd>
          {uses.length === 0
            ? 'not sent by a live journey'
            : uses.map((u) => (
                <div key={`${u.journeyId}-${u.version}-${u.nodeId}`}>
                  <a href={peopleLinks.review(u.journeyId, u.version)}>{u.journeyName}</a> version {u.version}, step {u.label ?? u.nodeId}
                </div>
              ))}
        </dd>
      </dl>
      <h3>{template.channel === 'webhook' ? 'URL' : 'Text'}</h3>
      <pre className="library-template__source" data-testid="template-body">
        {template.body}
      </pre>
      {template.html !== null && (
        <>
          <h3>HTML source</h3>
          <pre className="library-template__source">{template.html}</pre>
        </>
      )}
      {template.channel !== 'webhook' && can(role, 'previewTemplates') && <TemplatePreviewPanel id={template.id} />}
    </article>
  );
}
