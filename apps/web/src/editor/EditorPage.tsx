import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { compareJourneys } from '@trellis/journey';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api, type PublishRequest } from '../api/client.js';
import { useLifecycle, usePublish, useSaveDraft, useStoredJourney, useVersions } from '../api/queries.js';
import { Canvas } from '../canvas/Canvas.js';
import { Palette } from '../canvas/Palette.js';
import { useAddStep } from '../canvas/use-add-step.js';
import { ErrorBoundary } from '../ErrorBoundary.js';
import { SuggestionLists } from '../inspector/fields.js';
import { Inspector } from '../inspector/Inspector.js';
import { blankJourney, EXAMPLES } from '../model/examples.js';
import { downloadJourney, parseJourneyFile, undrawableDraft } from '../model/import.js';
import { autoLayout } from '../model/layout.js';
import { hasErrors } from '../model/validation.js';
import { guardLeaving } from '../navigation-guard.js';
import { ProblemsPanel } from '../problems/ProblemsPanel.js';
import { useLiveValidation } from '../problems/use-live-validation.js';
import { JourneyRowLinks } from '../people/JourneyRowLinks.js';
import { navigate } from '../routes.js';
import { SimulatePanel } from '../simulate/SimulatePanel.js';
import { currentJourney, useEditorStore } from '../store/editor-store.js';
import { toJourney } from '../model/serialize.js';
import { LeaveDialog } from './LeaveDialog.js';
import { PublishDialog } from './PublishDialog.js';
import { useEditorShortcuts } from './use-shortcuts.js';
import { SidePanelToggles } from './SidePanelToggles.js';
import { useSidePanels } from './use-side-panels.js';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

/** Fit never zooms out further than this: below it a card's text is a few pixels high (issue 18). */
const READABLE_FIT_ZOOM = 0.5;

/** The editor: top bar, palette, canvas, inspector, and problems / simulation below. */
export function EditorPage({ id, example }: { id: string | null; example: string | null }) {
  return (
    <ReactFlowProvider>
      <EditorLoader id={id} example={example} />
    </ReactFlowProvider>
  );
}

function EditorLoader({ id, example }: { id: string | null; example: string | null }) {
  const stored = useStoredJourney(id);
  const load = useEditorStore((s) => s.load);
  const loadedFor = useRef<string | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    const key = `${id ?? 'new'}:${example ?? ''}`;
    if (loadedFor.current === key) return;
    // Saving a new journey moves the URL to its id; the document on screen is already that one.
    if (id !== null && useEditorStore.getState().journeyId === id && loadedFor.current !== null) {
      loadedFor.current = key;
      return;
    }
    if (id === null) {
      if (example !== '__imported') {
        const found = EXAMPLES.find((e) => e.key === example);
        load(structuredClone(found ? found.journey : blankJourney()), null);
      }
      loadedFor.current = key;
      setReady(true);
    } else if (stored.data && !undrawableDraft(stored.data.journey)) {
      load(stored.data.journey, id);
      loadedFor.current = key;
      setReady(true);
    }
  }, [id, example, stored.data, load]);

  const undrawable = stored.data ? undrawableDraft(stored.data.journey) : null;
  if (id !== null && undrawable) {
    return (
      <div className="centered">
        <p className="problem problem--error">{undrawable}</p>
        <a href="#/">Back to journeys</a>
      </div>
    );
  }
  if (id !== null && stored.error) {
    return (
      <div className="centered">
        <p className="problem problem--error">
          Could not open journey “{id}”: {stored.error.message}
        </p>
        {stored.error instanceof ApiError && stored.error.status === 401 ? <a href="#/login">Sign in</a> : <a href="#/">Back to journeys</a>}
      </div>
    );
  }
  if (!ready) return <div className="centered muted">Loading journey…</div>;
  return <Editor status={stored.data?.status ?? null} publishedVersion={stored.data?.publishedVersion ?? null} />;
}

/** Its own component: it reads every node, and re-rendering it alone keeps a drag from redrawing the whole editor. */
function LiveValidation() {
  useLiveValidation();
  return null;
}

