import { useRef, useState } from 'react';
import { ApiError } from '../api/client.js';
import { useJourneyList } from '../api/queries.js';
import { EXAMPLES } from '../model/examples.js';
import { parseJourneyFile } from '../model/import.js';
import { navigate } from '../routes.js';
import { EditorsOnly, JourneyRowLinks, OtherPagesNav, useJourneyHref } from '../people/JourneyRowLinks.js';
import { ApprovalChip } from '../review/PublishRequestPanel.js';
import { SignOutButton } from '../people/TopBar.js';
import { useEditorStore } from '../store/editor-store.js';

/** The journeys on the server, and the ways to start a new one. */
export function JourneyListPage() {
  const list = useJourneyList();
  const journeyHref = useJourneyHref();
  const fileInput = useRef<HTMLInputElement>(null);
  const [importError, setImportError] = useState<string | null>(null);
  const load = useEditorStore((s) => s.load);

  async function importFile(file: File) {
    const result = parseJourneyFile(await file.text());
    if (!result.ok) {
      setImportError(result.message);
      return;
    }
    load(result.journey, null);
    navigate('#/new?example=__imported');
  }

  return (
    <div className="app-shell">
      <header className="topbar">
        <div className="brand">
          <span className="brand__mark" aria-hidden>
            ⋔
          </span>
          Trellis
        </div>
        <h1 className="topbar__title">Journeys</h1>
        <div className="topbar__spacer" />
        <OtherPagesNav />
        <SignOutButton />
      </header>
      <main className="list-page">
        <EditorsOnly>
        <section className="list-page__new">
          <h2>Start a journey</h2>
          <div className="cards">
            <button type="button" className="card" onClick={() => navigate('#/new')}>
              <strong>From scratch</strong>
              <span className="muted">A trigger to build on.</span>
            </button>
            {EXAMPLES.map((example) => (
              <button key={example.key} type="button" className="card" onClick={() => navigate(`#/new?example=${example.key}`)}>
                <strong>{example.title}</strong>
                <span className="muted">{example.description}</span>
              </button>
            ))}
            <button type="button" className="card" onClick={() => fileInput.current?.click()}>
              <strong>Import JSON…</strong>
              <span className="muted">A journey file exported from Trellis.</span>
            </button>
            <input
              ref={fileInput}
              type="file"
              accept="application/json,.json"
              hidden
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file) void importFile(file);
                event.target.value = '';
              }}
            />
          </div>
          {importError && <p className="problem problem--error">{importError}</p>}
        </section>
        </EditorsOnly>
        <section>
          <h2>Your journeys</h2>
          {list.isPending && <p className="muted">Loading…</p>}
          {list.error && <ListError error={list.error} />}
          {list.data && list.data.journeys.length === 0 && <p className="muted">No journeys yet. Start one above.</p>}
          {list.data && list.data.journeys.length > 0 && (
            <table className="journey-table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Status</th>
                  <th>Published version</th>
                  <th>Last edit</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.data.journeys.map((journey) => (
                  <tr key={journey.id}>
                    <td>
                      <a href={journeyHref(journey.id, journey.publishedVersion)}>{journey.name}</a>
                      {journey.approvalRequested && <ApprovalChip journeyId={journey.id} request={journey.approvalRequested} />}
                    </td>
                    <td>
                      <span className={`status-pill status-pill--${journey.status}`}>{journey.status}</span>
                    </td>
                    <td>{journey.publishedVersion === null ? '—' : `v${journey.publishedVersion}`}</td>
                    <td>{new Date(journey.updatedAt).toLocaleString()}</td>
                    <td>
                      <JourneyRowLinks id={journey.id} publishedVersion={journey.publishedVersion} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </main>
    </div>
  );
}

function ListError({ error }: { error: Error }) {
  if (error instanceof ApiError && error.status === 401) {
    return (
      <p className="problem problem--error">
        Your token was not accepted. <a href="#/login">Sign in again</a>.
      </p>
    );
  }
  if (error instanceof ApiError && error.status === 404) {
    return <p className="muted">This server does not store journeys yet. You can still draw, validate, import and export.</p>;
  }
  return <p className="problem problem--error">{error.message}</p>;
}
