import type { Journey } from '@trellis/journey';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError } from '../api/client.js';
import { peopleApi } from '../api/people.js';
import { useVersions } from '../api/queries.js';
import { NodeReadout } from '../people/NodeReadout.js';
import { ReadOnlyJourney, useSelectedNodeId } from '../people/ReadOnlyJourney.js';
import { can } from '../people/roles.js';
import { peopleLinks } from '../people/routes.js';
import { PeopleTopBar } from '../people/TopBar.js';
import { useMe } from '../people/use-me.js';
import { navigate } from '../routes.js';
import { priorityWords } from '../model/priority-words.js';
import { useEditorStore } from '../store/editor-store.js';
import { resultsLink } from '../results/results-route.js';
import { ReviewResultNote, ReviewSplitMarks } from '../results/ReviewResults.js';
import { CommentThreads, commentKeys } from './CommentThreads.js';
import { PublishRequestPanel } from './PublishRequestPanel.js';
import { compareJourneys } from './compare.js';
import { download, fileNameOf, svgToPng } from './export.js';
import { drawJourney } from './journey-svg.js';
import { printView } from './print-view.js';
import './review.css';

/** A journey opened for review: read-only canvas, the selected step as text, comment threads, export and share. */
export function ReviewPage({ id, version }: { id: string; version: number | null }) {
  const me = useMe();
  const stored = useQuery({ queryKey: ['journeys', id], queryFn: () => api.getJourney(id), retry: false });
  const published = useQuery({
    queryKey: ['journeys', id, 'version', version],
    queryFn: () => api.version(id, version!),
    enabled: version !== null,
    retry: false,
  });
  const versions = useVersions(id, stored.data?.publishedVersion ?? null);
  const comments = useQuery({ queryKey: commentKeys.of(id), queryFn: () => peopleApi.comments(id), retry: false });
  const journey: Journey | undefined = version === null ? stored.data?.journey : published.data?.journey;
  const error = stored.error ?? published.error;
  const selected = useSelectedNodeId();
  const nodes = useEditorStore((s) => s.nodes);
  const [notice, setNotice] = useState<string | null>(null);
  // "What changed": the version under review marked against the one before it, on the canvas.
  const [showChanges, setShowChanges] = useState(false);
  const previous = useQuery({
    queryKey: ['journeys', id, 'version', version === null ? null : version - 1],
    queryFn: () => api.version(id, version! - 1),
    enabled: showChanges && version !== null && version > 1,
    retry: false,
  });
  const marks = useMemo(
    () => (showChanges && previous.data && journey ? compareJourneys(previous.data.journey, journey).after : {}),
    [showChanges, previous.data, journey],
  );

  const threads = useMemo(() => comments.data?.threads ?? [], [comments.data]);
  // Open threads call for attention; resolved ones stay marked, quieter, so a step that was discussed still shows it.
  const threadsByNode = useMemo(() => {
    const counts: Record<string, { open: number; resolved: number }> = {};
    for (const t of threads) {
      if (!t.nodeId) continue;
      const count = (counts[t.nodeId] ??= { open: 0, resolved: 0 });
      if (t.resolved) count.resolved += 1;
      else count.open += 1;
    }
    return counts;
  }, [threads]);
  const badge = useCallback(
    (nodeId: string) => (
      <>
        {marks[nodeId] && (
          <span className={`change-mark change-mark--${marks[nodeId]}`} data-testid={`change-${nodeId}`}>
            {marks[nodeId]}
          </span>
        )}
        {threadsByNode[nodeId]?.open ? (
          <span className="comment-badge" title={`${threadsByNode[nodeId].open} open comment thread(s)`} data-testid={`comment-badge-${nodeId}`}>
            {commentCount(threadsByNode[nodeId].open)}
          </span>
        ) : null}
        {threadsByNode[nodeId]?.resolved ? (
          <span
            className="comment-badge comment-badge--resolved"
            title={`${threadsByNode[nodeId].resolved} resolved comment thread(s)`}
            aria-label={`${threadsByNode[nodeId].resolved} resolved`}
            data-testid={`resolved-badge-${nodeId}`}
          >
            ✓ {threadsByNode[nodeId].resolved}
          </span>
        ) : null}
      </>
    ),
    [threadsByNode, marks],
  );

  const title = journey ? `${journey.name}${version ? ` · v${version}` : ' · draft'}` : '';
  const drawing = () => {
    const sizes: Record<string, { width: number; height: number }> = {};
    for (const n of nodes) if (n.measured?.width && n.measured.height) sizes[n.id] = { width: n.measured.width, height: n.measured.height };
    const notes = Object.fromEntries(Object.entries(threadsByNode).map(([nodeId, count]) => [nodeId, threadNote(count)]));
    return drawJourney(journey!, { sizes, notes, title });
  };
  const base = journey ? `${fileNameOf(journey.name)}${version ? `-v${version}` : ''}` : 'journey';
  const exportAs = async (kind: 'json' | 'svg' | 'png' | 'print') => {
    if (!journey) return;
    if (kind === 'json') download(`${base}.json`, new Blob([`${JSON.stringify(journey, null, 2)}\n`], { type: 'application/json' }));
    if (kind === 'svg') download(`${base}.svg`, new Blob([drawing().svg], { type: 'image/svg+xml' }));
    if (kind === 'png') download(`${base}.png`, await svgToPng(drawing().svg));
    if (kind === 'print') {
      const url = URL.createObjectURL(new Blob([printView(title, drawing())], { type: 'text/html' }));
      window.open(url, '_blank');
    }
  };
  const share = async () => {
    const link = `${window.location.origin}${window.location.pathname}${peopleLinks.review(id, version ?? stored.data?.publishedVersion ?? null)}`;
    try {
      await navigator.clipboard.writeText(link);
      setNotice('Link copied');
    } catch {
      setNotice(link);
    }
  };

  const versionList = versions.data?.versions ?? [];
  const node = journey?.nodes.find((n) => n.id === selected) ?? null;
  const notFound = (e: Error | null) => e instanceof ApiError && e.status === 404;
  if (notFound(stored.error)) return <Missing title="Review" heading="No such journey" detail={`There is no journey “${id}”: the link may be mistyped, or the journey deleted.`} />;
  const lastVersion = stored.data ? stored.data.publishedVersion : undefined;
  const versionMissing =
    version !== null &&
    (notFound(published.error) || lastVersion === null || (versions.data !== undefined && !versionList.some((v) => v.version === version)));
  if (versionMissing && stored.data) {
    const name = stored.data.journey.name;
    return (
      <Missing
        title={`Review · ${name}`}
        heading="No such version"
        detail={`“${name}” has no version ${version}. ${lastVersion ? `Its versions are 1 to ${lastVersion}.` : 'It has not been published yet.'}`}
      >
        {lastVersion ? <a href={peopleLinks.review(id, lastVersion)}>Open the latest version, v{lastVersion}</a> : null}
        <a href={peopleLinks.review(id)}>Open the draft</a>
      </Missing>
    );
  }
  return (
    <div className="app-shell">
      <PeopleTopBar title={journey ? `Review · ${journey.name}` : 'Review'} wrap>
        <label className="topbar-field">
          <span className="muted">Version</span>
          <select
            aria-label="Version"
            value={version ?? ''}
            onChange={(e) => navigate(peopleLinks.review(id, e.target.value ? Number(e.target.value) : null))}
          >
            <option value="">Draft</option>
            {versionList.map((v) => (
              <option key={v.version} value={v.version}>
                v{v.version} · {new Date(v.publishedAt).toLocaleDateString()}
              </option>
            ))}
          </select>
        </label>
        {version !== null && version > 1 && (
          <label className="topbar-field">
            <input type="checkbox" checked={showChanges} onChange={(e) => setShowChanges(e.target.checked)} />
            <span>Changes since v{version - 1}</span>
          </label>
        )}
        {versionList.length >= 2 && (
          <a className="button button--ghost" href={peopleLinks.compare(id, versionList[1]!.version, versionList[0]!.version)}>
            Compare versions
          </a>
        )}
        <button type="button" className="button button--ghost" onClick={() => void share()}>
          Share link
        </button>
        <div className="button-group" role="group" aria-label="Export">
          <button type="button" className="button" onClick={() => void exportAs('png')} disabled={!journey}>
            PNG
          </button>
          <button type="button" className="button" onClick={() => void exportAs('svg')} disabled={!journey}>
            SVG
          </button>
          <button type="button" className="button" onClick={() => void exportAs('print')} disabled={!journey}>
            Print / PDF
          </button>
          <button type="button" className="button" onClick={() => void exportAs('json')} disabled={!journey}>
            JSON
          </button>
        </div>
        {can(me.data?.role, 'operate') && (
          <a className="button button--ghost" href={peopleLinks.operate(id)}>
            Live view
          </a>
        )}
        {stored.data?.publishedVersion ? (
          <a className="button button--ghost" href={resultsLink(id, { version })}>
            Results
          </a>
        ) : null}
      </PeopleTopBar>
      {notice && (
        <div className="notice notice--ok" role="status" onClick={() => setNotice(null)}>
          {notice}
        </div>
      )}
      <main className="workspace workspace--people">
        <div className="center-column">
          {error && <p className="problem problem--error">{error.message}</p>}
          {journey ? (
            <ReviewSplitMarks journeyId={id} version={version} published={Boolean(stored.data?.publishedVersion)}>
              <ReadOnlyJourney journey={journey} loadKey={`${id}:${version ?? 'draft'}`} extras={badge} />
            </ReviewSplitMarks>
          ) : (
            !error && <p className="muted centered">Loading…</p>
          )}
        </div>
        <aside className="side-panel" aria-label="Details">
          <PublishRequestPanel journeyId={id} />
          {journey && node ? <NodeReadout journey={journey} node={node} /> : journey && <JourneyOverview journey={journey} version={version} />}
          {journey && <ReviewResultNote journeyId={id} version={version} publishedVersion={stored.data?.publishedVersion ?? null} journey={journey} nodeId={node?.id ?? null} />}
          {journey && (
            <CommentThreads journeyId={id} nodeId={node?.id ?? null} version={version} threads={threads} canWrite={can(me.data?.role, 'comment')} />
          )}
        </aside>
      </main>
    </div>
  );
}