function Editor({ status, publishedVersion }: { status: string | null; publishedVersion: number | null }) {
  useEditorShortcuts(true);
  const [tab, setTab] = useState<'problems' | 'simulate'>('problems');
  const [panelOpen, setPanelOpen] = useState(true);
  const addStep = useAddStep();
  const [panels, togglePanel] = useSidePanels();
  const problems = useEditorStore((s) => s.problems);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;

  return (
    <div className="app-shell">
      <LiveValidation />
      <SuggestionLists />
      <TopBar status={status} publishedVersion={publishedVersion} />
      <main className={`workspace${panels.palette ? '' : ' no-palette'}${panels.inspector ? '' : ' no-inspector'}`}>
        {panels.palette && <Palette onAdd={addStep} />}
        <div className="center-column">
          <SidePanelToggles panels={panels} toggle={togglePanel} />
          <ErrorBoundary what="canvas">
            <Canvas />
          </ErrorBoundary>
          <section className={`bottom-panel ${panelOpen ? (tab === 'simulate' ? 'is-tall' : '') : 'is-collapsed'}`} aria-label="Problems and simulation">
            <div className="tabs">
              {/* Only the tabs in the tablist: the collapse button beside them is not a tab. */}
              <div className="tabs__list" role="tablist" aria-label="Problems and simulation">
              <button type="button" role="tab" aria-selected={tab === 'problems'} className={tab === 'problems' ? 'tab is-active' : 'tab'} onClick={() => { setTab('problems'); setPanelOpen(true); }}>
                Problems
                {errors > 0 && <span className="count count--error">{errors}</span>}
                {warnings > 0 && <span className="count count--warning">{warnings}</span>}
              </button>
              <button type="button" role="tab" aria-selected={tab === 'simulate'} className={tab === 'simulate' ? 'tab is-active' : 'tab'} onClick={() => { setTab('simulate'); setPanelOpen(true); }}>
                Simulate
              </button>
              </div>
              <div className="topbar__spacer" />
              <button type="button" className="icon-button" aria-label={panelOpen ? 'Collapse panel' : 'Expand panel'} onClick={() => setPanelOpen(!panelOpen)}>
                {panelOpen ? '▾' : '▴'}
              </button>
            </div>
            {panelOpen && (
              <div className="bottom-panel__body">
                <ErrorBoundary what={tab}>{tab === 'problems' ? <ProblemsPanel /> : <SimulatePanel />}</ErrorBoundary>
              </div>
            )}
          </section>
        </div>
        {panels.inspector && (
          <ErrorBoundary what="inspector">
            <Inspector />
          </ErrorBoundary>
        )}
      </main>
    </div>
  );
}

