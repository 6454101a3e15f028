import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client.js';
import { peopleApi, type JourneyStats } from '../api/people.js';
import { LeadProfile } from '../people/LeadProfile.js';
import { NodeReadout } from '../people/NodeReadout.js';
import { ReadOnlyJourney, useSelectedNodeId } from '../people/ReadOnlyJourney.js';
import { can } from '../people/roles.js';
import { peopleLinks } from '../people/routes.js';
import { PeopleTopBar } from '../people/TopBar.js';
import { useMe } from '../people/use-me.js';
import { resultsLink } from '../results/results-route.js';
import { channelText } from '../model/summary.js';
import { CadenceCountsContext } from '../canvas/CadenceTimeline.js';
import { followStats } from './stats-stream.js';
import { LeadsAtNode } from './LeadsAtNode.js';
import { LiveStatus } from './LiveStatus.js';
import { sendsByChannel } from './send-summary.js';

/** Operations: the journey running, live counts on every step, the leads at a step, a lead's story, pause and resume, the outbox. */
export function OperatePage({ id }: { id: string }) {
  const me = useMe();
  const client = useQueryClient();
  const stored = useQuery({ queryKey: ['journeys', id], queryFn: () => api.getJourney(id), retry: false });
  const version = stored.data?.publishedVersion ?? null;
  const published = useQuery({ queryKey: ['journeys', id, 'version', version], queryFn: () => api.version(id, version!), enabled: version !== null, retry: false });
  // Leads run the published version; before the first publish only the draft exists to show.
  const journey = version === null ? stored.data?.journey : published.data?.journey;
  const [stats, setStats] = useState<JourneyStats | null>(null);
  const [live, setLive] = useState<'connecting' | 'live' | 'reconnecting' | 'refused'>('connecting');
  useEffect(() => followStats(id, setStats, setLive), [id]);
  // Send statuses are counted on request: again whenever the counts of leads change.
  const moved = stats ? Object.values(stats.nodes).reduce((sum, n) => sum + n.entered + (n.sends?.sent ?? 0), 0) : 0;
  const sendCounts = useQuery({
    queryKey: ['send-counts', id, moved],
    refetchInterval: 10_000,
    queryFn: () => peopleApi.sendCounts(id),
    enabled: can(me.data?.role, 'readOutbox'),
    retry: false,
    placeholderData: (previous) => previous,
  });
  const selected = useSelectedNodeId();
  const [leadId, setLeadId] = useState<string | null>(null);
  // The lead last taken out: said where its profile was, so focus has somewhere to land.
  const [removed, setRemoved] = useState<string | null>(null);
  // Another step picked on the canvas: show its leads, not the lead opened from the last one.
  useEffect(() => {
    setLeadId(null);
    setRemoved(null);
  }, [selected]);
  const [tab, setTab] = useState<'step' | 'outbox'>('step');
  const lifecycle = useMutation({
    mutationFn: (action: 'pause' | 'resume') => api.lifecycle(id, action),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['journeys', id] }),
  });

  const counts = useCallback(
    (nodeId: string) => {
      const n = stats?.nodes[nodeId];
      // An exit holds nobody: what it shows is how many ended there, with its outcome.
      if (journey?.nodes.find((node) => node.id === nodeId)?.type === 'exit') {
        return (
          <span className="live-count" data-testid={`live-count-${nodeId}`} title="Leads that ended here">
            <b>{n?.entered ?? 0}</b> ended
          </span>
        );
      }
      return (
        <span className="live-count" data-testid={`live-count-${nodeId}`} title="Leads here now · leads that entered">
          <b>{n?.current ?? 0}</b> now · {n?.entered ?? 0} in
        </span>
      );
    },
    [stats, journey],
  );

  // A cadence's card marks how many leads wait after each touch.
  const touchCounts = useCallback((nodeId: string) => stats?.nodes[nodeId]?.touches, [stats]);

  const status = stored.data?.status;
  const node = journey?.nodes.find((n) => n.id === selected) ?? null;
  return (
    <div className="app-shell">
      <PeopleTopBar title={`Live · ${journey?.name ?? ''}`}>
        <LiveStatus status={status} live={live} />
        {can(me.data?.role, 'pauseResume') && status === 'active' && (
          <button type="button" className="button" onClick={() => lifecycle.mutate('pause')} disabled={lifecycle.isPending}>
            Pause
          </button>
        )}
        {can(me.data?.role, 'pauseResume') && status === 'paused' && (
          <button type="button" className="button button--primary" onClick={() => lifecycle.mutate('resume')} disabled={lifecycle.isPending}>
            Resume
          </button>
        )}
        <a className="button button--ghost" href={peopleLinks.review(id, version)}>
          Review
        </a>
        {version !== null && (
          <a className="button button--ghost" href={resultsLink(id)}>
            Results
          </a>
        )}
      </PeopleTopBar>
      {lifecycle.error && <div className="notice notice--error">{lifecycle.error.message}</div>}
      <div className="ops-strip" aria-label="Outcomes and sends">
        <span className="ops-strip__title">Outcomes</span>
        {stats && Object.keys(stats.outcomes).length === 0 && <span className="muted">none yet</span>}
        {stats &&
          Object.entries(stats.outcomes).map(([outcome, n]) => (
            <span key={outcome} className="chip" data-testid={`outcome-${outcome}`}>
              {outcome} <b>{n}</b>
            </span>
          ))}
        {journey && stats && (
          <>
            <span className="ops-strip__title">Sends</span>
            {sendsByChannel(journey, stats, sendCounts.data?.sends).map((row) => (
              <span key={row.channel} className="chip" data-testid={`sends-${row.channel}`}>
                {channelText(row.channel)}:{' '}
                {Object.entries(row.statuses).map(([status, n]) => `${n} ${status}`).join(' · ') || 'none yet'}
                {row.delivered + row.failedDelivery > 0 && ` (${row.delivered} delivered${row.failedDelivery ? `, ${row.failedDelivery} failed delivery` : ''})`}
                {row.channel === 'email' && row.sent > 0 && ` · ${row.opened} opened · ${row.clicked} clicked · ${row.unsubscribed} unsubscribed`}
              </span>
            ))}
          </>
        )}
      </div>
      <main className="workspace workspace--people">
        <div className="center-column">
          {stored.error && <p className="problem problem--error">{stored.error.message}</p>}
          {journey && (
            <CadenceCountsContext.Provider value={touchCounts}>
              <ReadOnlyJourney journey={journey} loadKey={`${id}:${version ?? 'draft'}:ops`} extras={counts} />
            </CadenceCountsContext.Provider>
          )}
        </div>
        <aside className="side-panel" aria-label="Details">
          <div className="tabs" role="tablist">
            <button type="button" role="tab" aria-selected={tab === 'step'} className={tab === 'step' ? 'tab is-active' : 'tab'} onClick={() => setTab('step')}>
              Step and leads
            </button>
            {can(me.data?.role, 'readOutbox') && (
              <button type="button" role="tab" aria-selected={tab === 'outbox'} className={tab === 'outbox' ? 'tab is-active' : 'tab'} onClick={() => setTab('outbox')}>
                Outbox
              </button>
            )}
          </div>
          {tab === 'outbox' ? (
            <Outbox journeyId={id} />
          ) : leadId ? (
            <>
              <button type="button" className="link-button" onClick={() => setLeadId(null)}>
                ← Back to the leads
              </button>
              <LeadProfile leadId={leadId} />
              {/* After the profile, not above it: taking a lead out is rare and cannot be undone. */}
              <RemoveLead
                journeyId={id}
                leadId={leadId}
                onRemoved={() => {
                  setRemoved(leadId);
                  setLeadId(null);
                }}
              />
            </>
          ) : node && journey ? (
            <>
              {removed && <RemovedNotice key={removed} leadId={removed} onDismiss={() => setRemoved(null)} />}
              <NodeReadout journey={journey} node={node} />
              <LeadsAtNode journeyId={id} node={node} settings={journey.settings} current={stats?.nodes[node.id]?.current ?? 0} onPick={(picked) => {
                  setRemoved(null);
                  setLeadId(picked);
                }}
              />
            </>
          ) : (
            <>
              {removed && <RemovedNotice key={removed} leadId={removed} onDismiss={() => setRemoved(null)} />}
              <p className="muted">Click a step to see the leads there now.</p>
            </>
          )}
        </aside>
      </main>
    </div>
  );
}

