import { useState } from 'react';
import { ApiError, writeToken } from '../api/client.js';
import { navigate } from '../routes.js';
import { peopleApi } from '../api/people.js';
import { homeOf } from '../people/roles.js';

/** Takes an API token (kept in localStorage) and checks it against the server before going on. */
export function LoginPage() {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  async function submit() {
    setChecking(true);
    setError(null);
    const candidate = token.trim();
    try {
      // The token is checked before it is kept: keeping it starts a new session (the page remounts).
      // Who the token is decides where to go: sales to its desk, the others to the journeys.
      const me = await peopleApi.me(candidate);
      writeToken(candidate);
      navigate(homeOf(me.role));
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
        setError('The server does not accept this token.');
      } else {
        setError(err instanceof ApiError ? err.message : 'Could not check the token.');
      }
    } finally {
      setChecking(false);
    }
  }

  return (
    <main className="login">
      <form
        className="login__card"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <div className="brand brand--large">
          <span className="brand__mark" aria-hidden>
            ⋔
          </span>
          Trellis
        </div>
        <p className="muted">Sign in with an API token. An admin creates one with POST /api/tokens.</p>
        <label className="field">
          <span>API token</span>
          <input type="password" autoComplete="current-password" value={token} onChange={(e) => setToken(e.target.value)} autoFocus />
        </label>
        {error && <p className="problem problem--error">{error}</p>}
        <button className="button button--primary" type="submit" disabled={!token.trim() || checking}>
          {checking ? 'Checking…' : 'Sign in'}
        </button>
        <button type="button" className="link-button" onClick={() => navigate('#/new')}>
          Or draw a journey offline (import, export, validate)
        </button>
      </form>
    </main>
  );
}