function TopBar({ status, publishedVersion }: { status: string | null; publishedVersion: number | null }) {
  const name = useEditorStore((s) => s.name);
  const setName = useEditorStore((s) => s.setName);
  const journeyId = useEditorStore((s) => s.journeyId);
  const dirty = useEditorStore((s) => s.dirty);
  const canUndo = useEditorStore((s) => s.past.length > 0);
  const canRedo = useEditorStore((s) => s.future.length > 0);
  const problems = useEditorStore((s) => s.problems);
  const store = useEditorStore;
  const save = useSaveDraft();
  const publish = usePublish();
  const lifecycle = useLifecycle();
  const flow = useReactFlow();
  const fileInput = useRef<HTMLInputElement>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const versions = useVersions(journeyId, publishedVersion);
  const [leaving, setLeaving] = useState<{ leave: () => void } | null>(null);
  const [reviewing, setReviewing] = useState<string | null>(null);
  const unchanged = useUnchangedSincePublished(journeyId, publishedVersion);

  // Leaving (a link, Back, another page's button, closing the tab) asks first while changes are unsaved.
  useEffect(
    () =>
      guardLeaving({
        hasUnsavedWork: () => useEditorStore.getState().dirty,
        confirmLeave: (leave) => setLeaving({ leave }),
      }),
    [],
  );

  async function saveAndLeave(leave: () => void) {
    const saved = await saveDraft();
    setLeaving(null);
    // A failed save stays, with the reason in the notice.
    if (saved) leave();
  }

  async function openVersion(version: number) {
    if (!journeyId) return;
    try {
      const found = await api.version(journeyId, version);
      // The published version becomes the draft on screen; undo goes back, Save draft keeps it.
      store.getState().replaceDocument(found.journey);
      setTimeout(() => void flow.fitView({ padding: 0.15, maxZoom: 1 }), 60);
      setNotice({ kind: 'ok', text: `Opened version ${version} as the draft. Save draft to keep it; Undo to go back.` });
    } catch (error) {
      setNotice({ kind: 'error', text: explain(error, 'open versions of') });
    }
  }

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 6000);
    return () => clearTimeout(timer);
  }, [notice]);

  async function saveDraft(): Promise<string | null> {
    try {
      const journey = currentJourney();
      const stored = await save.mutateAsync({ id: journeyId, journey });
      store.getState().markSaved(stored.id, journey);
      if (journeyId === null) navigate(`#/journeys/${encodeURIComponent(stored.id)}`, true);
      setNotice({ kind: 'ok', text: 'Draft saved.' });
      return stored.id;
    } catch (error) {
      setNotice({ kind: 'error', text: explain(error, 'save') });
      return null;
    }
  }

  /** Publishing opens the publish review (PublishDialog) on the saved draft; it publishes on confirm. */
  async function publishNow() {
    if (hasErrors(problems)) {
      setNotice({ kind: 'error', text: 'Fix the errors in Problems before publishing.' });
      return;
    }
    const id = await saveDraft();
    if (id) setReviewing(id);
  }

  async function confirmPublish(id: string, request: PublishRequest) {
    try {
      const { version, moved, stayed } = await publish.mutateAsync({ id, ...request });
      const leads = moved === undefined ? '' : ` Moved ${moved} ${moved === 1 ? 'lead' : 'leads'} to it; ${stayed ?? 0} stayed on their versions.`;
      setNotice({ kind: 'ok', text: `Published version ${version}.${leads}` });
    } catch (error) {
      if (error instanceof ApiError && error.problems.length > 0 && error.status === 422) store.getState().setProblems(error.problems);
      setNotice({ kind: 'error', text: error instanceof ApiError && error.status === 409 ? error.message : explain(error, 'publish') });
    }
    setReviewing(null);
  }

  async function runLifecycle(action: 'pause' | 'resume' | 'archive') {
    if (!journeyId) return;
    try {
      const summary = await lifecycle.mutateAsync({ id: journeyId, action });
      setNotice({ kind: 'ok', text: `Journey is now ${summary.status}.` });
    } catch (error) {
      setNotice({ kind: 'error', text: explain(error, action) });
    }
  }

  async function layout() {
    const state = store.getState();
    const positions = await autoLayout(state.nodes, state.edges, state.direction);
    state.applyPositions(positions);
    // React Flow takes the new positions on its next render; fit after that.
    setTimeout(() => void flow.fitView({ padding: 0.15, maxZoom: 1, minZoom: READABLE_FIT_ZOOM, duration: 300 }), 60);
  }

  const errorCount = problems.filter((p) => p.severity === 'error').length;
  return (
    <header className="topbar">
      {/* Named by its visible text; the title says where it goes. */}
      <a className="brand" href="#/" title="All journeys">
        <span className="brand__mark" aria-hidden>
          ⋔
        </span>
        Trellis
      </a>
      {/* The page's h1 for screen readers; sighted people read the name in the field beside it. */}
      <h1 className="visually-hidden">Edit journey: {name}</h1>
      <input className="topbar__name" aria-label="Journey name" value={name} onChange={(e) => setName(e.target.value)} />
      {status && <span className={`status-pill status-pill--${status}`}>{status}</span>}
      {versions.data && versions.data.versions.length > 0 && (
        <select
          className="topbar__versions"
          aria-label="Published versions"
          value=""
          onChange={(event) => event.target.value && void openVersion(Number(event.target.value))}
        >
          <option value="">{publishedVersion !== null ? `v${publishedVersion} live` : 'Versions'}</option>
          {versions.data.versions.map((v) => (
            <option key={v.version} value={v.version}>
              Open v{v.version} · {new Date(v.publishedAt).toLocaleString()}
            </option>
          ))}
        </select>
      )}
      <span className="topbar__saved muted">{journeyId === null ? 'Not saved yet' : dirty ? 'Unsaved changes' : 'All changes saved'}</span>
      {/* Reviewers' comments and the live counts of this journey, a click away (the leave guard asks first). */}
      {journeyId && <JourneyRowLinks id={journeyId} publishedVersion={publishedVersion} />}
      <div className="topbar__spacer" />
      <div className="button-group" role="group" aria-label="Edit">
        <button type="button" className="button button--ghost button--icon" onClick={() => store.getState().undo()} disabled={!canUndo} aria-label="Undo" title="Undo (Ctrl/⌘+Z)">
          ↶
        </button>
        <button type="button" className="button button--ghost button--icon" onClick={() => store.getState().redo()} disabled={!canRedo} aria-label="Redo" title="Redo (Ctrl/⌘+Shift+Z)">
          ↷
        </button>
        <button type="button" className="button button--ghost" onClick={() => void layout()} title="Arrange the steps left to right">
          Auto-layout
        </button>
        <button type="button" className="button button--ghost" onClick={() => void flow.fitView({ padding: 0.2, maxZoom: 1.1, minZoom: READABLE_FIT_ZOOM, duration: 300 })} title="Show as much of the journey as stays readable">
          Fit
        </button>
      </div>
      <div className="button-group" role="group" aria-label="File">
        <button type="button" className="button button--ghost" onClick={() => fileInput.current?.click()}>
          Import
        </button>
        <button type="button" className="button button--ghost" onClick={() => downloadJourney(currentJourney())}>
          Export
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          hidden
          onChange={async (event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (!file) return;
            const result = parseJourneyFile(await file.text());
            if (!result.ok) return setNotice({ kind: 'error', text: result.message });
            // Importing replaces the drawing but keeps the journey it belongs to; undo brings the old one back.
            store.getState().replaceDocument(result.journey);
            requestAnimationFrame(() => void flow.fitView({ padding: 0.2, maxZoom: 1.1 }));
          }}
        />
      </div>
      <div className="button-group" role="group" aria-label="Journey">
        {journeyId && (status === 'published' || status === 'active') && (
          <button type="button" className="button" onClick={() => void runLifecycle('pause')}>
            Pause
          </button>
        )}
        {journeyId && status === 'paused' && (
          <button type="button" className="button" onClick={() => void runLifecycle('resume')}>
            Resume
          </button>
        )}
        {journeyId && status !== 'archived' && (
          <button type="button" className="button button--ghost" onClick={() => void runLifecycle('archive')}>
            Archive
          </button>
        )}
        <button type="button" className="button" onClick={() => void saveDraft()} disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save draft'}
        </button>
        <button
          type="button"
          className="button button--primary"
          onClick={() => void publishNow()}
          disabled={publish.isPending || errorCount > 0 || unchanged}
          title={errorCount > 0 ? `${errorCount} error(s) block publishing` : unchanged ? 'The draft is the published version' : 'Review and publish this version'}
        >
          {unchanged ? 'No changes to publish' : 'Publish'}
        </button>
      </div>
      {notice && (
        <div className={`notice notice--${notice.kind}`} role="status">
          {notice.text}
        </div>
      )}
      {reviewing && (
        <PublishDialog
          journeyId={reviewing}
          draft={currentJourney()}
          publishing={publish.isPending}
          onPublish={(request) => void confirmPublish(reviewing, request)}
          onCancel={() => setReviewing(null)}
        />
      )}
      {leaving && (
        <LeaveDialog
          saving={save.isPending}
          onSaveAndLeave={() => void saveAndLeave(leaving.leave)}
          onLeave={() => {
            setLeaving(null);
            leaving.leave();
          }}
          onStay={() => setLeaving(null)}
        />
      )}
    </header>
  );
}

