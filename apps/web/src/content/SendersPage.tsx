import './content.css';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api/client.js';
import { contentApi, type Sender } from '../api/content.js';
import { PeopleTopBar } from '../people/TopBar.js';
import { can } from '../people/roles.js';
import { useMe } from '../people/use-me.js';

const EMPTY = { email: '', name: '', phone: '', signature: '' };

/**
 * Senders: the people a send step with "the lead's owner" signs as. A lead whose owner is
 * registered here gets mail from that person, signed with their signature; any other lead gets
 * the default sender.
 */
export function SendersPage() {
  const client = useQueryClient();
  const role = useMe().data?.role;
  const writable = can(role, 'writeSenders');
  const senders = useQuery({ queryKey: ['senders'], queryFn: contentApi.senders, retry: false });
  const [form, setForm] = useState(EMPTY);
  const [editing, setEditing] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () =>
      contentApi.putSender(form.email.trim(), { name: form.name, phone: form.phone.trim() || null, signature: form.signature.trim() ? form.signature : null }),
    onSuccess: () => {
      setForm(EMPTY);
      setEditing(null);
      void client.invalidateQueries({ queryKey: ['senders'] });
    },
  });
  const problems = save.error instanceof ApiError ? save.error.problems : [];
  const edit = (sender: Sender) => {
    setEditing(sender.email);
    setForm({ email: sender.email, name: sender.name, phone: sender.phone ?? '', signature: sender.signature ?? '' });
  };
  return (
    <div className="app-shell">
      <PeopleTopBar title="Senders" />
      <main className="list-page">
        <p className="muted">
          A send step set to sign as <strong>the lead&apos;s owner</strong> goes out from the person registered here under the lead&apos;s
          owner email, with their signature (<code>{'{{ sender.signature }}'}</code> in a template). A lead whose owner is not registered gets
          the default sender.
        </p>
        {writable && (
          <section>
            <h2>{editing ? `Change ${editing}` : 'Register a sender'}</h2>
            <form
              className="sender-form"
              onSubmit={(event) => {
                event.preventDefault();
                save.mutate();
              }}
            >
              <label className="field">
                <span>Email (the lead&apos;s owner)</span>
                <input value={form.email} readOnly={editing !== null} onChange={(e) => setForm({ ...form, email: e.target.value })} placeholder="maya@acme.example" />
              </label>
              <label className="field">
                <span>Name</span>
                <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} placeholder="Maya Lind" />
              </label>
              <label className="field">
                <span>Phone</span>
                <input value={form.phone} onChange={(e) => setForm({ ...form, phone: e.target.value })} placeholder="+44 20 7946 0958" />
              </label>
              <label className="field sender-form__signature">
                <span>Signature</span>
                <textarea rows={3} value={form.signature} onChange={(e) => setForm({ ...form, signature: e.target.value })} placeholder={'Maya Lind\nAccount lead, Acme'} />
              </label>
              <div className="sender-form__actions">
                <button type="submit" className="button button--primary" disabled={!form.email.trim() || !form.name.trim() || save.isPending}>
                  {editing ? 'Save' : 'Register'}
                </button>
                {editing && (
                  <button
                    type="button"
                    className="button button--ghost"
                    onClick={() => {
                      setEditing(null);
                      setForm(EMPTY);
                      save.reset();
                    }}
                  >
                    Cancel
                  </button>
                )}
              </div>
            </form>
            {save.error && (
              <div className="problem problem--error" role="alert">
                {save.error.message}
                {problems.length > 0 && (
                  <ul>
                    {problems.map((p, i) => (
                      <li key={i}>
                        {String(p.path?.join('.') ?? '')}: {p.message}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            )}
          </section>
        )}
        <section>
          <h2>Registered senders</h2>
          {senders.error && <p className="problem problem--error">{senders.error.message}</p>}
          {senders.data && senders.data.senders.length === 0 && <p className="muted">No one yet: every send goes out from the default sender.</p>}
          {senders.data && senders.data.senders.length > 0 && (
            <table className="journey-table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Email</th>
                  <th>Phone</th>
                  <th>Signature</th>
                  {writable && <th />}
                </tr>
              </thead>
              <tbody>
                {senders.data.senders.map((sender) => (
                  <tr key={sender.email}>
                    <td>{sender.name}</td>
                    <td>{sender.email}</td>
                    <td>{sender.phone ?? '—'}</td>
                    <td className="sender-signature">{sender.signature ?? '—'}</td>
                    {writable && (
                      <td>
                        <button type="button" className="button button--ghost" onClick={() => edit(sender)}>
                          Edit
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </main>
    </div>
  );
}
