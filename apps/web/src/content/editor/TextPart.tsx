import { useRef } from 'react';
import { insertAt } from './insert-at-cursor.js';

/** Where a picked field goes: the part the marketer last typed in. */
export interface InsertTarget {
  insert(text: string): void;
}

/**
 * One Liquid text part (a subject, an SMS, a script): a field or area that, once focused,
 * becomes where the field picker and snippets insert, at the caret.
 */
export function TextPart({
  label,
  value,
  onChange,
  onTarget,
  rows,
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  onTarget: (target: InsertTarget) => void;
  rows?: number;
  placeholder?: string;
}) {
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const target: InsertTarget = {
    insert(text) {
      const el = ref.current;
      if (!el) return;
      const next = insertAt(el.value, el.selectionStart, el.selectionEnd, text);
      onChange(next.value);
      requestAnimationFrame(() => {
        el.focus();
        el.setSelectionRange(next.caret, next.caret);
      });
    },
  };
  const common = {
    ref,
    value,
    placeholder,
    onChange: (e: { target: { value: string } }) => onChange(e.target.value),
    onFocus: () => onTarget(target),
  };
  return (
    <label className="field">
      <span>{label}</span>
      {rows ? <textarea rows={rows} spellCheck {...common} /> : <input {...common} />}
    </label>
  );
}
