import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../api/client.js';
import { useVersions } from '../api/queries.js';
import { peopleLinks } from '../people/routes.js';
import { PeopleTopBar } from '../people/TopBar.js';
import { navigate } from '../routes.js';
import { compareJourneys } from './compare.js';
import { journeySvg } from './journey-svg.js';

/** Two versions side by side, what changed tinted on each drawing and listed below. */
export function ComparePage({ id, from, to }: { id: string; from: number | null; to: number | null }) {
  const stored = useQuery({ queryKey: ['journeys', id], queryFn: () => api.getJourney(id), retry: false });
  const versions = useVersions(id, stored.data?.publishedVersion ?? null);
  const list = versions.data?.versions ?? [];
  const left = from ?? list[1]?.version ?? null;
  const right = to ?? list[0]?.version ?? null;
  const before = useQuery({ queryKey: ['journeys', id, 'version', left], queryFn: () => api.version(id, left!), enabled: left !== null, retry: false });
  const after = useQuery({ queryKey: ['journeys', id, 'version', right], queryFn: () => api.version(id, right!), enabled: right !== null, retry: false });
  const drawn = useMemo(() => {
    if (!before.data || !after.data) return null;
    const diff = compareJourneys(before.data.journey, after.data.journey);
    return {
      diff,
      left: journeySvg(before.data.journey, { marks: diff.before, title: `v${left}` }),
      right: journeySvg(after.data.journey, { marks: diff.after, title: `v${right}` }),
    };
  }, [before.data, after.data, left, right]);
  const error = stored.error ?? before.error ?? after.error;

  const picker = (value: number | null, onPick: (v: number) => void, label: string) => (
    <select aria-label={label} value={value ?? ''} onChange={(e) => onPick(Number(e.target.value))}>
      {list.map((v) => (
        <option key={v.version} value={v.version}>
          v{v.version}
        </option>
      ))}
    </select>
  );
  return (
    <div className="app-shell">
      <PeopleTopBar title={`Compare · ${stored.data?.journey.name ?? ''}`}>
        {left !== null && right !== null && (
          <>
            {picker(left, (v) => navigate(peopleLinks.compare(id, v, right)), 'Older version')}
            <span>→</span>
            {picker(right, (v) => navigate(peopleLinks.compare(id, left, v)), 'Newer version')}
          </>
        )}
        <a className="button button--ghost" href={peopleLinks.review(id, right)}>
          Back to review
        </a>
      </PeopleTopBar>
      <main className="compare">
        {error && <p className="problem problem--error">{error.message}</p>}
        {versions.data && list.length < 2 && <p className="muted">This journey has fewer than two published versions.</p>}
        {drawn && (
          <>
            <div className="compare__sides">
              <figure className="compare__side" data-testid="compare-before" dangerouslySetInnerHTML={{ __html: drawn.left }} />
              <figure className="compare__side" data-testid="compare-after" dangerouslySetInnerHTML={{ __html: drawn.right }} />
            </div>
            <section className="compare__changes" aria-label="Changes">
              <h2>
                What changed from v{left} to v{right}{' '}
                <span className="legend">
                  <i className="legend--added">added</i> <i className="legend--changed">changed</i> <i className="legend--removed">removed</i>
                </span>
              </h2>
              {drawn.diff.lines.length === 0 ? (
                <p className="muted">Nothing: the two versions do the same.</p>
              ) : (
                <ul>
                  {drawn.diff.lines.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              )}
            </section>
          </>
        )}
      </main>
    </div>
  );
}