function commentCount(n: number): string {
  return n === 1 ? '1 comment' : `${n} comments`;
}

/** What an export writes beside a step that was commented on: open threads first, resolved ones after. */
function threadNote({ open, resolved }: { open: number; resolved: number }): string {
  return [open ? commentCount(open) : '', resolved ? `✓ ${resolved} resolved` : ''].filter(Boolean).join(' · ');
}

/** Instead of a page for something that is not there: what is missing, and the ways on. */
function Missing({ title, heading, detail, children }: { title: string; heading: string; detail: string; children?: ReactNode }) {
  return (
    <div className="app-shell">
      <PeopleTopBar title={title} />
      <section className="review-missing" role="alert" aria-labelledby="review-missing-heading">
        <h2 id="review-missing-heading">{heading}</h2>
        <p>{detail}</p>
        <nav className="review-missing__links" aria-label="Ways on">
          {children}
          <a href="#/">Back to the journeys</a>
        </nav>
      </section>
    </div>
  );
}

function JourneyOverview({ journey, version }: { journey: Journey; version: number | null }) {
  return (
    <section className="readout">
      <div className="readout__type">{version ? `Published version ${version}` : 'Draft'}</div>
      <h2 className="readout__label">{journey.name}</h2>
      <p className="readout__summary">
        {journey.nodes.length} steps. Click a step to read its settings and its comments; comments here are about the whole journey.
      </p>
      {journey.settings.priority !== undefined && (
        <p className="readout__summary" data-testid="review-priority">
          {priorityWords(journey.settings.priority)}
        </p>
      )}
    </section>
  );
}
