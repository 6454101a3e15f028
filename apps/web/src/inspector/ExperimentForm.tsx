import type { Experiment, JourneySettings, Problem, SplitNode } from '@trellis/journey';
import { useEditorStore } from '../store/editor-store.js';
import { WhereEditor } from './ConditionBuilder.js';
import { DurationInput, NumberField, SelectField, TextField } from './fields.js';

/**
 * A split's experiment and the journey's holdout group (journey-format.md, "Additions"): each is
 * off until turned on, with a sensible start; problems the validator finds in them show here,
 * at the fields, as well as in the Problems panel.
 */

const STARTING_EXPERIMENT: Experiment = { metric: 'goal', window: 'P14D', decideAfter: 'P14D' };

export function ExperimentForm({ node, change }: { node: SplitNode; change: (data: SplitNode['data'], field?: string) => void }) {
  const experiment = node.data.experiment;
  const problems = useEditorStore((s) => s.problems).filter((p) => p.nodeId === node.id && p.path.includes('experiment'));
  const write = (next: Experiment | undefined, field?: string) => {
    const { experiment: _old, ...rest } = node.data;
    change(next ? { ...rest, experiment: next } : rest, field);
  };
  const metric = experiment?.metric ?? 'goal';
  return (
    <section className="inspector-section" aria-label="Experiment">
      <header>
        <label className="checkbox checkbox--title">
          <input type="checkbox" checked={experiment !== undefined} onChange={(e) => write(e.target.checked ? STARTING_EXPERIMENT : undefined)} />
          <h3>Experiment</h3>
        </label>
      </header>
      {!experiment ? (
        <p className="muted">Off: leads keep splitting by weight. Turn it on to pick a winner automatically.</p>
      ) : (
        <>
          <SelectField
            label="Converted when"
            value={metric === 'goal' ? 'goal' : 'event'}
            options={[
              { value: 'goal', label: "The lead reaches the journey's goal" },
              { value: 'event', label: 'The lead does an event' },
            ]}
            onChange={(kind) => write({ ...experiment, metric: kind === 'goal' ? 'goal' : { event: 'demo_requested' } }, 'experiment-metric')}
          />
          {metric !== 'goal' && (
            <>
              <TextField label="Event" list="event-types" value={metric.event} onChange={(event) => write({ ...experiment, metric: { ...metric, event } }, 'experiment-event')} />
              <WhereEditor
                value={metric.where}
                onChange={(where) => {
                  const { where: _old, ...rest } = metric;
                  write({ ...experiment, metric: where ? { ...rest, where } : rest }, 'experiment-where');
                }}
              />
            </>
          )}
          <DurationInput label="Counted within" value={experiment.window} onChange={(window) => write({ ...experiment, window }, 'experiment-window')} />
          <DurationInput label="Decide after" value={experiment.decideAfter} onChange={(decideAfter) => write({ ...experiment, decideAfter }, 'experiment-decide')} />
          <p className="muted">
            That long after publishing, if one variant converts better than every other at p &lt; 0.05, every new lead takes it. Otherwise the weights stay.
          </p>
          <FieldProblems problems={problems} />
        </>
      )}
    </section>
  );
}

export function HoldoutForm({ settings, change }: { settings: JourneySettings; change: (settings: JourneySettings, field?: string) => void }) {
  const holdout = settings.holdout;
  const problems = useEditorStore((s) => s.problems).filter((p) => p.path[0] === 'settings' && p.path[1] === 'holdout');
  const write = (next: JourneySettings['holdout'], field?: string) => {
    const { holdout: _old, ...rest } = settings;
    change(next ? { ...rest, holdout: next } : rest, field);
  };
  return (
    <section className="inspector-section" aria-label="Holdout group">
      <header>
        <label className="checkbox checkbox--title">
          <input type="checkbox" checked={holdout !== undefined} onChange={(e) => write(e.target.checked ? { percent: 10 } : undefined)} />
          <h3>Holdout group</h3>
        </label>
      </header>
      {!holdout ? (
        <p className="muted">Off: every entering lead takes the journey.</p>
      ) : (
        <>
          <NumberField label="Percent of entering leads held out" value={holdout.percent} min={0} step={1} onChange={(percent) => write({ ...holdout, percent }, 'holdout-percent')} />
          <DurationInput
            label="Compare the goal within"
            value={holdout.window ?? 'P30D'}
            onChange={(window) => {
              const { window: _old, ...rest } = holdout;
              write(window === 'P30D' ? rest : { ...rest, window }, 'holdout-window');
            }}
          />
          <p className="muted">
            Held-out leads (the same ones every time) take no step. Results compares their goal rate with the treated leads'.
          </p>
          <FieldProblems problems={problems} />
        </>
      )}
    </section>
  );
}

function FieldProblems({ problems }: { problems: Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="inspector__problems" aria-label="Problems here">
      {problems.map((p, i) => (
        <li key={i} className={`problem problem--${p.severity}`}>
          {p.message}
        </li>
      ))}
    </ul>
  );
}
