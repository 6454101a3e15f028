import type { Operator } from '@trellis/journey';
import { useEffect, useState } from 'react';
import { formatValue, parseValue } from './value-text.js';

/** A test's value typed as text; the draft is kept while typing so `a, ` can become `a, b`. */
export function ValueInput({ value, op, onChange, label }: { value: unknown; op: Operator; onChange: (value: unknown) => void; label: string }) {
  const [draft, setDraft] = useState(() => formatValue(value));
  useEffect(() => {
    if (JSON.stringify(parseValue(draft, op)) !== JSON.stringify(value)) setDraft(formatValue(value));
    // Only an outside change (undo, another form) resets the draft.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  if (op === 'exists') return null;
  return (
    <input
      type="text"
      aria-label={label}
      className="value-input"
      value={draft}
      placeholder={op === 'in' || op === 'nin' ? 'a, b, c' : 'value'}
      onChange={(event) => {
        setDraft(event.target.value);
        onChange(parseValue(event.target.value, op));
      }}
    />
  );
}
