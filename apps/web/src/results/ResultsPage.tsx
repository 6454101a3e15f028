import './results.css';
import { useQuery } from '@tanstack/react-query';
import type { Journey } from '@trellis/journey';
import { useCallback, useMemo, useState } from 'react';
import { api } from '../api/client.js';
import { useVersions } from '../api/queries.js';
import { useJourneyReport, type JourneyReport } from '../api/report.js';
import { SplitMarksContext, splitMarksOf } from '../canvas/ResultMarks.js';
import { ReadOnlyJourney } from '../people/ReadOnlyJourney.js';
import { can } from '../people/roles.js';
import { peopleLinks } from '../people/routes.js';
import { PeopleTopBar } from '../people/TopBar.js';
import { useMe } from '../people/use-me.js';
import { download, fileNameOf } from '../review/export.js';
import { navigate } from '../routes.js';
import { DailyCharts } from './DailyCharts.js';
import { ExperimentPanel } from './ExperimentPanel.js';
import { count, elapsed, percent } from './format.js';
import { funnel, MAIN_PATH_RULE, nodeTitle } from './funnel.js';
import { HoldoutPanel } from './HoldoutPanel.js';
import { seriesCsv, sendsCsv } from './report-csv.js';
import { lastDays, periodInstants, resultsLink, type ResultsRoute } from './results-route.js';
import { SendTable } from './SendTable.js';

/**
 * Did the journey work: for a version and a period, entries, outcomes and the goal rate; the
 * funnel along the main path; each step's share of leads that reached the goal on the canvas;
 * split experiments; the holdout's uplift; daily charts; sends per step; time to goal.
 */
export function ResultsPage({ id, version, from, to }: Omit<ResultsRoute, 'page'>) {
  const me = useMe();
  const stored = useQuery({ queryKey: ['journeys', id], queryFn: () => api.getJourney(id), retry: false });
  const publishedVersion = stored.data?.publishedVersion ?? null;
  const shown = version ?? publishedVersion;
  const versions = useVersions(id, publishedVersion);
  const versionDoc = useQuery({ queryKey: ['journeys', id, 'version', shown], queryFn: () => api.version(id, shown!), enabled: shown !== null, retry: false });
  const journey: Journey | undefined = shown === null ? stored.data?.journey : versionDoc.data?.journey;
  const backwards = from !== null && to !== null && from > to;
  const report = useJourneyReport(id, { version: shown, ...periodInstants(from, to) }, { enabled: stored.isSuccess && !backwards });
  const publishedAt = versions.data?.versions.find((v) => v.version === shown)?.publishedAt ?? null;
  const go = (next: Partial<Omit<ResultsRoute, 'page' | 'id'>>) => navigate(resultsLink(id, { version, from, to, ...next }), true);
  const role = me.data?.role;
  const name = journey?.name ?? stored.data?.journey.name ?? id;

  return (
    <div className="app-shell">
      <PeopleTopBar title={`Results · ${name}`}>
        {can(role, 'editJourneys') && (
          <a className="button button--ghost" href={`#/journeys/${encodeURIComponent(id)}`}>
            Edit
          </a>
        )}
        <a className="button button--ghost" href={peopleLinks.review(id, shown)}>
          Review
        </a>
        {can(role, 'operate') && (
          <a className="button button--ghost" href={peopleLinks.operate(id)}>
            Live view
          </a>
        )}
      </PeopleTopBar>
      <div className="results-toolbar" role="group" aria-label="Version and period">
        <label className="topbar-field">
          <span className="muted">Version</span>
          <select aria-label="Version" value={shown ?? ''} onChange={(e) => go({ version: e.target.value ? Number(e.target.value) : null })}>
            {shown === null && <option value="">Not published</option>}
            {(versions.data?.versions ?? []).map((v) => (
              <option key={v.version} value={v.version}>
                v{v.version}
                {v.version === publishedVersion ? ' (live)' : ''} · {new Date(v.publishedAt).toLocaleDateString()}
              </option>
            ))}
          </select>
        </label>
        <label className="topbar-field">
          <span className="muted">From</span>
          <input type="date" aria-label="From" value={from ?? ''} onChange={(e) => go({ from: e.target.value || null })} />
        </label>
        <label className="topbar-field">
          <span className="muted">To</span>
          <input type="date" aria-label="To" value={to ?? ''} onChange={(e) => go({ to: e.target.value || null })} />
        </label>
        <div className="button-group" role="group" aria-label="Quick periods">
          <button type="button" className="button button--ghost" onClick={() => go(lastDays(7))}>
            7 days
          </button>
          <button type="button" className="button button--ghost" onClick={() => go(lastDays(30))}>
            30 days
          </button>
          <button type="button" className="button button--ghost" onClick={() => go({ from: null, to: null })} aria-pressed={!from && !to}>
            All time
          </button>
        </div>
        <span className="muted results-toolbar__note">Leads counted by the day they entered (UTC), both days included.</span>
        {report.isFetching && <span className="muted">Updating…</span>}
      </div>
      <main className="results-page">
        {backwards && <p className="problem problem--error" role="alert">“From” is after “To”: pick a From day on or before the To day.</p>}
        {(stored.error ?? versionDoc.error ?? report.error) && (
          <p className="problem problem--error" role="alert">
            {(stored.error ?? versionDoc.error ?? report.error)!.message}
          </p>
        )}
        {journey && report.data ? <Results id={id} journey={journey} report={report.data} publishedAt={publishedAt} /> : !backwards && !report.error && <p className="muted">Loading…</p>}
      </main>
    </div>
  );
}

