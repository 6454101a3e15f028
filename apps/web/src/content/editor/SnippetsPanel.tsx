import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { editorApi } from '../../api/content.js';

/**
 * Snippets: blocks written once (a signature, a footer) and included by name. The server puts
 * them in when it renders, from its own store (Liquid's file includes stay off).
 */
export function SnippetsPanel({ onInsert, canWrite }: { onInsert: (liquid: string) => void; canWrite: boolean }) {
  const client = useQueryClient();
  const snippets = useQuery({ queryKey: ['snippets'], queryFn: editorApi.snippets, retry: false });
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  const save = useMutation({
    mutationFn: () => editorApi.putSnippet(name.trim(), { text }),
    onSuccess: () => {
      setName('');
      setText('');
      void client.invalidateQueries({ queryKey: ['snippets'] });
    },
  });
  return (
    <section className="snippets" aria-label="Snippets">
      <h4>Snippets</h4>
      <ul>
        {snippets.data?.snippets.map((s) => (
          <li key={s.name}>
            <button type="button" onClick={() => onInsert(`{% snippet "${s.name}" %}`)} title={s.text}>
              Insert “{s.name}”
            </button>{' '}
            <span className="muted">{s.updatedBy ? `by ${s.updatedBy}` : ''}</span>
          </li>
        ))}
        {snippets.data?.snippets.length === 0 && <li className="muted">None yet.</li>}
      </ul>
      {canWrite && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <label className="field">
            <span>New snippet name</span>
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="footer" />
          </label>
          <label className="field">
            <span>Snippet text</span>
            <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} />
          </label>
          <button type="submit" disabled={!name.trim() || save.isPending}>
            Save snippet
          </button>
          {save.error && <p className="problem problem--error">{save.error.message}</p>}
        </form>
      )}
    </section>
  );
}
