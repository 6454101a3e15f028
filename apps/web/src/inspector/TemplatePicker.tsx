import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Template } from '../api/client.js';
import { MessageGlance } from '../content/MessageGlance.js';
import { channelText } from '../model/summary.js';
import { Field, TextField } from './fields.js';
import { NewTemplateDialog } from './NewTemplateDialog.js';
import { useTemplates } from './use-templates.js';

/**
 * The template a send step names, picked from the stored templates of the step's channel only:
 * a made-up id would publish and then fail to send. A template the step names that is not
 * among them (deleted, of another channel) stays visible as what it is, for Problems explains it.
 * The chosen template's subject and first lines show under it; "New template…" opens the
 * message editor for the step's channel in a dialog over the journey, and the template saved
 * there becomes the step's.
 */

/** The stored templates a step of `channel` may name, by name. */
export function templatesFor(templates: readonly Template[], channel: string): Template[] {
  return templates.filter((t) => t.channel === channel).sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id));
}

export function TemplatePicker({ channel, value, onChange }: { channel: string; value: string; onChange: (template: string) => void }) {
  const templates = useTemplates();
  const client = useQueryClient();
  const [writing, setWriting] = useState(false);
  // A template written in the editor's tab is offered when the marketer comes back to this one.
  useEffect(() => {
    const refresh = () => {
      void client.invalidateQueries({ queryKey: ['templates'] });
      void client.invalidateQueries({ queryKey: ['library-templates'] });
    };
    window.addEventListener('focus', refresh);
    return () => window.removeEventListener('focus', refresh);
  }, [client]);
  const kind = channelText(channel);
  if (!templates.data) {
    // The list is unknown (loading, failed, or a server without templates): an id is typed, and
    // the server checks it when publishing.
    const why = templates.isPending ? 'Loading templates…' : 'The stored templates are not available; type the template id';
    return <TextField label="Template" value={value} onChange={onChange} hint={why} />;
  }
  const offered = templatesFor(templates.data, channel);
  const chosen = offered.find((t) => t.id === value);
  const stranger = value !== '' && !chosen;
  const hint = chosen
    ? undefined
    : offered.length === 0
      ? `There are no ${kind} templates yet`
      : value === ''
        ? `Pick one of ${offered.length} ${kind} template${offered.length === 1 ? '' : 's'}`
        : `"${value}" is not a stored ${kind} template; pick one of ${offered.length}`;
  return (
    <>
      <Field label="Template" hint={hint}>
        {(id) => (
          <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
            {value === '' && <option value="">Choose a template…</option>}
            {stranger && <option value={value}>{`${value} (not a stored ${kind} template)`}</option>}
            {offered.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name && t.name !== t.id ? `${t.name} (${t.id})` : t.id}
              </option>
            ))}
          </select>
        )}
      </Field>
      {chosen && <MessageGlance id={chosen.id} editable />}
      <button type="button" className="button" aria-haspopup="dialog" onClick={() => setWriting(true)}>
        New template…
      </button>
      {writing && <NewTemplateDialog channel={channel} onCreated={onChange} onClose={() => setWriting(false)} />}
    </>
  );
}
