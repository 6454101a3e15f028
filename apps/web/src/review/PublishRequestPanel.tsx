import { restingNodeTitle } from '@trellis/journey';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.js';
import { approvalsApi, type PublishRequestRecord } from '../api/publish-requests.js';
import { useMe } from '../people/use-me.js';
import '../editor/publish-dialog.css';
import { ChangeLine } from './ChangeLine.js';

/**
 * Approvals, the reviewer's side (docs/live-edits.md "Approvals"): a journey's pending publish
 * request with the same publish review the marketer saw, recomputed now (the changes, the
 * problems, where the leads inside land with the request's targets); a reviewer or an admin who
 * did not ask approves (publishing it) or declines with a comment. Below, the journey's history
 * of requests. Nothing shows for a journey that never had one.
 */
export function PublishRequestPanel({ journeyId }: { journeyId: string }) {
  const requests = useQuery({ queryKey: ['journeys', journeyId, 'publish-requests'], queryFn: () => approvalsApi.list(journeyId) });
  const list = requests.data?.requests ?? [];
  if (list.length === 0) return null;
  const pending = list.find((r) => r.status === 'pending');
  const history = list.filter((r) => r.status !== 'pending');
  return (
    <section className="publish-requests" aria-label="Publish requests">
      <h2>Publish requests</h2>
      {pending && <PendingRequest journeyId={journeyId} request={pending} />}
      {history.length > 0 && (
        <ol className="publish-requests__history" aria-label="Earlier requests">
          {history.map((r) => (
            <li key={r.id} data-testid="request-history">
              {historyLine(r)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function historyLine(r: PublishRequestRecord): string {
  const asked = `${r.requestedBy} asked ${new Date(r.requestedAt).toLocaleString()}`;
  if (r.status === 'approved') return `Approved by ${r.decidedBy}: published version ${r.version}${r.comment ? ` (“${r.comment}”)` : ''}. ${asked}.`;
  if (r.status === 'declined') return `Declined by ${r.decidedBy}: “${r.comment}”. ${asked}.`;
  return `Superseded by a newer request. ${asked}.`;
}

function PendingRequest({ journeyId, request }: { journeyId: string; request: PublishRequestRecord }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const [comment, setComment] = useState('');
  const review = useQuery({ queryKey: ['journeys', journeyId, 'publish-requests', request.id], queryFn: () => approvalsApi.review(journeyId, request.id) });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['journeys'] });
  const approve = useMutation({ mutationFn: () => approvalsApi.approve(journeyId, request.id, comment.trim() || undefined), onSuccess: refresh });
  const decline = useMutation({ mutationFn: () => approvalsApi.decline(journeyId, request.id, comment.trim()), onSuccess: refresh });
  const role = me.data?.role;
  const mayDecide = role === 'reviewer' || role === 'admin';
  const own = me.data?.name === request.requestedBy;
  const data = review.data?.review;
  const errors = data?.problems.filter((p) => p.severity === 'error').length ?? 0;
  // The steps' names, as the publish review says them ("v1 · Wait 3 days"), from each running version's document.
  const fromVersions = [...new Set(data?.inFlight.map((g) => g.fromVersion) ?? [])];
  const documents = useQueries({
    queries: fromVersions.map((version) => ({
      queryKey: ['journeys', journeyId, 'version', version],
      queryFn: () => api.version(journeyId, version),
      staleTime: Infinity,
    })),
  });
  const title = (version: number, nodeId: string) =>
    `v${version} · ${restingNodeTitle(documents.find((d) => d.data?.version === version)?.data?.journey.nodes.find((n) => n.id === nodeId), nodeId)}`;
  const busy = approve.isPending || decline.isPending;
  return (
    <div data-testid="pending-request">
      <p>
        <strong>Approval requested by {request.requestedBy}</strong> {new Date(request.requestedAt).toLocaleString()}:{' '}
        {request.inFlight === 'move' ? 'publish and move the leads inside to the new version' : 'publish, keeping the leads inside on their versions'}.
      </p>
      {request.stale && (
        <p className="notice--warning" role="status">
          The draft has changed since {request.requestedBy} asked: this request is stale and cannot be approved. The review below is of the draft
          as it is now.
        </p>
      )}
      {review.error && <p className="notice--error">{review.error.message}</p>}
      {data && (
        <>
          <h3>Changes in version {data.version}</h3>
          {data.changes.length === 0 ? (
            <p className="muted">No changes.</p>
          ) : (
            <ol className="change-list">
              {data.changes.map((change, i) => (
                <li key={i}>
                  <ChangeLine change={change} />
                </li>
              ))}
            </ol>
          )}
          <h3>Problems</h3>
          {data.problems.length === 0 ? (
            <p className="muted">None.</p>
          ) : (
            <ul>
              {data.problems.map((p, i) => (
                <li key={i} className={`problem problem--${p.severity}`}>
                  {p.severity}: {p.message}
                </li>
              ))}
            </ul>
          )}
          <h3>Leads in flight</h3>
          {data.inFlight.length === 0 ? (
            <p className="muted">No lead is inside this journey now.</p>
          ) : (
            <ul data-testid="request-landings">
              {data.inFlight.map((g) => (
                <li key={`${g.fromVersion}:${g.fromNode}`}>
                  {g.leads.toLocaleString()} at {title(g.fromVersion, g.fromNode)} →{' '}
                  {request.inFlight === 'stay' || g.toNode === null ? `stay on version ${g.fromVersion}` : `${g.toNode === g.fromNode ? 'the same step' : g.toNode} in version ${data.version}`}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {mayDecide && own && <p className="muted">You asked for this publish: someone else approves it.</p>}
      {mayDecide && !own && (
        <div className="publish-requests__decide">
          <label>
            Comment {request.stale ? '' : '(needed to decline)'}
            <textarea value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} />
          </label>
          <div className="modal__actions">
            <button type="button" className="button" disabled={busy || comment.trim() === ''} onClick={() => decline.mutate()}>
              Decline
            </button>
            <button type="button" className="button button--primary" disabled={busy || request.stale || !data || errors > 0} onClick={() => approve.mutate()}>
              {approve.isPending ? 'Publishing…' : `Approve and publish${data ? ` version ${data.version}` : ''}`}
            </button>
          </div>
          {(approve.error ?? decline.error) && <p className="notice--error">{(approve.error ?? decline.error)!.message}</p>}
        </div>
      )}
      {approve.data && <p role="status">Published version {approve.data.version}.</p>}
    </div>
  );
}

/** The journey list's chip: who asked for approval, linking to the review where it is decided. */
export function ApprovalChip({ journeyId, request }: { journeyId: string; request: { by: string; stale: boolean } }) {
  return (
    <a className={`approval-chip${request.stale ? ' approval-chip--stale' : ''}`} href={`#/review/${encodeURIComponent(journeyId)}`} data-testid="approval-chip">
      Approval requested by {request.by}
      {request.stale ? ' (stale: the draft changed)' : ''}
    </a>
  );
}
