import { describeDuration, experimentDecideAt, experimentSchema, SIGNIFICANCE } from '@trellis/journey';
import type { SplitResult, VariantNumbers } from '../api/report.js';
import { count, interval, percent, pValueText } from './format.js';

/**
 * One split's result: each variant's conversion with its 95% interval, the p-value, the
 * probability to beat, and where the experiment stands (decided with a winner and the numbers
 * it was decided on, decided with no winner, or the day it decides).
 */
/** `compact`: a narrow side panel (review), with no interval bars. */
export function ExperimentPanel({ nodeId, title, split, publishedAt, compact = false }: { nodeId: string; title: string; split: SplitResult; publishedAt: string | null; compact?: boolean }) {
  const decision = split.decision;
  const handles = Object.keys(split.variants);
  return (
    <section className="experiment" aria-label={`Split ${title}`} data-testid={`experiment-${nodeId}`}>
      <header className="experiment__header">
        <h3>
          {title} <code>{nodeId}</code>
        </h3>
        <span className="muted">{split.experiment ? `Experiment on ${metricText(split.experiment.metric)}, counted within ${describeDuration(split.experiment.window)} of entering` : 'No experiment: leads keep splitting by weight'}</span>
      </header>
      <Verdict split={split} publishedAt={publishedAt} />
      <VariantTable variants={split.variants} toBeat={split.probabilityToBeat} winner={split.winner} caption="Conversion to the journey's goal, this period" compact={compact} />
      <p className="experiment__p">
        p-value <b data-testid={`p-value-${nodeId}`}>{pValueText(split.pValue)}</b>
        <span className="muted">
          {' '}
          {handles.length > 2 ? '(the leading variant against the closest other, two-proportion z-test)' : '(two-proportion z-test)'}; a difference counts at p &lt; {SIGNIFICANCE}
        </span>
      </p>
      {decision && decision.winner !== null && (
        <VariantTable variants={decision.variants} toBeat={{}} winner={decision.winner} caption={`The numbers it was decided on (${metricText(split.experiment?.metric ?? 'goal')})`} compact={compact} />
      )}
    </section>
  );
}

function Verdict({ split, publishedAt }: { split: SplitResult; publishedAt: string | null }) {
  const decision = split.decision;
  if (decision) {
    const when = dateText(decision.decidedAt);
    if (decision.winner === null) {
      return (
        <p className="verdict verdict--none" role="status">
          No winner — weights kept. <span className="muted">Decided {when} at p = {pValueText(decision.pValue)}.</span>
        </p>
      );
    }
    const won = decision.variants[decision.winner];
    return (
      <p className="verdict verdict--winner" role="status">
        Winner: <b>{decision.winner}</b> — new leads all take it.{' '}
        <span className="muted">
          Decided {when} at p = {pValueText(decision.pValue)}
          {won ? `, converting ${percent(won.rate)} (${count(won.goal)} of ${count(won.entered)})` : ''}.
        </span>
      </p>
    );
  }
  if (!split.experiment) return null;
  const decidesAt = decideAt(split.experiment, publishedAt);
  return (
    <p className="verdict verdict--pending" role="status">
      {decidesAt ? `Decides on ${dateText(decidesAt)}` : `Decides ${describeDuration(split.experiment.decideAfter)} after it is published`}
      {split.winner ? (
        <span className="muted"> · {split.winner} leads at p &lt; {SIGNIFICANCE} so far; it wins only if it still does then.</span>
      ) : (
        <span className="muted"> · no variant is ahead at p &lt; {SIGNIFICANCE} so far.</span>
      )}
    </p>
  );
}

function VariantTable({ variants, toBeat, winner, caption, compact }: { variants: Record<string, VariantNumbers>; toBeat: Record<string, number | null>; winner: string | null; caption: string; compact: boolean }) {
  const rows = Object.entries(variants);
  const top = Math.max(0.0001, ...rows.map(([, v]) => v.ci95[1]));
  return (
    <table className="variants-result">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Variant</th>
          <th scope="col">Leads</th>
          <th scope="col">Converted</th>
          <th scope="col">Rate</th>
          <th scope="col">95% interval</th>
          {!compact && <th scope="col" className="variants-result__bar-head" aria-hidden />}
          {Object.keys(toBeat).length > 0 && <th scope="col">{compact ? 'P(beat)' : 'Probability to beat'}</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map(([handle, v]) => (
          <tr key={handle} className={handle === winner ? 'is-winner' : undefined}>
            <th scope="row">
              {handle}
              {handle === winner && <span className="winner-mark is-decided">★</span>}
            </th>
            <td>{count(v.entered)}</td>
            <td>{count(v.goal)}</td>
            <td>
              <b>{percent(v.rate)}</b>
            </td>
            <td>{interval(v.ci95)}</td>
            {!compact && (
            <td className="variants-result__bar" aria-hidden>
              {/* The interval drawn to scale against the widest upper end, the rate as a tick. */}
              <span className="ci-bar">
                <span className="ci-bar__range" style={{ left: `${(v.ci95[0] / top) * 100}%`, width: `${((v.ci95[1] - v.ci95[0]) / top) * 100}%` }} />
                <span className="ci-bar__rate" style={{ left: `${(v.rate / top) * 100}%` }} />
              </span>
            </td>
            )}
            {Object.keys(toBeat).length > 0 && <td>{toBeat[handle] === null || toBeat[handle] === undefined ? '–' : percent(toBeat[handle]!, 0)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function metricText(metric: unknown): string {
  if (metric === 'goal') return "the journey's goal";
  if (metric && typeof metric === 'object' && 'event' in metric) return `the event “${String((metric as { event: unknown }).event)}”`;
  return 'its metric';
}

function decideAt(experiment: NonNullable<SplitResult['experiment']>, publishedAt: string | null): string | null {
  const parsed = experimentSchema.safeParse(experiment);
  if (!publishedAt || !parsed.success) return null;
  return new Date(experimentDecideAt(parsed.data, Date.parse(publishedAt))).toISOString();
}

/** A day as people read it, in UTC like the report's days: `14 Mar 2026`. */
export function dateText(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}
