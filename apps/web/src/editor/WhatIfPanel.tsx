import { restingNodeTitle, type Journey, type JourneyNode } from '@trellis/journey';
import { useMutation } from '@tanstack/react-query';
import type { InFlightMap } from '../api/client.js';
import { approvalsApi, type WhatIf } from '../api/publish-requests.js';

/**
 * "Simulate the move" (docs/live-edits.md "What if"): the leads inside, moved to the draft as
 * the targets above say, simulated over the next 30 days on the server. Shows, like the
 * simulation panel, how many reach each step and are there at the end, the outcomes and the
 * sends; a sample says so, with the real number inside. A result for other targets than the
 * ones picked now is marked out of date.
 */

const DAYS = 30;

export function WhatIfPanel({
  journeyId,
  draft,
  map,
  nodeOf,
}: {
  journeyId: string;
  /** The draft: the new version's steps are listed in its order. */
  draft: Journey;
  map: InFlightMap;
  /** A node of a version (the draft is the version it would be): for the steps' names. */
  nodeOf: (version: number, nodeId: string) => JourneyNode | undefined;
}) {
  const run = useMutation({ mutationFn: (forMap: InFlightMap) => approvalsApi.simulateMove(journeyId, { map: forMap, days: DAYS }) });
  const ranFor = run.variables;
  const outOfDate = run.data !== undefined && JSON.stringify(ranFor) !== JSON.stringify(map);
  return (
    <section aria-label="What the move would do" className="what-if">
      <div className="what-if__head">
        <button type="button" className="button" onClick={() => run.mutate(map)} disabled={run.isPending}>
          {run.isPending ? 'Simulating…' : run.data ? 'Simulate again' : 'Simulate the move'}
        </button>
        <span className="muted">The leads inside as they are now, moved as above, over the next {DAYS} days. Nothing is published.</span>
      </div>
      {run.error && <p className="notice--error">{run.error.message}</p>}
      {run.data && <WhatIfResult result={run.data} draft={draft} nodeOf={nodeOf} outOfDate={outOfDate} />}
    </section>
  );
}

function WhatIfResult({
  result,
  draft,
  nodeOf,
  outOfDate,
}: {
  result: WhatIf;
  draft: Journey;
  nodeOf: (version: number, nodeId: string) => JourneyNode | undefined;
  outOfDate: boolean;
}) {
  // The new version's steps first, in the draft's order; then the older versions' (leads kept there), as the server lists them.
  const orderInDraft = new Map(draft.nodes.map((n, i) => [n.id, i]));
  const rank = (n: WhatIf['nodes'][number]) => (n.version === result.version ? (orderInDraft.get(n.nodeId) ?? draft.nodes.length) : Infinity);
  const nodes = [...result.nodes].sort((a, b) => rank(a) - rank(b));
  const title = (version: number, nodeId: string) => `v${version} · ${restingNodeTitle(nodeOf(version, nodeId), nodeId)}`;
  const { sample } = result;
  const outcomes = Object.entries(result.outcomes).sort((a, b) => b[1] - a[1]);
  const sent = new Map<string, Record<string, number>>();
  for (const s of result.sends) {
    const k = `${s.version}:${s.nodeId}`;
    sent.set(k, { ...sent.get(k), [s.status]: s.count });
  }
  return (
    <div className={`what-if__result${outOfDate ? ' is-stale' : ''}`} data-testid="what-if">
      {outOfDate && <p className="notice--warning">The targets changed since: simulate again to see these.</p>}
      <p className="muted">
        {sample.isSample
          ? `A sample of ${sample.simulated.toLocaleString()} of the ${sample.total.toLocaleString()} leads inside (in proportion at each step); the counts below are the sample's.`
          : `All ${sample.simulated.toLocaleString()} ${sample.simulated === 1 ? 'lead' : 'leads'} inside, from now to ${new Date(result.until).toLocaleDateString()}.`}
      </p>
      <table className="publish-review__landings">
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Reached</th>
            <th scope="col">There at the end</th>
            <th scope="col">Sends</th>
          </tr>
        </thead>
        <tbody>
          {nodes.map((n) => {
            const sends = sent.get(`${n.version}:${n.nodeId}`);
            return (
              <tr key={`${n.version}:${n.nodeId}`} data-testid="what-if-node">
                <th scope="row">{title(n.version, n.nodeId)}</th>
                <td>{n.reached.toLocaleString()}</td>
                <td>{n.current.toLocaleString()}</td>
                <td>{sends ? Object.entries(sends).map(([status, count]) => `${count.toLocaleString()} ${status}`).join(', ') : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p data-testid="what-if-outcomes">
        <strong>After {DAYS} days:</strong>{' '}
        {[...outcomes.map(([outcome, count]) => `${count.toLocaleString()} ${outcome}`), `${result.inside.toLocaleString()} still inside`].join(' · ')}
      </p>
    </div>
  );
}
