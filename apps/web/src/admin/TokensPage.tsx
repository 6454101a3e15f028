import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { peopleApi, type Role } from '../api/people.js';
import { PeopleTopBar } from '../people/TopBar.js';

const ROLE_TEXT: Record<Role, string> = {
  admin: 'admin — everything',
  marketer: 'marketer — edit and publish journeys',
  reviewer: 'reviewer — read journeys and comment',
  operator: 'operator — watch journeys, leads, pause and resume',
  sales: 'sales — the handoff queue and tasks',
  ingest: 'ingest — send events and leads (integrations)',
};

/** Admin: issue tokens for a role (the secret shown once), see them listed, revoke. */
export function TokensPage() {
  const client = useQueryClient();
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: peopleApi.tokens, retry: false });
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('reviewer');
  const [issued, setIssued] = useState<{ name: string; token: string } | null>(null);
  const create = useMutation({
    mutationFn: () => peopleApi.createToken(name.trim(), role),
    onSuccess: (answer) => {
      setIssued({ name: name.trim(), token: answer.token });
      setName('');
      void client.invalidateQueries({ queryKey: ['tokens'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => peopleApi.revokeToken(id),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['tokens'] }),
  });
  return (
    <div className="app-shell">
      <PeopleTopBar title="API tokens" />
      <main className="list-page">
        <section>
          <h2>Issue a token</h2>
          <form
            className="token-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (name.trim()) create.mutate();
            }}
          >
            <label className="field">
              <span>Who or what holds it</span>
              <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Maya (sales manager)" />
            </label>
            <label className="field">
              <span>Role</span>
              <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {Object.entries(ROLE_TEXT).map(([value, text]) => (
                  <option key={value} value={value}>
                    {text}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="button button--primary" disabled={!name.trim() || create.isPending}>
              Issue token
            </button>
          </form>
          {create.error && <p className="problem problem--error">{create.error.message}</p>}
          {issued && (
            <div className="token-issued" role="status">
              <p>
                The token for <strong>{issued.name}</strong>. Copy it now: it is not shown again.
              </p>
              <code data-testid="issued-token">{issued.token}</code>
              <button type="button" className="button" onClick={() => void navigator.clipboard?.writeText(issued.token)}>
                Copy
              </button>
            </div>
          )}
        </section>
        <section>
          <h2>Tokens</h2>
          {tokens.error && <p className="problem problem--error">{tokens.error.message}</p>}
          {tokens.data && (
            <table className="journey-table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Role</th>
                  <th>Issued</th>
                  <th>Status</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {tokens.data.tokens.map((token) => (
                  <tr key={token.id}>
                    <td>{token.name}</td>
                    <td>{token.role}</td>
                    <td>{new Date(token.createdAt).toLocaleString()}</td>
                    <td>{token.revokedAt ? `revoked ${new Date(token.revokedAt).toLocaleString()}` : 'active'}</td>
                    <td>
                      {!token.revokedAt && (
                        <button
                          type="button"
                          className="button button--ghost"
                          onClick={() => {
                            if (window.confirm(`Revoke the token of ${token.name}? It stops working at once.`)) revoke.mutate(token.id);
                          }}
                        >
                          Revoke
                        </button>
                      )}
                    </td>
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