function Results({ id, journey, report, publishedAt }: { id: string; journey: Journey; report: JourneyReport; publishedAt: string | null }) {
  const [goalShare, setGoalShare] = useState(true);
  const steps = useMemo(() => funnel(journey, report), [journey, report]);
  const marks = useMemo(() => splitMarksOf(report.splits), [report]);
  const badge = useCallback(
    (nodeId: string) => {
      const n = report.nodes[nodeId];
      if (!goalShare || !n || n.entered === 0) return null;
      return (
        <span className="goal-share" title={`${count(n.reachedGoal)} of ${count(n.entered)} leads that passed here reached the goal`} data-testid={`goal-share-${nodeId}`}>
          goal {percent(n.reachedGoal / n.entered, 0)}
        </span>
      );
    },
    [report, goalShare],
  );
  const splitIds = Object.keys(report.splits);
  const base = `${fileNameOf(journey.name)}${report.version ? `-v${report.version}` : ''}`;
  const treated = report.entered - (report.holdout?.heldOut.entered ?? 0);
  return (
    <>
      <section className="results-summary" aria-label="Summary">
        <Stat label="Entered" value={count(report.entered)} testId="stat-entered" sub={report.holdout ? `${count(treated)} treated · ${count(report.holdout.heldOut.entered)} held out` : undefined} />
        <Stat label="Goal rate" value={percent(report.goalRate)} testId="stat-goal-rate" sub={`${count(report.outcomes.goal ?? 0)} of ${count(treated)} treated leads`} />
        <Stat
          label="Time to goal"
          value={report.timeToGoal ? elapsed(report.timeToGoal.medianMs) : '–'}
          testId="stat-time-to-goal"
          sub={report.timeToGoal ? `median · p90 ${elapsed(report.timeToGoal.p90Ms)}` : 'no lead reached the goal'}
        />
        <div className="stat stat--outcomes">
          <span className="stat__label">Outcomes</span>
          <ul className="outcome-list" aria-label="Outcomes">
            {Object.keys(report.outcomes).length === 0 && <li className="muted">none yet: leads still in the journey</li>}
            {Object.entries(report.outcomes)
              .sort((a, b) => b[1] - a[1])
              .map(([outcome, n]) => (
                <li key={outcome} data-testid={`outcome-${outcome}`}>
                  <span>{outcome}</span> <b>{count(n)}</b> <span className="muted">{percent(report.entered ? n / report.entered : 0, 0)}</span>
                </li>
              ))}
          </ul>
        </div>
      </section>

      <div className="results-grid">
        <section className="results-card results-canvas" aria-label="Journey">
          <header className="results-card__header">
            <h2>Journey</h2>
            <label className="checkbox">
              <input type="checkbox" checked={goalShare} onChange={(e) => setGoalShare(e.target.checked)} /> Goal share on each step
            </label>
          </header>
          <p className="muted">“goal n%” on a step: the share of leads that passed it and later reached the goal.</p>
          <div className="results-canvas__frame">
            <SplitMarksContext.Provider value={marks}>
              <ReadOnlyJourney journey={journey} loadKey={`results:${id}:${report.version ?? 'draft'}`} extras={badge} />
            </SplitMarksContext.Provider>
          </div>
        </section>
        <section className="results-card" aria-label="Funnel">
          <h2>Funnel along the main path</h2>
          <p className="muted">{MAIN_PATH_RULE}</p>
          <ol className="funnel">
            {steps.map((step, index) => (
              <li key={step.nodeId} className="funnel__step" data-testid={`funnel-${step.nodeId}`}>
                <div className="funnel__label">
                  <span>{step.title}</span>
                  <span>
                    <b>{count(step.entered)}</b> <span className="muted">{index === 0
                      ? report.holdout
                        ? 'treated leads entered'
                        : 'entered'
                      : step.joined
                        ? `${percent(step.ofFirst, 0)} of those who entered · paths join here`
                        : `${percent(step.ofPrevious, 0)} of the step before`}</span>
                  </span>
                </div>
                <div className="funnel__track" aria-hidden>
                  <div className="funnel__bar" style={{ width: `${Math.max(step.ofFirst * 100, step.entered > 0 ? 1 : 0)}%` }} />
                </div>
              </li>
            ))}
            <li className="funnel__step funnel__step--goal" data-testid="funnel-goal">
              <div className="funnel__label">
                <span>Reached the goal</span>
                <span>
                  <b>{count(report.outcomes.goal ?? 0)}</b> <span className="muted">{percent(report.goalRate)} of treated leads</span>
                </span>
              </div>
              <div className="funnel__track" aria-hidden>
                <div className="funnel__bar funnel__bar--goal" style={{ width: `${steps[0]?.entered ? ((report.outcomes.goal ?? 0) / steps[0].entered) * 100 : 0}%` }} />
              </div>
            </li>
          </ol>
        </section>
      </div>

      {splitIds.length > 0 && (
        <section className="results-card" aria-label="Experiments">
          <h2>Splits and experiments</h2>
          {splitIds.map((nodeId) => {
            const node = journey.nodes.find((n) => n.id === nodeId);
            return <ExperimentPanel key={nodeId} nodeId={nodeId} title={node ? nodeTitle(node) : nodeId} split={report.splits[nodeId]!} publishedAt={publishedAt} />;
          })}
        </section>
      )}

      {report.holdout && <HoldoutPanel holdout={report.holdout} />}

      <section className="results-card" aria-label="Daily">
        <header className="results-card__header">
          <h2>Day by day</h2>
          <button type="button" className="button" onClick={() => download(`${base}-daily.csv`, new Blob([seriesCsv(report)], { type: 'text/csv' }))}>
            Download CSV
          </button>
        </header>
        <DailyCharts series={report.series} />
      </section>

      <section className="results-card" aria-label="Sends">
        <header className="results-card__header">
          <h2>Sends by step</h2>
          <button type="button" className="button" onClick={() => download(`${base}-sends.csv`, new Blob([sendsCsv(journey, report)], { type: 'text/csv' }))}>
            Download CSV
          </button>
        </header>
        <SendTable journey={journey} report={report} />
      </section>
    </>
  );
}

function Stat({ label, value, sub, testId }: { label: string; value: string; sub?: string; testId: string }) {
  return (
    <div className="stat">
      <span className="stat__label">{label}</span>
      <b className="stat__value" data-testid={testId}>
        {value}
      </b>
      {sub && <span className="stat__sub">{sub}</span>}
    </div>
  );
}
