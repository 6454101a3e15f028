import type { Operator, ScoringModel, ScoringRule } from '@trellis/journey';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { scoringApi, type RescoreProgress } from '../api/scoring.js';
import { ConditionBuilder } from '../inspector/ConditionBuilder.js';
import { can } from '../people/roles.js';
import { PeopleTopBar } from '../people/TopBar.js';
import { useMe } from '../people/use-me.js';
import { firstWhereTest, kindOf, modelProblems, newRule, problemsUnder, rescoreShare, WHERE_OPERATORS, withWhereTest, type RuleKind } from './scoring-edit.js';
import './audience.css';
import './scoring.css';

/**
 * The scoring model for marketers: fit rules (points while a condition holds), behaviour rules
 * (points at an event, capped per window), decay and the thresholds that raise the stage. Saving
 * re-scores every lead; the bar follows that re-score. Reviewers and operators read it.
 */
export function ScoringPage() {
  const role = useMe().data?.role;
  const writer = can(role, 'writeScoring');
  const client = useQueryClient();
  const saved = useQuery({ queryKey: ['scoring'], queryFn: scoringApi.model });
  const status = useQuery({
    queryKey: ['scoring', 'status'],
    queryFn: scoringApi.status,
    // Polled while a re-score runs, so the bar moves; at rest, now and then.
    refetchInterval: (query) => (query.state.data?.rescore?.status === 'running' ? 500 : 10_000),
  });
  const [draft, setDraft] = useState<ScoringModel | null>(null);
  useEffect(() => {
    if (saved.data && draft === null) setDraft(saved.data);
  }, [saved.data, draft]);
  const save = useMutation({
    mutationFn: (model: ScoringModel) => scoringApi.save(model),
    onSuccess: (model) => {
      client.setQueryData(['scoring'], model);
      setDraft(model);
      void client.invalidateQueries({ queryKey: ['scoring', 'status'] });
    },
  });
  const model = draft ?? saved.data ?? null;
  const problems = model ? modelProblems(model) : new Map<string, string>();
  const change = (next: ScoringModel) => setDraft(next);
  const dirty = model !== null && saved.data !== undefined && JSON.stringify(model) !== JSON.stringify(saved.data);

  return (
    <div className="app-shell">
      <PeopleTopBar title="Scoring" />
      <main className="list-page scoring-page">
        {saved.error && <p className="problem problem--error">{saved.error.message}</p>}
        {model && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (problems.size === 0) save.mutate(model);
            }}
          >
            <fieldset disabled={!writer} className="scoring-page__fields">
              <RuleSection kind="behaviour" model={model} problems={problems} onChange={change} />
              <RuleSection kind="fit" model={model} problems={problems} onChange={change} />
              <DecayFields model={model} problems={problems} onChange={change} />
              <ThresholdsTable model={model} problems={problems} onChange={change} />
            </fieldset>
            {save.error && (
              <p className="problem problem--error" role="alert">
                {save.error.message}
              </p>
            )}
            {/* Sticky, so the bar is in sight wherever the marketer saved from. */}
            <div className="scoring-page__footer">
              {writer && (
                <div className="scoring-page__actions">
                  <button type="submit" className="button" disabled={!dirty || problems.size > 0 || save.isPending}>
                    Save and re-score every lead
                  </button>
                  {problems.size > 0 && <span className="problem problem--error">Fix the marked fields to save.</span>}
                  {dirty && problems.size === 0 && <span className="muted">Unsaved changes.</span>}
                </div>
              )}
              {status.data?.rescore && <RescoreBar progress={status.data.rescore} />}
            </div>
          </form>
        )}
      </main>
    </div>
  );
}

function RescoreBar({ progress }: { progress: RescoreProgress }) {
  const share = rescoreShare(progress);
  const text =
    progress.status === 'running'
      ? `Re-scoring every lead: ${progress.done.toLocaleString()} of ${progress.total.toLocaleString()}`
      : progress.status === 'done'
        ? `Every lead re-scored with version ${progress.modelVersion} (${progress.done.toLocaleString()} ${progress.done === 1 ? 'lead' : 'leads'})`
        : 'A newer model replaced this re-score';
  return (
    <section className="rescore" aria-label="Re-score">
      <div className="rescore__bar" role="progressbar" aria-label="Re-score progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(share * 100)}>
        <div className="rescore__done" style={{ width: `${share * 100}%` }} />
      </div>
      <p className="muted" data-testid="rescore-status">
        {text}
      </p>
    </section>
  );
}