/**
 * Whether the drawing is the published version (positions aside, as the server compares them):
 * then there is nothing to publish, and the button says so.
 */
function useUnchangedSincePublished(journeyId: string | null, publishedVersion: number | null): boolean {
  const nodes = useEditorStore((s) => s.nodes);
  const edges = useEditorStore((s) => s.edges);
  const name = useEditorStore((s) => s.name);
  const settings = useEditorStore((s) => s.settings);
  const published = useQuery({
    queryKey: ['journeys', journeyId, 'version', publishedVersion],
    queryFn: () => api.version(journeyId!, publishedVersion!),
    enabled: journeyId !== null && publishedVersion !== null,
    staleTime: Infinity,
  });
  return useMemo(() => {
    if (!published.data) return false;
    const drawn = toJourney({ nodes, edges, name, settings } as Parameters<typeof toJourney>[0]);
    return compareJourneys(published.data.journey, drawn).changes.length === 0;
  }, [published.data, nodes, edges, name, settings]);
}

function explain(error: unknown, action: string): string {
  if (error instanceof ApiError) {
    if (error.status === 404) return `The server cannot ${action} journeys yet (404). Export keeps your work.`;
    if (error.status === 401) return 'Your token was not accepted; sign in again.';
    if (error.status === 403) return `Your role may not ${action} journeys.`;
    if (error.status === 422) return `Not published: ${error.problems.length} problem(s) to fix.`;
    return error.message;
  }
  return `Could not ${action}.`;
}
