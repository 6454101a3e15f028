import { useQuery } from '@tanstack/react-query';
import { contentApi } from '../../api/content.js';

/** Who an email is from when its send step names no sender: as a send node's `sender` is written. */
export type TemplateFrom = null | 'owner' | { name?: string; email?: string; phone?: string };

const DEFAULT = '';
const OWNER = 'owner';

/**
 * "From": the default sender, the lead's owner (their registered name and signature, else the
 * default), or one registered sender (GET /api/senders). A send step's own sender wins over this.
 */
export function FromPicker({ value, onChange }: { value: TemplateFrom; onChange: (from: TemplateFrom) => void }) {
  const senders = useQuery({ queryKey: ['senders'], queryFn: contentApi.senders, retry: false });
  const registered = senders.data?.senders ?? [];
  const named = value && value !== 'owner' ? value : null;
  const selected = value === null ? DEFAULT : value === 'owner' ? OWNER : `sender:${named?.email ?? ''}`;
  const unlisted = named?.email && !registered.some((s) => s.email === named.email?.toLowerCase());
  return (
    <label className="field">
      <span>From</span>
      <select
        aria-label="From"
        value={selected}
        onChange={(e) => {
          const choice = e.target.value;
          if (choice === DEFAULT) return onChange(null);
          if (choice === OWNER) return onChange('owner');
          const email = choice.slice('sender:'.length);
          const sender = registered.find((s) => s.email === email);
          onChange(sender ? { name: sender.name, email: sender.email, ...(sender.phone ? { phone: sender.phone } : {}) } : named);
        }}
      >
        <option value={DEFAULT}>The default sender</option>
        <option value={OWNER}>The lead’s owner (the default when the owner is not a registered sender)</option>
        {registered.map((s) => (
          <option key={s.email} value={`sender:${s.email}`}>
            {s.name} &lt;{s.email}&gt;
          </option>
        ))}
        {unlisted && (
          <option value={`sender:${named.email}`}>
            {named.name ?? named.email} &lt;{named.email}&gt; (not registered)
          </option>
        )}
      </select>
      <small className="muted">A journey step that names its own sender overrides this.</small>
    </label>
  );
}
