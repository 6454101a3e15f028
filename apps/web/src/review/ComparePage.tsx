import type { Journey } from '@trellis/journey';
import { useQuery } from '@tanstack/react-query';
import { getViewportForBounds, type Rect, type Viewport } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api } from '../api/client.js';
import { useVersions } from '../api/queries.js';
import { useShownJourney } from '../people/ReadOnlyJourney.js';
import { peopleLinks } from '../people/routes.js';
import { PeopleTopBar } from '../people/TopBar.js';
import { navigate } from '../routes.js';
import { CompareCanvas, type CanvasSide, type Picked } from './CompareCanvas.js';
import { SettingsDiff } from './SettingsDiff.js';
import { ChangeLine } from './ChangeLine.js';
import { compareJourneys, type Change, type FieldChange } from './compare.js';

type Side = 'before' | 'after';

/**
 * Two published versions side by side, each on a live read-only canvas with what changed marked
 * on it, the views moving together unless unlinked, and the changes listed beside: picking one
 * (or a node) brings it into view on both sides.
 */
export function ComparePage({ id, from, to }: { id: string; from: number | null; to: number | null }) {
  const stored = useQuery({ queryKey: ['journeys', id], queryFn: () => api.getJourney(id), retry: false });
  const versions = useVersions(id, stored.data?.publishedVersion ?? null);
  const list = versions.data?.versions ?? [];
  const left = from ?? list[1]?.version ?? null;
  const right = to ?? list[0]?.version ?? null;
  const before = useQuery({ queryKey: ['journeys', id, 'version', left], queryFn: () => api.version(id, left!), enabled: left !== null, retry: false });
  const after = useQuery({ queryKey: ['journeys', id, 'version', right], queryFn: () => api.version(id, right!), enabled: right !== null, retry: false });
  const error = stored.error ?? before.error ?? after.error;
  const [linked, setLinked] = useState(true);
  const publishedAt = (version: number | null) => list.find((v) => v.version === version)?.publishedAt ?? null;

  // A version compared with itself shows nothing: each picker offers only the versions on its side of the other.
  const picker = (value: number | null, onPick: (v: number) => void, label: string, offers: (v: number) => boolean) => (
    <select aria-label={label} value={value ?? ''} onChange={(e) => onPick(Number(e.target.value))}>
      {list.map((v) => (
        <option key={v.version} value={v.version} disabled={v.version !== value && !offers(v.version)}>
          v{v.version}
        </option>
      ))}
    </select>
  );
  const sameVersion = left !== null && left === right;
  return (
    <div className="app-shell">
      <PeopleTopBar title={`Compare · ${stored.data?.journey.name ?? ''}`}>
        {left !== null && right !== null && (
          <>
            {picker(left, (v) => navigate(peopleLinks.compare(id, v, right)), 'Older version', (v) => v < right)}
            <span>→</span>
            {picker(right, (v) => navigate(peopleLinks.compare(id, left, v)), 'Newer version', (v) => v > left)}
          </>
        )}
        <a className="button button--ghost" href={peopleLinks.review(id, right)}>
          Back to review
        </a>
      </PeopleTopBar>
      {error && <p className="problem problem--error">{error.message}</p>}
      {versions.data && list.length < 2 && <p className="muted centered">This journey has fewer than two published versions.</p>}
      {sameVersion && <p className="muted centered">Both sides are v{left}: pick two different versions to compare.</p>}
      {!sameVersion && before.data && after.data && left !== null && right !== null && (
        <CompareView
          key={`${id}:${left}:${right}`}
          loadKey={`${id}:compare:${left}:${right}`}
          older={{ version: left, journey: before.data.journey, publishedAt: publishedAt(left) }}
          newer={{ version: right, journey: after.data.journey, publishedAt: publishedAt(right) }}
          linked={linked}
          onLinkedChange={setLinked}
        />
      )}
    </div>
  );
}

interface Shown {
  version: number;
  journey: Journey;
  publishedAt: string | null;
}

const START: Viewport = { x: 0, y: 0, zoom: 1 };
/** Framing the changes never zooms out past this: smaller, a step's text cannot be read. */
const FRAME_MIN_ZOOM = 0.55;
/** Bringing a step into view zooms in at least this far, to where its text reads easily. */
const READABLE_ZOOM = 0.8;
const GLIDE_MS = 250;