/**
 * Says a lead was taken out, and takes focus when it appears: the button pressed is gone with the
 * lead's profile, and focus would otherwise fall to the page.
 */
export function RemovedNotice({ leadId, onDismiss }: { leadId: string; onDismiss: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="desk-notice" ref={ref} tabIndex={-1}>
      <p role="status">✓ Took {leadId} out of this journey.</p>
      <button type="button" className="desk-notice__close" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}

function RemoveLead({ journeyId, leadId, onRemoved }: { journeyId: string; leadId: string; onRemoved: () => void }) {
  const remove = useMutation({ mutationFn: () => peopleApi.removeLead(journeyId, leadId), onSuccess: onRemoved });
  return (
    <div className="remove-lead">
      <button
        type="button"
        className="button button--ghost button--danger-text"
        disabled={remove.isPending}
        onClick={() => {
          if (window.confirm(`Take ${leadId} out of this journey? Its run ends with outcome "removed".`)) remove.mutate();
        }}
      >
        Remove from journey
      </button>
      {remove.error && <p className="problem problem--error">{remove.error.message}</p>}
    </div>
  );
}

/** This journey's messages in the built-in outbox, as they were rendered. */
function Outbox({ journeyId }: { journeyId: string }) {
  const outbox = useQuery({ queryKey: ['outbox', journeyId], queryFn: () => peopleApi.outbox(journeyId), retry: false, refetchInterval: 5_000 });
  const [open, setOpen] = useState<string | null>(null);
  if (outbox.error) return <p className="problem problem--error">{outbox.error.message}</p>;
  const messages = outbox.data?.messages ?? [];
  return (
    <section aria-label="Outbox">
      {messages.length === 0 && <p className="muted">Nothing in the outbox.</p>}
      <ul className="outbox">
        {messages.map((m) => {
          const id = String(m.id);
          return (
            <li key={id}>
              <button type="button" className="link-button" onClick={() => setOpen(open === id ? null : id)}>
                {String(m.subject ?? `(${String(m.channel)})`)}
              </button>
              <div className="muted">
                to {String(m.to)} · {new Date(String(m.createdAt)).toLocaleString()} · {Number(m.opens ?? 0)} opens · {Number(m.clicks ?? 0)} clicks
              </div>
              {open === id &&
                (typeof m.html === 'string' && m.html ? (
                  <iframe className="outbox__preview" title={`Email ${id}`} sandbox="" srcDoc={m.html} />
                ) : (
                  <pre className="outbox__text">{String(m.text)}</pre>
                ))}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
