import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api/client.js';
import { peopleApi, type CommentThread } from '../api/people.js';

export const commentKeys = { of: (journeyId: string) => ['comments', journeyId] as const };

function when(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * The threads about one node (or the journey as a whole, `nodeId` null): each with its replies,
 * resolve / reopen, and a box to start a new thread. `canWrite` false shows them read-only.
 */
export function CommentThreads({
  journeyId,
  nodeId,
  version,
  threads,
  canWrite,
}: {
  journeyId: string;
  nodeId: string | null;
  version: number | null;
  threads: CommentThread[];
  canWrite: boolean;
}) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: commentKeys.of(journeyId) });
  const start = useMutation({
    mutationFn: (body: string) =>
      peopleApi.startThread(journeyId, { body, ...(nodeId ? { nodeId } : {}), ...(version ? { version } : {}) }),
    onSuccess: refresh,
  });
  const [draft, setDraft] = useState('');
  const mine = threads.filter((t) => t.nodeId === nodeId);
  const open = mine.filter((t) => !t.resolved);
  const resolved = mine.filter((t) => t.resolved);

  return (
    <section className="comments" aria-label="Comments">
      <h3 className="readout__heading">
        Comments {open.length > 0 && <span className="count">{open.length} open</span>}
      </h3>
      {mine.length === 0 && <p className="muted">No comments {nodeId ? 'on this step' : 'on the journey'} yet.</p>}
      {[...open, ...resolved].map((thread) => (
        <Thread key={thread.id} journeyId={journeyId} thread={thread} canWrite={canWrite} onChange={refresh} />
      ))}
      {canWrite && (
        <form
          className="comments__new"
          onSubmit={(event) => {
            event.preventDefault();
            if (!draft.trim()) return;
            start.mutate(draft.trim(), { onSuccess: () => setDraft('') });
          }}
        >
          <label className="field">
            <span>{nodeId ? 'Comment on this step' : 'Comment on the journey'}</span>
            <textarea rows={3} value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="What should change, or why?" />
          </label>
          {start.error && <p className="problem problem--error">{(start.error as ApiError).message}</p>}
          <button type="submit" className="button button--primary" disabled={!draft.trim() || start.isPending}>
            Comment
          </button>
        </form>
      )}
    </section>
  );
}

function Thread({ journeyId, thread, canWrite, onChange }: { journeyId: string; thread: CommentThread; canWrite: boolean; onChange: () => void }) {
  const [reply, setReply] = useState('');
  const [replying, setReplying] = useState(false);
  const send = useMutation({ mutationFn: (body: string) => peopleApi.reply(journeyId, thread.id, body), onSuccess: onChange });
  const resolve = useMutation({ mutationFn: (resolved: boolean) => peopleApi.setResolved(journeyId, thread.id, resolved), onSuccess: onChange });
  return (
    <article className={`thread ${thread.resolved ? 'is-resolved' : ''}`} data-testid="comment-thread">
      {[thread, ...thread.replies].map((comment) => (
        <div key={comment.id} className="thread__comment">
          <div className="thread__meta">
            <strong>{comment.author}</strong> <time dateTime={comment.createdAt}>{when(comment.createdAt)}</time>
          </div>
          <p className="thread__body">{comment.body}</p>
        </div>
      ))}
      {thread.version !== null && <div className="muted thread__version">on version {thread.version}</div>}
      {thread.resolved && (
        <div className="muted">
          Resolved by {thread.resolvedBy} {thread.resolvedAt ? when(thread.resolvedAt) : ''}
        </div>
      )}
      {canWrite && (
        <div className="thread__actions">
          {!thread.resolved && !replying && (
            <button type="button" className="link-button" onClick={() => setReplying(true)}>
              Reply
            </button>
          )}
          <button type="button" className="link-button" disabled={resolve.isPending} onClick={() => resolve.mutate(!thread.resolved)}>
            {thread.resolved ? 'Reopen' : 'Resolve'}
          </button>
        </div>
      )}
      {canWrite && replying && (
        <form
          className="thread__reply"
          onSubmit={(event) => {
            event.preventDefault();
            if (!reply.trim()) return;
            send.mutate(reply.trim(), {
              onSuccess: () => {
                setReply('');
                setReplying(false);
              },
            });
          }}
        >
          <textarea rows={2} aria-label="Reply" value={reply} onChange={(e) => setReply(e.target.value)} autoFocus />
          <button type="submit" className="button" disabled={!reply.trim() || send.isPending}>
            Reply
          </button>
        </form>
      )}
    </article>
  );
}
