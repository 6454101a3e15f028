import { restingNodeTitle, type Journey } from '@trellis/journey';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { api, ApiError, type InFlightMap, type PublishRequest } from '../api/client.js';
import { approvalsApi } from '../api/publish-requests.js';
import { journeyKeys } from '../api/queries.js';
import { useMe } from '../people/use-me.js';
import { ChangeLine } from '../review/ChangeLine.js';
import { WhatIfPanel } from './WhatIfPanel.js';
import './publish-dialog.css';

/**
 * The publish review (docs/live-edits.md): before a version goes live, the marketer sees what
 * changed against the published version (the compare view's lines), the problems, and where the
 * leads inside would land: per running version and step, how many, and a target (the step of
 * the same id, another step of the same kind, or staying on their version). Keep leaves them
 * all where they are; Move applies the targets. The counts and landings are the server's
 * (`POST /api/journeys/:id/publish/preview`), asked again whenever a target changes.
 *
 * Where the workspace needs approvals (and the marketer is not an admin), confirming asks for
 * approval instead: the request keeps the choice and the targets, and a reviewer publishes it.
 * "Simulate the move" shows what the move would do over the next 30 days (WhatIfPanel).
 */

const STAY = '';

export function PublishDialog({
  journeyId,
  draft,
  publishing,
  onPublish,
  onCancel,
}: {
  journeyId: string;
  draft: Journey;
  publishing: boolean;
  onPublish: (request: PublishRequest) => void;
  onCancel: () => void;
}) {
  const titleId = useId();
  const dialog = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<InFlightMap>({});
  const [inFlight, setInFlight] = useState<'stay' | 'move'>('stay');
  const preview = useQuery({
    queryKey: ['journeys', journeyId, 'publish-preview', map],
    queryFn: () => api.previewPublish(journeyId, map),
    placeholderData: (previous) => previous,
  });
  const fromVersions = [...new Set(preview.data?.inFlight.map((g) => g.fromVersion) ?? [])];
  const versions = useQueries({
    queries: fromVersions.map((version) => ({
      queryKey: ['journeys', journeyId, 'version', version],
      queryFn: () => api.version(journeyId, version),
      staleTime: Infinity,
    })),
  });
  const nodeOf = (version: number, nodeId: string) =>
    version === preview.data?.version
      ? draft.nodes.find((n) => n.id === nodeId)
      : versions.find((v) => v.data?.version === version)?.data?.journey.nodes.find((n) => n.id === nodeId);
  const me = useMe();
  const approvals = useQuery({ queryKey: ['settings', 'approvals'], queryFn: approvalsApi.settings });
  const needsApproval = approvals.data?.required === true && me.data?.role !== 'admin';
  const queryClient = useQueryClient();
  const asking = useMutation({
    mutationFn: (body: PublishRequest) => approvalsApi.requestPublish(journeyId, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: journeyKeys.list, exact: true }),
  });

  useEffect(() => {
    const before = document.activeElement;
    dialog.current?.focus();
    return () => {
      if (before instanceof HTMLElement && before.isConnected) before.focus();
    };
  }, []);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    // The editor's own keys (Delete, Ctrl+Z) must not act on the drawing behind the dialog.
    event.stopPropagation();
    if (event.key === 'Escape' && !publishing) onCancel();
  }

  function retarget(fromNode: string, value: string) {
    const next = { ...map };
    if (value === fromNode) delete next[fromNode];
    else next[fromNode] = value === STAY ? null : value;
    setMap(next);
  }

  const data = preview.data;
  const errors = data?.problems.filter((p) => p.severity === 'error') ?? [];
  const inside = data?.inFlight.reduce((sum, g) => sum + g.leads, 0) ?? 0;
  const moving = data?.inFlight.reduce((sum, g) => sum + (g.toNode === null ? 0 : g.leads), 0) ?? 0;
  const mapError = preview.error instanceof ApiError ? preview.error.message : null;

  const busy = publishing || asking.isPending;
  const choice: PublishRequest = inFlight === 'move' ? { inFlight, map } : { inFlight };
  if (asking.data) {
    return (
      <div className="modal-backdrop">
        <div ref={dialog} tabIndex={-1} className="modal publish-review" role="dialog" aria-modal="true" aria-labelledby={titleId} onKeyDown={onKeyDown}>
          <h2 id={titleId}>Approval requested</h2>
          <p role="status">
            A reviewer or an admin will read this review and publish version {data?.version}
            {asking.data.inFlight === 'move' ? ', moving the leads inside as you chose' : ', keeping the leads inside on their versions'}. Editing the
            draft before then makes this request stale: you would ask again.
          </p>
          <div className="modal__actions">
            <button type="button" className="button button--primary" onClick={onCancel}>
              Close
            </button>
          </div>
        </div>
      </div>
    );
  }

  return (
    <div className="modal-backdrop">
      <div ref={dialog} tabIndex={-1} className="modal publish-review" role="dialog" aria-modal="true" aria-labelledby={titleId} onKeyDown={onKeyDown}>
        <h2 id={titleId}>{data ? `Publish version ${data.version}` : 'Publish'}</h2>
        {needsApproval && <p className="muted">This workspace needs a reviewer or an admin to approve each publish: you ask, they publish.</p>}
        {preview.isPending && <p className="muted">Reading what would change…</p>}
        {preview.error && !data && <p className="notice--error">{preview.error.message}</p>}
        {data && (
          <>
            <section aria-label="Changes">
              <h3>Changes</h3>
              {data.changes.length === 0 ? (
                <p className="muted">No changes to publish.</p>
              ) : (
                <ol className="change-list">
                  {data.changes.map((change, index) => (
                    <li key={index} data-testid="change-item">
                      <ChangeLine change={change} />
                    </li>
                  ))}
                </ol>
              )}
            </section>
            <section aria-label="Problems">
              <h3>Problems</h3>
              {data.problems.length === 0 ? (
                <p className="muted">None.</p>
              ) : (
                <ul className="publish-review__problems">
                  {data.problems.map((p, i) => (
                    <li key={i} className={`problem problem--${p.severity}`}>
                      {p.severity}: {p.message}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section aria-label="Leads in flight">
              <h3>Leads in flight</h3>
              {data.inFlight.length === 0 ? (
                <p className="muted">No lead is inside this journey now.</p>
              ) : (
                <>
                  <fieldset className="publish-review__choice">
                    <legend className="visually-hidden">What happens to the leads inside</legend>
                    <label>
                      <input type="radio" name="in-flight" checked={inFlight === 'stay'} onChange={() => setInFlight('stay')} /> Keep them on their
                      versions ({inside.toLocaleString()} {inside === 1 ? 'lead' : 'leads'})
                    </label>
                    <label>
                      <input type="radio" name="in-flight" checked={inFlight === 'move'} onChange={() => setInFlight('move')} /> Move them to
                      version {data.version} ({moving.toLocaleString()} move, {(inside - moving).toLocaleString()} stay)
                    </label>
                  </fieldset>
                  <table className="publish-review__landings">
                    <thead>
                      <tr>
                        <th scope="col">Now at</th>
                        <th scope="col">Leads</th>
                        <th scope="col">In version {data.version}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.inFlight.map((group) => {
                        const from = nodeOf(group.fromVersion, group.fromNode);
                        const title = `v${group.fromVersion} · ${restingNodeTitle(from, group.fromNode)}`;
                        const targets = draft.nodes.filter((n) => n.type === from?.type);
                        return (
                          <tr key={`${group.fromVersion}:${group.fromNode}`} data-testid="landing">
                            <th scope="row">{title}</th>
                            <td>{group.leads.toLocaleString()}</td>
                            <td>
                              <select
                                aria-label={`Where the leads at ${title} go`}
                                value={group.toNode ?? STAY}
                                disabled={inFlight === 'stay' || busy}
                                onChange={(e) => retarget(group.fromNode, e.target.value)}
                              >
                                {targets.map((n) => (
                                  <option key={n.id} value={n.id}>
                                    {n.id === group.fromNode ? 'Same step: ' : ''}
                                    {restingNodeTitle(n, n.id)} ({n.id})
                                  </option>
                                ))}
                                <option value={STAY}>Stays on version {group.fromVersion}</option>
                              </select>
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                  {mapError && <p className="notice--error">{mapError}</p>}
                  <WhatIfPanel journeyId={journeyId} draft={draft} map={map} nodeOf={nodeOf} />
                </>
              )}
            </section>
          </>
        )}
        {asking.error && <p className="notice--error">{asking.error.message}</p>}
        <div className="modal__actions">
          <button type="button" className="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={!data || busy || errors.length > 0 || data.changes.length === 0}
            onClick={() => (needsApproval ? asking.mutate(choice) : onPublish(choice))}
          >
            {needsApproval
              ? asking.isPending
                ? 'Requesting…'
                : 'Request approval'
              : publishing
                ? 'Publishing…'
                : data
                  ? `Publish version ${data.version}`
                  : 'Publish'}
          </button>
        </div>
      </div>
    </div>
  );
}
