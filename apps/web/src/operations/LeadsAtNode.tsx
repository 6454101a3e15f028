import { useQuery } from '@tanstack/react-query';
import type { JourneyNode, JourneySettings } from '@trellis/journey';
import { useMemo, useState } from 'react';
import { peopleApi } from '../api/people.js';
import { leadAtNodeText } from './lead-at-node-text.js';
import { searchLeads, sortLeads, whyHereText, type LeadSort } from './why-here-text.js';

const PAGE = 100;

/**
 * The leads at a step now: a loader while they come, a search (id or email) and sorts (id in
 * counting order, time entered, time it wakes, score) over the page shown, and for each lead
 * why it is here and until when.
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
  const [pages, setPages] = useState<string[]>([]); // the `after` of each page past the first
  const [sort, setSort] = useState<LeadSort>('id');
  const [search, setSearch] = useState('');
  const after = pages.at(-1);
  // Keyed by the count too, so leads arriving or leaving refresh the list.
  const page = useQuery({
    queryKey: ['leads-at', journeyId, nodeId, after ?? '', current],
    queryFn: () => peopleApi.leadsAtNode(journeyId, nodeId, after, PAGE),
    retry: false,
    placeholderData: (previous) => previous,
  });
  const shown = useMemo(() => sortLeads(searchLeads(page.data?.leads ?? [], search), sort), [page.data, search, sort]);
  const loading = page.isPending || (page.isFetching && page.isPlaceholderData);
  return (
    <section aria-label="Leads here now" aria-busy={loading}>
      <h3 className="readout__heading">Leads here now ({current})</h3>
      {current > 0 && (
        <div className="leads-at__tools">
          <label className="field">
            <span>Search</span>
            <input type="search" value={search} placeholder="Lead id or email" onChange={(e) => setSearch(e.target.value)} />
          </label>
          <label className="field">
            <span>Sort by</span>
            <select value={sort} onChange={(e) => setSort(e.target.value as LeadSort)}>
              <option value="id">Lead id</option>
              <option value="entered">Time here (longest first)</option>
              <option value="wakes">Next wake-up (soonest first)</option>
              <option value="score">Score (highest first)</option>
            </select>
          </label>
        </div>
      )}
      {page.error && <p className="problem problem--error">{page.error.message}</p>}
      {loading && current > 0 && (
        <p className="leads-at__loading" role="status">
          <span className="spinner" aria-hidden /> Loading the leads…
        </p>
      )}
      {!loading && page.data && shown.length === 0 && <p className="muted">{search ? 'No lead here matches.' : 'No lead is here now.'}</p>}
      <ul className="lead-list">
        {shown.map((lead) => (
          <li key={lead.leadId}>
            <button type="button" className="link-button" onClick={() => onPick(lead.leadId)}>
              {lead.leadId}
            </button>{' '}
            <span className="muted">{leadAtNodeText({ ...lead, wakeAt: null, heldUntil: null }, undefined)}</span>
            {(lead.reason || lead.wakeAt || lead.touch !== undefined) && <div className="leads-at__why">{whyHereText(lead, node, settings)}</div>}
          </li>
        ))}
      </ul>
      {page.data && page.data.leads.length >= PAGE && <p className="muted">Search and sort apply to the {PAGE} leads of this page.</p>}
      <div className="button-group">
        {pages.length > 0 && (
          <button type="button" className="button" onClick={() => setPages(pages.slice(0, -1))}>
            Previous
          </button>
        )}
        {page.data?.next && (
          <button type="button" className="button" onClick={() => setPages([...pages, page.data!.next!])}>
            Next page
          </button>
        )}
      </div>
    </section>
  );
}
