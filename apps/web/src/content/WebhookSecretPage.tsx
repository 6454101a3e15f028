import './content.css';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { settingsApi } from '../api/content.js';
import { PeopleTopBar } from '../people/TopBar.js';

/**
 * Admin: the secret every outgoing webhook is signed with, to give to whoever runs a receiver,
 * and how they check a request with it. Hidden until asked for, so it is not on screen by chance.
 */
export function WebhookSecretPage() {
  const [shown, setShown] = useState(false);
  const client = useQueryClient();
  const secret = useQuery({ queryKey: ['webhook-secret'], queryFn: settingsApi.webhookSecret, retry: false, enabled: shown });
  // The new secret is shown once, here; the page's own view of the secret is dropped until asked again.
  const rotate = useMutation({
    mutationFn: settingsApi.rotateWebhookSecret,
    onSuccess: () => {
      setShown(false);
      client.removeQueries({ queryKey: ['webhook-secret'] });
    },
  });
  return (
    <div className="app-shell">
      <PeopleTopBar title="Webhook signing" />
      <main className="list-page">
        <section>
          <h2>Signing secret</h2>
          <p className="muted">
            Every webhook Trellis posts (a journey&apos;s webhook step, the SMS and direct-mail providers) carries a signature made with this
            secret. Give it to whoever runs the receiver, so they can tell Trellis&apos;s requests from anyone else&apos;s.
          </p>
          {!shown && (
            <button type="button" className="button button--primary" onClick={() => setShown(true)}>
              Show the secret
            </button>
          )}{' '}
          <button
            type="button"
            className="button"
            disabled={rotate.isPending}
            onClick={() => {
              if (window.confirm('Make a new secret? The current one keeps signing a second header for 24 hours, then stops.')) rotate.mutate();
            }}
          >
            Rotate
          </button>
          {rotate.error && <p className="problem problem--error">{rotate.error.message}</p>}
          {rotate.data && (
            <div role="status" className="rotated-secret">
              <p>New secret, shown this once:</p>
              <div className="token-issued">
                <code data-testid="rotated-secret">{rotate.data.secret}</code>
                <button type="button" className="button" onClick={() => void navigator.clipboard?.writeText(rotate.data.secret)}>
                  Copy
                </button>
              </div>
              <p>
                Every webhook is now signed with it in <code>{rotate.data.header}</code>. Until{' '}
                {new Date(rotate.data.previousValidUntil).toLocaleString()}, <code>{rotate.data.previousHeader}</code> carries the signature made
                with the previous secret: a receiver not yet switched can check that header meanwhile.
              </p>
            </div>
          )}
          {secret.error && <p className="problem problem--error">{secret.error.message}</p>}
          {shown && secret.data && (
            <>
              <div className="token-issued" role="status">
                <code data-testid="webhook-secret">{secret.data.secret}</code>
                <button type="button" className="button" onClick={() => void navigator.clipboard?.writeText(secret.data.secret)}>
                  Copy
                </button>
                <button type="button" className="button button--ghost" onClick={() => setShown(false)}>
                  Hide
                </button>
              </div>
              <h2>Checking a request</h2>
              <p>
                The header <code>{secret.data.header}</code> holds <code>{secret.data.format}</code>. Compute the same over the body exactly as
                received and compare in constant time, for example in Node.js:
              </p>
              <pre className="webhook-snippet">{`const expected = 'sha256=' + crypto.createHmac('sha256', SECRET).update(rawBody).digest('hex');
const ok = crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(req.headers['${secret.data.header.toLowerCase()}'] ?? ''));`}</pre>
              <p className="muted">
                The secret is <code>TRELLIS_WEBHOOK_SECRET</code> when the server was started with it; otherwise Trellis made one the first time it
                started and keeps it in its database, the same for every server sharing it.
              </p>
            </>
          )}
        </section>
      </main>
    </div>
  );
}
