import { useInfiniteQuery } from '@tanstack/react-query';
import type { JourneyNode, JourneySettings } from '@trellis/journey';
import { useEffect, useMemo, useRef, useState } from 'react';
import { peopleApi, type NodeLeadSort } from '../api/people.js';
import { shortTime } from '../people/timeline-text.js';
import { leadAtNodeText } from './lead-at-node-text.js';
import { whyHereText } from './why-here-text.js';

const PAGE = 100;
/** The search asks the server once typing pauses, not at every key. */
const SEARCH_PAUSE_MS = 250;

const SORTS: { value: NodeLeadSort; label: string }[] = [
  { value: 'id', label: 'Lead id (A to Z)' },
  { value: 'time-here', label: 'Time here (longest first)' },
  { value: 'wakes', label: 'Next wake-up (soonest first)' },
  { value: 'score', label: 'Score (highest first)' },
  { value: 'activity', label: 'Last activity (latest first)' },
];

/**
 * The leads at a step now: a search (id, email or name) and sorts done by the server over every
 * lead at the step, not just a page the browser holds, then 100 at a time ("Load more"); a loader
 * while they come; for each lead why it is here and until when.
 */
export function LeadsAtNode({
  journeyId,
  node,
  settings,
  current,
  onPick,
}: {
  journeyId: string;
  node: JourneyNode;
  settings: JourneySettings;
  current: number;
  onPick: (leadId: string) => void;
}) {
  const nodeId = node.id;
  const [sort, setSort] = useState<NodeLeadSort>('id');
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed.trim()), SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [typed]);

  const leads = useInfiniteQuery({
    queryKey: ['leads-at', journeyId, nodeId, search, sort],
    queryFn: ({ pageParam }) => peopleApi.leadsAtNode(journeyId, nodeId, { q: search, sort, cursor: pageParam, limit: PAGE }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next,
    retry: false,
    placeholderData: (previous) => previous,
  });
  // Leads arriving or leaving refresh the list while one page is shown; past it, the operator's
  // place in the pages they loaded is kept (the heading's count stays live).
  const pagesLoaded = leads.data?.pages.length ?? 0;
  const { refetch } = leads;
  const countSeen = useRef(current);
  useEffect(() => {
    if (countSeen.current === current) return;
    countSeen.current = current;
    if (pagesLoaded <= 1) void refetch();
  }, [current, pagesLoaded, refetch]);

  const rows = useMemo(() => leads.data?.pages.flatMap((page) => page.leads) ?? [], [leads.data]);
  const total = leads.data?.pages[0]?.total ?? 0;
  // A new search or sort (not a next page, not a background refresh) shows the loader.
  const loading = leads.isPending || (leads.isFetching && leads.isPlaceholderData);
  const all = current.toLocaleString('en');
  const summary = search ? `${total.toLocaleString('en')} of ${all} match “${search}”` : `Showing ${rows.length.toLocaleString('en')} of ${total.toLocaleString('en')}`;

  return (
    <section aria-label="Leads here now" aria-busy={loading}>
      <h3 className="readout__heading">Leads here now ({all})</h3>
      {current > 0 && (
        <div className="leads-at__tools">
          <label className="field">
            <span>Search</span>
            <input type="search" value={typed} placeholder="Id, email or name" onChange={(e) => setTyped(e.target.value)} />
          </label>
          <label className="field">
            <span>Sort by</span>
            <select value={sort} onChange={(e) => setSort(e.target.value as NodeLeadSort)}>
              {SORTS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {leads.error && <p className="problem problem--error">{leads.error.message}</p>}
      {loading && current > 0 ? (
        <p className="leads-at__loading" role="status">
          <span className="spinner" aria-hidden /> {search ? `Searching all ${all} leads here…` : 'Loading the leads…'}
        </p>
      ) : (
        leads.data &&
        (rows.length === 0 ? (
          <p className="muted">{search ? `No lead here matches “${search}”.` : 'No lead is here now.'}</p>
        ) : (
          <p className="muted leads-at__summary" role="status">
            {summary}
          </p>
        ))
      )}
      <ul className="lead-list">
        {rows.map((lead) => (
          <li key={lead.leadId}>
            <button type="button" className="link-button" onClick={() => onPick(lead.leadId)}>
              {lead.leadId}
            </button>{' '}
            <span className="muted">{leadAtNodeText({ ...lead, wakeAt: null, heldUntil: null }, undefined)}</span>
            {sort === 'activity' && <span className="muted"> · {lead.lastActivityAt ? `active ${shortTime(lead.lastActivityAt)}` : 'no activity yet'}</span>}
            {(lead.reason || lead.wakeAt || lead.touch !== undefined) && <div className="leads-at__why">{whyHereText(lead, node, settings)}</div>}
          </li>
        ))}
      </ul>
      {leads.hasNextPage && !loading && (
        <button type="button" className="button" disabled={leads.isFetchingNextPage} onClick={() => void leads.fetchNextPage()}>
          {leads.isFetchingNextPage ? 'Loading…' : `Load ${PAGE} more`}
        </button>
      )}
    </section>
  );
}