type SectionProps = { model: ScoringModel; problems: Map<string, string>; onChange: (model: ScoringModel) => void };

function FieldProblem({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return <span className="problem problem--error field-problem">{messages.join('; ')}</span>;
}

function RuleSection({ kind, model, problems, onChange }: SectionProps & { kind: RuleKind }) {
  const rows = model.rules.map((rule, index) => ({ rule, index })).filter(({ rule }) => kindOf(rule) === kind);
  const setRule = (index: number, rule: ScoringRule) => onChange({ ...model, rules: model.rules.map((r, i) => (i === index ? rule : r)) });
  const title = kind === 'fit' ? 'Fit rules: points while the lead meets a condition' : 'Behaviour rules: points at each matching event';
  return (
    <section aria-label={kind === 'fit' ? 'Fit rules' : 'Behaviour rules'}>
      <h2>{title}</h2>
      <table className="scoring-table">
        <thead>
          <tr>
            <th>Rule</th>
            <th>{kind === 'fit' ? 'Condition' : 'Event'}</th>
            <th>Points</th>
            {kind === 'behaviour' && <th>At most</th>}
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map(({ rule, index }) => (
            <tr key={index}>
              <td>
                <input aria-label="Rule id" value={rule.id} onChange={(e) => setRule(index, { ...rule, id: e.target.value })} />
                <input aria-label="Rule name" placeholder="name" value={rule.label ?? ''} onChange={(e) => setRule(index, withLabel(rule, e.target.value))} />
                <FieldProblem messages={problemsUnder(problems, `rules.${index}.id`)} />
              </td>
              <td>
                {'condition' in rule.on ? (
                  <ConditionBuilder value={rule.on.condition} onChange={(condition) => setRule(index, { ...rule, on: { condition } })} />
                ) : (
                  <EventFields rule={rule as ScoringRule & { on: { event: string } }} onChange={(r) => setRule(index, r)} />
                )}
                <FieldProblem messages={problemsUnder(problems, `rules.${index}.on`)} />
              </td>
              <td>
                <input
                  aria-label="Points"
                  type="number"
                  className="scoring-table__number"
                  value={rule.points}
                  onChange={(e) => setRule(index, { ...rule, points: e.target.valueAsNumber })}
                />
                <FieldProblem messages={problemsUnder(problems, `rules.${index}.points`)} />
              </td>
              {kind === 'behaviour' && (
                <td>
                  <CapFields rule={rule} onChange={(r) => setRule(index, r)} />
                  <FieldProblem messages={problemsUnder(problems, `rules.${index}.max`)} />
                </td>
              )}
              <td>
                <button type="button" className="button button--ghost" onClick={() => onChange({ ...model, rules: model.rules.filter((_, i) => i !== index) })}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="button button--ghost" onClick={() => onChange({ ...model, rules: [...model.rules, newRule(model, kind)] })}>
        {kind === 'fit' ? 'Add a fit rule' : 'Add a behaviour rule'}
      </button>
    </section>
  );
}

function withLabel(rule: ScoringRule, label: string): ScoringRule {
  const { label: _old, ...rest } = rule;
  return label === '' ? rest : { ...rest, label };
}

function EventFields({ rule, onChange }: { rule: ScoringRule & { on: { event: string } }; onChange: (rule: ScoringRule) => void }) {
  const on = rule.on as { event: string; where?: Parameters<typeof withWhereTest>[0] };
  const test = firstWhereTest(on.where);
  const setTest = (next: Partial<typeof test>) => {
    const where = withWhereTest(on.where, { ...test, ...next });
    onChange({ ...rule, on: where === undefined ? { event: on.event } : { event: on.event, where } });
  };
  return (
    <div className="scoring-event">
      <input aria-label="Event type" value={on.event} onChange={(e) => onChange({ ...rule, on: { ...on, event: e.target.value } })} />
      <span className="muted">where</span>
      <input aria-label="Event property" placeholder="property (none)" value={test.prop} onChange={(e) => setTest({ prop: e.target.value })} />
      <select aria-label="Property test" value={test.op} onChange={(e) => setTest({ op: e.target.value as Operator })}>
        {WHERE_OPERATORS.map((op) => (
          <option key={op}>{op}</option>
        ))}
      </select>
      <input aria-label="Property value" value={test.value} onChange={(e) => setTest({ value: e.target.value })} />
    </div>
  );
}

function CapFields({ rule, onChange }: { rule: ScoringRule; onChange: (rule: ScoringRule) => void }) {
  const { max: _max, ...uncapped } = rule;
  return (
    <div className="scoring-cap">
      <input
        aria-label="Cap points"
        type="number"
        className="scoring-table__number"
        placeholder="no cap"
        value={rule.max?.points ?? ''}
        onChange={(e) =>
          onChange(e.target.value === '' ? uncapped : { ...rule, max: { points: e.target.valueAsNumber, per: rule.max?.per ?? 'P7D' } })
        }
      />
      <span className="muted">per</span>
      <input
        aria-label="Cap window"
        className="scoring-table__duration"
        disabled={!rule.max}
        value={rule.max?.per ?? ''}
        onChange={(e) => rule.max && onChange({ ...rule, max: { ...rule.max, per: e.target.value } })}
      />
    </div>
  );
}

function DecayFields({ model, problems, onChange }: SectionProps) {
  const { decay: _decay, ...withoutDecay } = model;
  return (
    <section aria-label="Decay">
      <h2>Decay of behaviour points without activity</h2>
      <div className="scoring-cap">
        <span>Take</span>
        <input
          aria-label="Decay points"
          type="number"
          className="scoring-table__number"
          placeholder="none"
          value={model.decay?.points ?? ''}
          onChange={(e) => onChange(e.target.value === '' ? withoutDecay : { ...model, decay: { points: e.target.valueAsNumber, every: model.decay?.every ?? 'P14D' } })}
        />
        <span>points off every</span>
        <input
          aria-label="Decay period"
          className="scoring-table__duration"
          disabled={!model.decay}
          value={model.decay?.every ?? ''}
          onChange={(e) => model.decay && onChange({ ...model, decay: { ...model.decay, every: e.target.value } })}
        />
        <span className="muted">without activity, never below the fit points.</span>
      </div>
      <FieldProblem messages={problemsUnder(problems, 'decay')} />
    </section>
  );
}

function ThresholdsTable({ model, problems, onChange }: SectionProps) {
  const thresholds = model.thresholds ?? [];
  const set = (next: typeof thresholds) => onChange({ ...model, thresholds: next });
  return (
    <section aria-label="Thresholds">
      <h2>Thresholds: reaching a score raises the stage (never lowers it)</h2>
      <table className="scoring-table">
        <thead>
          <tr>
            <th>Score</th>
            <th>Stage</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {thresholds.map((threshold, index) => (
            <tr key={index}>
              <td>
                <input
                  aria-label="Threshold score"
                  type="number"
                  className="scoring-table__number"
                  value={threshold.score}
                  onChange={(e) => set(thresholds.map((t, i) => (i === index ? { ...t, score: e.target.valueAsNumber } : t)))}
                />
              </td>
              <td>
                <input aria-label="Threshold stage" value={threshold.stage} onChange={(e) => set(thresholds.map((t, i) => (i === index ? { ...t, stage: e.target.value } : t)))} />
                <FieldProblem messages={problemsUnder(problems, `thresholds.${index}`)} />
              </td>
              <td>
                <button type="button" className="button button--ghost" onClick={() => set(thresholds.filter((_, i) => i !== index))}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="button button--ghost" onClick={() => set([...thresholds, { score: 100, stage: '' }])}>
        Add a threshold
      </button>
    </section>
  );
}