function CompareView({ loadKey, older, newer, linked, onLinkedChange }: { loadKey: string; older: Shown; newer: Shown; linked: boolean; onLinkedChange(linked: boolean): void }) {
  const diff = useMemo(() => compareJourneys(older.journey, newer.journey), [older.journey, newer.journey]);
  // The node views read the drawing's direction from the editor's store: the newer version's.
  const shown = useShownJourney(newer.journey, loadKey);
  const [viewports, setViewports] = useState<Record<Side, Viewport>>({ before: START, after: START });
  const [picked, setPicked] = useState<Picked | null>(null);
  const pickedNow = useRef<Picked | null>(null);
  const sides = useRef<Partial<Record<Side, CanvasSide>>>({});
  const linkedNow = useRef(linked);
  linkedNow.current = linked;

  // Views glide to what is picked, rather than jump, so the eye follows; the user moving a view stops it.
  const viewportsNow = useRef(viewports);
  viewportsNow.current = viewports;
  const gliding = useRef<number | null>(null);
  const stopGlide = useCallback(() => {
    if (gliding.current !== null) cancelAnimationFrame(gliding.current);
    gliding.current = null;
  }, []);
  useEffect(() => stopGlide, [stopGlide]);
  const glideTo = useCallback(
    (targets: Partial<Record<Side, Viewport>>) => {
      stopGlide();
      const from = viewportsNow.current;
      const started = performance.now();
      const step = (now: number) => {
        const t = Math.min(1, (now - started) / GLIDE_MS);
        const eased = 1 - (1 - t) ** 3;
        setViewports((current) => {
          const next = { ...current };
          for (const side of Object.keys(targets) as Side[]) next[side] = between(from[side], targets[side]!, eased);
          return next;
        });
        gliding.current = t < 1 ? requestAnimationFrame(step) : null;
      };
      gliding.current = requestAnimationFrame(step);
    },
    [stopGlide],
  );

  const moveView = useCallback((side: Side, viewport: Viewport) => {
    stopGlide();
    setViewports((current) => (linkedNow.current ? { before: viewport, after: viewport } : { ...current, [side]: viewport }));
  }, [stopGlide]);
  const moveBefore = useCallback((v: Viewport) => moveView('before', v), [moveView]);
  const moveAfter = useCallback((v: Viewport) => moveView('after', v), [moveView]);
  const link = (on: boolean) => {
    onLinkedChange(on);
    // Linking shows on the older side the region the newer one shows.
    if (on) setViewports((current) => ({ before: current.after, after: current.after }));
  };

  // Brings what is picked to the middle of the view: linked, both sides go where the first side
  // having it (the newer) shows it; apart, each side centres it where it has it.
  const bringIntoView = useCallback(
    (target: Picked) => {
      const ids = 'node' in target ? [target.node] : target.ends;
      const targets: Partial<Record<Side, Viewport>> = {};
      for (const name of ['after', 'before'] as const) {
        const side = sides.current[name];
        const box = side?.bounds(ids);
        if (!side || !box) continue;
        const { width, height } = side.size();
        const zoom = Math.max(viewportsNow.current[name].zoom, READABLE_ZOOM);
        const centred = { zoom, x: width / 2 - (box.x + box.width / 2) * zoom, y: height / 2 - (box.y + box.height / 2) * zoom };
        if (linkedNow.current) {
          glideTo({ before: centred, after: centred });
          return;
        }
        targets[name] = centred;
      }
      glideTo(targets);
    },
    [glideTo],
  );
  const focus = useCallback(
    (target: Picked | null) => {
      pickedNow.current = target;
      setPicked(target);
      if (target) bringIntoView(target);
    },
    [bringIntoView],
  );

  // Both sides open on the same region: everything that changed, as large as fits.
  const frame = useCallback(() => {
    const { before, after } = sides.current;
    if (!before || !after) return;
    // Something picked while the canvases were still being measured: that is what to show.
    if (pickedNow.current) return bringIntoView(pickedNow.current);
    const changed = (marks: Record<string, unknown>) => [
      ...new Set(
        Object.keys(marks).flatMap((key) => {
          if (!key.startsWith('edge:')) return [key];
          const edgeId = key.slice(5);
          const edge = [...older.journey.edges, ...newer.journey.edges].find((e) => e.id === edgeId);
          return edge ? [edge.source, edge.target] : [];
        }),
      ),
    ];
    const boxes = [before.bounds(changed(diff.before)), after.bounds(changed(diff.after))].filter((b): b is Rect => b !== null);
    const all = boxes.length > 0 ? boxes : [before.bounds(), after.bounds()].filter((b): b is Rect => b !== null);
    if (all.length === 0) return;
    const box = union(all);
    const { width, height } = after.size();
    if (!width || !height) return;
    let viewport = getViewportForBounds(box, width, height, FRAME_MIN_ZOOM, 1, 0.15);
    if (viewport.zoom <= FRAME_MIN_ZOOM) {
      // Too wide to fit readably: start at its top left corner instead of cutting both ends.
      viewport = { zoom: FRAME_MIN_ZOOM, x: 40 - box.x * FRAME_MIN_ZOOM, y: 40 - box.y * FRAME_MIN_ZOOM };
    }
    setViewports({ before: viewport, after: viewport });
  }, [diff, older.journey, newer.journey, bringIntoView]);
  const readyBefore = useCallback((side: CanvasSide) => ((sides.current.before = side), frame()), [frame]);
  const readyAfter = useCallback((side: CanvasSide) => ((sides.current.after = side), frame()), [frame]);
  const pickNode = useCallback((nodeId: string | null) => focus(nodeId === null ? null : { node: nodeId }), [focus]);

  const notes = useMemo(() => {
    const out: Record<string, ReactNode> = {};
    for (const change of diff.changes) {
      if (change.mark !== 'changed' || !change.nodeId || change.fields.length === 0) continue;
      const [first, ...rest] = change.fields;
      out[change.nodeId] = (
        <span className="change-note" title={change.fields.map(fieldText).join('\n')}>
          {fieldText(first!)}
          {rest.length > 0 && <em> +{rest.length} more</em>}
        </span>
      );
    }
    return out;
  }, [diff]);

  const pickedIndex = diff.changes.findIndex((change) => isPicked(change, picked));
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    listRef.current?.querySelector('.is-picked')?.scrollIntoView?.({ block: 'nearest' });
  }, [pickedIndex]);

  const counts = (side: Side) => {
    const marks = Object.entries(side === 'before' ? diff.before : diff.after).filter(([key]) => !key.startsWith('edge:'));
    const parts = (side === 'before' ? ['removed', 'changed'] : ['added', 'changed'])
      .map((mark) => [mark, marks.filter(([, m]) => m === mark).length] as const)
      .filter(([, n]) => n > 0)
      .map(([mark, n]) => `${n} ${n === 1 ? 'step' : 'steps'} ${mark}`);
    return parts.join(' · ') || 'no step changed';
  };
  const head = (shownSide: Shown, side: Side) => (
    <header className="compare__side-head">
      <strong>v{shownSide.version}</strong>
      <span className="muted">
        {side === 'before' ? 'older' : 'newer'}
        {shownSide.publishedAt && ` · published ${new Date(shownSide.publishedAt).toLocaleDateString()}`}
      </span>
      <span className="compare__counts">{counts(side)}</span>
    </header>
  );

  return (
    <main className="compare">
      <div className="compare__bar">
        <span className="legend" aria-label="Legend">
          <i className="legend--added">added</i> <i className="legend--changed">changed</i> <i className="legend--removed">removed</i>
          <span className="legend__path legend__path--added">new path</span>
          <span className="legend__path legend__path--removed">removed path</span>
          <span className="muted">unchanged steps are faded</span>
        </span>
        <label className="topbar-field compare__link">
          <input type="checkbox" checked={linked} onChange={(e) => link(e.target.checked)} />
          <span>Link views</span>
        </label>
      </div>
      <section className="compare__side" data-testid="compare-before" aria-label={`Version ${older.version}, older`}>
        {head(older, 'before')}
        <div className="canvas compare-canvas">
          {shown && (
            <CompareCanvas
              journey={older.journey}
              side="before"
              marks={diff.before}
              notes={{}}
              picked={picked}
              viewport={viewports.before}
              onViewportChange={moveBefore}
              onPick={pickNode}
              onReady={readyBefore}
            />
          )}
        </div>
      </section>
      <section className="compare__side" data-testid="compare-after" aria-label={`Version ${newer.version}, newer`}>
        {head(newer, 'after')}
        <div className="canvas compare-canvas">
          {shown && (
            <CompareCanvas
              journey={newer.journey}
              side="after"
              marks={diff.after}
              notes={notes}
              picked={picked}
              viewport={viewports.after}
              onViewportChange={moveAfter}
              onPick={pickNode}
              onReady={readyAfter}
            />
          )}
        </div>
      </section>
      <section className="compare__changes" aria-label="Changes">
        <h2>
          What changed from v{older.version} to v{newer.version}
        </h2>
        {diff.changes.length === 0 ? (
          <p className="muted">Nothing: the two versions do the same.</p>
        ) : (
          <ol className="change-list" ref={listRef}>
            {diff.changes.map((change, index) => (
              <li key={index} className={index === pickedIndex ? 'is-picked' : undefined} data-testid="change-item">
                <ChangeLine change={change} picked={index === pickedIndex} onPick={() => focus(pickOf(change))} />
                {change.mark === 'changed' && change.nodeId && (
                  <SettingsDiff
                    before={older.journey.nodes.find((n) => n.id === change.nodeId)}
                    after={newer.journey.nodes.find((n) => n.id === change.nodeId)}
                  />
                )}
              </li>
            ))}
          </ol>
        )}
        <p className="muted compare__hint">Pick a change, or a step on either canvas, to bring it into view on both.</p>
      </section>
    </main>
  );
}

function fieldText(f: FieldChange): string {
  if (f.before === null) return `${f.field}: set to ${f.after}`;
  if (f.after === null) return `${f.field}: removed, was ${f.before}`;
  return `${f.field}: ${f.before} → ${f.after}`;
}

function pickOf(change: Change): Picked | null {
  if (change.path) return { path: change.path.key, ends: [change.path.source, change.path.target] };
  return change.nodeId ? { node: change.nodeId } : null;
}

function isPicked(change: Change, picked: Picked | null): boolean {
  if (!picked) return false;
  if ('path' in picked) return change.path?.key === picked.path;
  return !change.path && change.nodeId === picked.node;
}

function between(from: Viewport, to: Viewport, t: number): Viewport {
  return { x: from.x + (to.x - from.x) * t, y: from.y + (to.y - from.y) * t, zoom: from.zoom + (to.zoom - from.zoom) * t };
}

function union(boxes: Rect[]): Rect {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x, y, width: right - x, height: bottom - y };
}
