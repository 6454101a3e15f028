import type { Condition } from '@trellis/journey';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { audienceApi, type LeadFilters, type LeadSort, type ListedLead } from '../api/audience.js';
import { ConditionBuilder } from '../inspector/ConditionBuilder.js';
import { LeadProfile } from '../people/LeadProfile.js';
import { can } from '../people/roles.js';
import { PeopleTopBar } from '../people/TopBar.js';
import { useMe } from '../people/use-me.js';
import './audience.css';

const ROW_HEIGHT = 36;
const STARTING_CONDITION: Condition = { attr: 'industry', op: 'eq', value: '' };

/**
 * Every lead, searched, filtered and sorted by the server, a page at a time by keyset cursor:
 * the table draws only the rows on screen (@tanstack/react-virtual) and asks for the next page
 * as the scroll nears the end, so a million leads are never loaded at once. A row opens the
 * lead's profile beside the table.
 */
export function LeadsPage({ segment }: { segment: string | null }) {
  const role = useMe().data?.role;
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [stage, setStage] = useState('');
  const [owner, setOwner] = useState('');
  const [minScore, setMinScore] = useState('');
  const [maxScore, setMaxScore] = useState('');
  const [segmentId, setSegmentId] = useState(segment ?? '');
  const [sort, setSort] = useState<LeadSort>('id');
  const [conditionOn, setConditionOn] = useState(false);
  const [condition, setCondition] = useState<Condition>(STARTING_CONDITION);
  const [open, setOpen] = useState<string | null>(null);

  // The search asks the server once typing pauses, not at every key.
  useEffect(() => {
    const timer = setTimeout(() => setSearch(q), 250);
    return () => clearTimeout(timer);
  }, [q]);
  useEffect(() => setSegmentId(segment ?? ''), [segment]);

  const filters: LeadFilters = useMemo(() => {
    const number = (text: string) => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : undefined);
    const min = number(minScore);
    const max = number(maxScore);
    return {
      q: search,
      stage,
      owner,
      segment: segmentId,
      sort,
      ...(min !== undefined ? { minScore: min } : {}),
      ...(max !== undefined ? { maxScore: max } : {}),
      ...(conditionOn ? { condition } : {}),
    };
  }, [search, stage, owner, segmentId, sort, minScore, maxScore, conditionOn, condition]);

  const segments = useQuery({ queryKey: ['segments'], queryFn: audienceApi.segments, enabled: can(role, 'readSegments'), retry: false });
  const leads = useInfiniteQuery({
    queryKey: ['leads', filters],
    queryFn: ({ pageParam }) => audienceApi.leads(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    retry: false,
  });
  const rows: ListedLead[] = useMemo(() => leads.data?.pages.flatMap((page) => page.leads) ?? [], [leads.data]);

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (lastShown >= rows.length - 20 && leads.hasNextPage && !leads.isFetchingNextPage) void leads.fetchNextPage();
  }, [lastShown, rows.length, leads]);

  return (
    <div className="app-shell">
      <PeopleTopBar title="Leads" />
      <div className="leads-layout">
        <main className="leads-main">
          <form className="leads-filters" onSubmit={(event) => event.preventDefault()} aria-label="Filters">
            <label className="field">
              <span>Search</span>
              <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Id, email or name" aria-label="Search leads" />
            </label>
            <label className="field">
              <span>Stage</span>
              <input value={stage} onChange={(e) => setStage(e.target.value)} placeholder="any" aria-label="Stage" />
            </label>
            <label className="field">
              <span>Owner</span>
              <input value={owner} onChange={(e) => setOwner(e.target.value)} placeholder="any" aria-label="Owner" />
            </label>
            <label className="field field--narrow">
              <span>Score from</span>
              <input type="number" value={minScore} onChange={(e) => setMinScore(e.target.value)} aria-label="Lowest score" />
            </label>
            <label className="field field--narrow">
              <span>to</span>
              <input type="number" value={maxScore} onChange={(e) => setMaxScore(e.target.value)} aria-label="Highest score" />
            </label>
            {can(role, 'readSegments') && (
              <label className="field">
                <span>Segment</span>
                <select value={segmentId} onChange={(e) => setSegmentId(e.target.value)} aria-label="Segment">
                  <option value="">all leads</option>
                  {segments.data?.segments.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name} ({s.count.toLocaleString()})
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label className="field">
              <span>Sort</span>
              <select value={sort} onChange={(e) => setSort(e.target.value as LeadSort)} aria-label="Sort">
                <option value="id">by id</option>
                <option value="score">score, highest first</option>
                <option value="activity">last activity, latest first</option>
              </select>
            </label>
            <label className="leads-filters__toggle">
              <input type="checkbox" checked={conditionOn} onChange={(e) => setConditionOn(e.target.checked)} /> Only leads meeting a condition
            </label>
          </form>
          {conditionOn && (
            <div className="leads-condition">
              <ConditionBuilder value={condition} onChange={setCondition} />
            </div>
          )}
          {leads.error && (
            <p className="problem problem--error" role="alert">
              {leads.error.message}
            </p>
          )}
          <div className="leads-table" role="table" aria-label="Leads" aria-rowcount={rows.length}>
            <div className="leads-row leads-row--head" role="row">
              <span role="columnheader">Lead</span>
              <span role="columnheader">Email</span>
              <span role="columnheader">Name</span>
              <span role="columnheader">Stage</span>
              <span role="columnheader">Score</span>
              <span role="columnheader">Owner</span>
              <span role="columnheader">Last activity</span>
            </div>
            <div className="leads-table__body" role="rowgroup" ref={scroller}>
              <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                {items.map((item) => {
                  const lead = rows[item.index]!;
                  return (
                    <div
                      key={lead.id}
                      role="row"
                      className={`leads-row${open === lead.id ? ' leads-row--open' : ''}`}
                      style={{ position: 'absolute', top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` }}
                      onClick={() => setOpen(lead.id)}
                      tabIndex={0}
                      onKeyDown={(e) => (e.key === 'Enter' ? setOpen(lead.id) : undefined)}
                    >
                      <span role="cell" title={lead.id}>{lead.id}</span>
                      <span role="cell">{lead.email ?? '—'}</span>
                      <span role="cell">{nameOf(lead)}</span>
                      <span role="cell">{lead.stage ?? '—'}</span>
                      <span role="cell">{lead.score}</span>
                      <span role="cell">{lead.owner ?? '—'}</span>
                      <span role="cell">{lead.lastActivityAt ? new Date(lead.lastActivityAt).toLocaleString() : '—'}</span>
                    </div>
                  );
                })}
              </div>
            </div>
          </div>
          <p className="muted leads-table__foot" aria-live="polite">
            {leads.isPending ? 'Loading…' : `${rows.length.toLocaleString()} ${rows.length === 1 ? 'lead' : 'leads'} shown${leads.hasNextPage ? ', more as you scroll' : ''}`}
          </p>
        </main>
        {open && (
          <aside className="side-panel leads-side" aria-label="Lead">
            <button type="button" className="button button--ghost" onClick={() => setOpen(null)}>
              Close
            </button>
            <LeadProfile leadId={open} />
          </aside>
        )}
      </div>
    </div>
  );
}

function nameOf(lead: ListedLead): string {
  const a = lead.attributes;
  const text = (key: string) => (typeof a[key] === 'string' ? (a[key] as string) : '');
  return text('name') || [text('firstName') || text('first_name'), text('lastName') || text('last_name')].filter(Boolean).join(' ') || '—';
}
