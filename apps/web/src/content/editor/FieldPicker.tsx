import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { editorApi } from '../../api/content.js';
import { liquidFor } from './insert-at-cursor.js';

/**
 * The merge fields a template may use (the lead's own, attributes seen on leads, the sender's),
 * inserted as Liquid where the marketer was typing. A default fills an empty value.
 */
export function FieldPicker({ onPick }: { onPick: (liquid: string) => void }) {
  const fields = useQuery({ queryKey: ['merge-fields'], queryFn: editorApi.fields, retry: false });
  const [fallback, setFallback] = useState('');
  const groups: Array<[string, string[]]> = fields.data
    ? [
        ['Lead', fields.data.lead],
        ['Lead attributes', fields.data.attributes],
        ['Sender', fields.data.sender],
        ['Other', fields.data.other],
      ]
    : [];
  return (
    <div className="field-picker token-form">
      <label className="field">
        <span>Insert field</span>
        <select
          value=""
          onChange={(e) => {
            if (e.target.value) onPick(liquidFor(e.target.value, fallback));
          }}
        >
          <option value="">Pick a field…</option>
          {groups.map(([label, names]) =>
            names.length === 0 ? null : (
              <optgroup key={label} label={label}>
                {names.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </optgroup>
            ),
          )}
        </select>
      </label>
      <label className="field">
        <span>Default if empty</span>
        <input value={fallback} onChange={(e) => setFallback(e.target.value)} placeholder="e.g. there" />
      </label>
    </div>
  );
}
