import { describeDuration } from '@trellis/journey';
import type { HoldoutResult } from '../api/report.js';
import { count, interval, percent, points } from './format.js';

/** Held-out leads against treated ones: each group's goal rate within the window, and the uplift with its 95% interval. */
export function HoldoutPanel({ holdout }: { holdout: HoldoutResult }) {
  const { heldOut, treated, uplift } = holdout;
  const clear = uplift && (uplift.ci95[0] > 0 || uplift.ci95[1] < 0);
  return (
    <section className="results-card holdout-result" aria-label="Holdout">
      <h2>Holdout</h2>
      <p className="muted">
        {holdout.percent}% of entering leads are held out (no step runs for them). Goal reached within {describeDuration(holdout.window)} of entering:
      </p>
      <div className="holdout-result__groups">
        <Group name="Treated" group={treated} />
        <Group name="Held out" group={heldOut} />
        <div className="stat" data-testid="uplift">
          <span className="stat__label">Uplift</span>
          {uplift ? (
            <>
              <b className={`stat__value ${uplift.difference > 0 ? 'is-up' : uplift.difference < 0 ? 'is-down' : ''}`}>{points(uplift.difference)}</b>
              <span className="stat__sub">95% interval {points(uplift.ci95[0])} to {points(uplift.ci95[1])}</span>
            </>
          ) : (
            <span className="stat__sub">needs leads in both groups</span>
          )}
        </div>
      </div>
      {uplift && (
        <p className="holdout-result__reading">
          {clear
            ? uplift.difference > 0
              ? 'The journey adds to the goal rate: the whole interval is above zero.'
              : 'Held-out leads do better: the whole interval is below zero.'
            : 'Not clear yet: the interval includes zero.'}
        </p>
      )}
    </section>
  );
}

function Group({ name, group }: { name: string; group: HoldoutResult['treated'] }) {
  return (
    <div className="stat">
      <span className="stat__label">{name}</span>
      <b className="stat__value">{percent(group.rate)}</b>
      <span className="stat__sub">
        {count(group.goal)} of {count(group.entered)} · 95% {interval(group.ci95)}
      </span>
    </div>
  );
}
