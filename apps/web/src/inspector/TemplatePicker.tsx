import type { Template } from '../api/client.js';
import { channelText } from '../model/summary.js';
import { Field, TextField } from './fields.js';
import { useTemplates } from './use-templates.js';

/**
 * The template a send step names, picked from the stored templates of the step's channel only:
 * a made-up id would publish and then fail to send. A template the step names that is not
 * among them (deleted, of another channel) stays visible as what it is, for Problems explains it.
 * Templates are not written in the editor yet (the message library is its own piece of work),
 * so "New template…" is a disabled hint, not a way out of the list.
 */

export const NEW_TEMPLATE_HINT = 'New template… (not in the editor yet: create one through the API, POST /api/templates)';

/** The stored templates a step of `channel` may name, by name. */
export function templatesFor(templates: readonly Template[], channel: string): Template[] {
  return templates.filter((t) => t.channel === channel).sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id));
}

export function TemplatePicker({ channel, value, onChange }: { channel: string; value: string; onChange: (template: string) => void }) {
  const templates = useTemplates();
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
          {/* Not a template id (ids have no spaces), and never chosen: it is disabled. */}
          <option value=" new" disabled>
            {NEW_TEMPLATE_HINT}
          </option>
        </select>
      )}
    </Field>
  );
}
