import { useMutation, useQuery } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { ApiError, api, type SimulatedLead } from '../api/client.js';
import { scoringApi } from '../api/scoring.js';
import { channelText } from '../model/summary.js';
import { can } from '../people/roles.js';
import { useMe } from '../people/use-me.js';
import { currentJourney, useEditorStore } from '../store/editor-store.js';
import { entryEventType, generateLeads, scoreRaisingEvents, suggestedEvents, type ExtraEvent } from './generate-leads.js';
import { outcomeCounts, pathOf, reachedCounts, runKey, sendTallies } from './results.js';
import { salesAnswers, sameAnswers, type AnswerMix, type SalesAnswer } from './sales-answers.js';

/** Answers can send a lead back to a handoff; a few passes answer those later visits too. */
const MAX_PASSES = 4;

function defaultStart(): string {
  // Next Monday 09:00 UTC: a working-week start shows send windows and quiet hours at work.
  const now = new Date();
  const day = now.getUTCDay();
  const add = ((8 - day) % 7) || 7;
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + add, 9, 0));
  return start.toISOString().slice(0, 16);
}

/** Runs the journey over virtual time on the server (`POST /api/simulate`) and draws the result on the canvas. */
export function SimulatePanel() {
  const [count, setCount] = useState(1000);
  const [start, setStart] = useState(defaultStart);
  const [until, setUntil] = useState('P30D');
  const [spreadHours, setSpreadHours] = useState(1);
  const [seed, setSeed] = useState(1);
  const [extraEvents, setExtraEvents] = useState<ExtraEvent[]>(() => suggestedEvents(currentJourney()));
  const [answerMix, setAnswerMix] = useState<AnswerMix>({ accepted: 50, recycled: 20, disqualified: 10, afterHours: 1, returnAfterDays: null });
  const [pickedLead, setPickedLead] = useState<string>('');
  const [ranFor, setRanFor] = useState<string | null>(null);
  const ranForRef = useRef<string | null>(null);
  const edges = useEditorStore((s) => s.edges);
  const settings = useEditorStore((s) => s.settings);
  const [filterOutcome, setFilterOutcome] = useState<string>('');
  const setSimulation = useEditorStore((s) => s.setSimulation);
  const nodes = useEditorStore((s) => s.nodes);
  const labelOf = (nodeId: string) => {
    const label = nodes.find((n) => n.id === nodeId)?.data.label;
    return typeof label === 'string' && label ? label : nodeId;
  };
  const problems = useEditorStore((s) => s.problems);
  const blocking = problems.filter((p) => p.severity === 'error').length;
  const hasHandoff = nodes.some((n) => n.type === 'handoff');

  // The saved scoring model scores the test leads as live ones are scored (a trigger on the score needs it).
  const role = useMe().data?.role;
  const model = useQuery({ queryKey: ['scoring'], queryFn: scoringApi.model, enabled: can(role, 'readScoring'), retry: false, staleTime: 30_000 });
  const scoring = model.data && model.data.rules.length > 0 ? model.data : undefined;
  const raising = scoreRaisingEvents(currentJourney(), scoring);

  const run = useMutation({
    mutationFn: async () => {
      const journey = currentJourney();
      const scored = scoring ? { scoring } : {};
      const raisingNow = scoreRaisingEvents(journey, scoring).filter((e) => !extraEvents.some((x) => x.type === e.type && x.props === e.props));
      setRanFor(runKey(journey));
      ranForRef.current = runKey(journey);
      const startIso = new Date(`${start}:00Z`).toISOString();
      const { leads, events } = generateLeads(journey, { count, start: startIso, seed, spreadHours, extraEvents: [...extraEvents, ...raisingNow] });
      const handoffIds = new Set(journey.nodes.filter((n) => n.type === 'handoff').map((n) => n.id));
      // A saved journey's splits key by its id, as live; a new one's by its name until it is saved.
      const journeyId = useEditorStore.getState().journeyId ?? undefined;
      let answers: SalesAnswer[] = [];
      let result = await api.simulate({ journey, journeyId, start: startIso, until, leads, events, ...scored });
      for (let pass = 1; pass < MAX_PASSES && handoffIds.size > 0; pass++) {
        const next = salesAnswers(result.leads, handoffIds, answerMix, seed);
        if (sameAnswers(next, answers)) break;
        answers = next;
        result = await api.simulate({ journey, journeyId, start: startIso, until, leads, events, answers, ...scored });
      }
      return result;
    },
    onSuccess: (result) => {
      setPickedLead('');
      setSimulation({ reached: reachedCounts(result.leads), path: null, ranFor: ranForRef.current ?? undefined });
    },
  });

  const leads = run.data?.leads ?? [];
  // Positions do not change what a run does; anything else makes its numbers out of date.
  const stale = run.data !== undefined && ranFor !== null && ranFor !== runKey({ nodes, edges, settings });
  const outcomes = useMemo(() => outcomeCounts(leads), [leads]);
  const picked: SimulatedLead | undefined = leads.find((l) => l.id === pickedLead);
  const visibleLeads = filterOutcome ? leads.filter((l) => (l.outcome ?? 'in journey') === filterOutcome) : leads;
  const totalSends = leads.reduce((sum, l) => sum + l.sends.length, 0);
  const tallies = useMemo(() => sendTallies(leads), [leads]);

  function pick(id: string) {
    setPickedLead(id);
    const lead = leads.find((l) => l.id === id);
    const edges = useEditorStore.getState().edges;
    const current = useEditorStore.getState().simulation;
    setSimulation({ ...current, reached: reachedCounts(leads), path: lead ? pathOf(lead, edges) : null });
  }

  return (
    <div className="simulate">
      <form
        className="simulate__setup"
        onSubmit={(event) => {
          event.preventDefault();
          run.mutate();
        }}
      >
        <h3>Test leads</h3>
        <div className="grid-2">
          <label className="field">
            <span>Leads</span>
            <input type="number" min={1} max={10000} value={count} onChange={(e) => setCount(Math.min(10000, Math.max(1, Number(e.target.value) || 1)))} />
          </label>
          <label className="field">
            <span>Seed</span>
            <input type="number" value={seed} onChange={(e) => setSeed(Number(e.target.value) || 0)} />
          </label>
          <label className="field">
            <span>Start (UTC)</span>
            <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} />
          </label>
          <label className="field">
            <span>Run for</span>
            <select value={until} onChange={(e) => setUntil(e.target.value)}>
              <option value="P7D">7 days</option>
              <option value="P14D">14 days</option>
              <option value="P30D">30 days</option>
              <option value="P60D">60 days</option>
              <option value="P90D">90 days</option>
              <option value="P180D">180 days</option>
            </select>
          </label>
        </div>
        <label className="field">
          <span>Entries spread over (hours)</span>
          <input type="number" min={0} value={spreadHours} onChange={(e) => setSpreadHours(Math.max(0, Number(e.target.value) || 0))} />
        </label>
        <p className="muted">
          Each lead gets a <code>{entryEventType(currentJourney())}</code> event; scores, industries, countries, time zones and consents vary.
        </p>
        {scoring && (
          <p className="muted" data-testid="simulate-scoring">
            Scored by the saved scoring model ({scoring.rules.length} {scoring.rules.length === 1 ? 'rule' : 'rules'}).
            {raising.length > 0 && <> The trigger reads the score, so 40 % of leads also do each thing the model gives points for: {raising.map((e) => e.type).join(', ')}.</>}
          </p>
        )}
        <h3>Later events</h3>
        <table className="events-table">
          <thead>
            <tr>
              <th>Event</th>
              <th>Hours after entry</th>
              <th>% of leads</th>
              <th>Props (k=v, …)</th>
              <th>Times</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {extraEvents.map((extra, index) => {
              const update = (patch: Partial<ExtraEvent>) => setExtraEvents(extraEvents.map((e, i) => (i === index ? { ...e, ...patch } : e)));
              return (
                <tr key={index}>
                  <td>
                    <input aria-label="Event type" list="event-types" value={extra.type} onChange={(e) => update({ type: e.target.value })} />
                  </td>
                  <td>
                    <input aria-label="Hours after entry" type="number" min={0} value={extra.afterHours} onChange={(e) => update({ afterHours: Number(e.target.value) || 0 })} />
                  </td>
                  <td>
                    <input aria-label="Percent of leads" type="number" min={0} max={100} value={extra.percent} onChange={(e) => update({ percent: Number(e.target.value) || 0 })} />
                  </td>
                  <td>
                    <input aria-label="Event props" value={extra.props} placeholder="url=/pricing" onChange={(e) => update({ props: e.target.value })} />
                  </td>
                  <td>
                    <input aria-label="Times per lead" type="number" min={1} max={20} value={extra.times ?? 1} onChange={(e) => update({ times: Math.max(1, Math.min(20, Number(e.target.value) || 1)) })} />
                  </td>
                  <td>
                    <button type="button" className="icon-button" aria-label="Remove event" onClick={() => setExtraEvents(extraEvents.filter((_, i) => i !== index))}>
                      ×
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="condition__add">
          <button type="button" className="link-button" onClick={() => setExtraEvents([...extraEvents, { type: 'email_clicked', afterHours: 48, percent: 20, props: '' }])}>
            + event
          </button>
          <button type="button" className="link-button" onClick={() => setExtraEvents(suggestedEvents(currentJourney()))}>
            Suggest from the journey
          </button>
        </div>
        {hasHandoff && (
          <>
            <h3>Sales answers to handoffs</h3>
            <div className="answer-mix">
              {(['accepted', 'recycled', 'disqualified'] as const).map((key) => (
                <label key={key} className="field">
                  <span>% {key}</span>
                  <input
                    type="number"
                    min={0}
                    max={100}
                    value={answerMix[key]}
                    onChange={(e) => setAnswerMix({ ...answerMix, [key]: Math.max(0, Math.min(100, Number(e.target.value) || 0)) })}
                  />
                </label>
              ))}
              <label className="field">
                <span>after (hours)</span>
                <input type="number" min={0} value={answerMix.afterHours} onChange={(e) => setAnswerMix({ ...answerMix, afterHours: Math.max(0, Number(e.target.value) || 0) })} />
              </label>
              <label className="field">
                <span>recycled back after (days)</span>
                <input
                  type="number"
                  min={1}
                  placeholder="as drawn"
                  title="When sales asks a recycled lead back: its next handoff opens no earlier. Empty: when the journey brings it back."
                  value={answerMix.returnAfterDays ?? ''}
                  onChange={(e) => setAnswerMix({ ...answerMix, returnAfterDays: Number(e.target.value) > 0 ? Math.round(Number(e.target.value)) : null })}
                />
              </label>
            </div>
            <p className="muted">
              The other {Math.max(0, 100 - answerMix.accepted - answerMix.recycled - answerMix.disqualified)}% get no answer and leave by SLA expired.
            </p>
          </>
        )}
        <div className="simulate__actions">
          <button type="submit" className="button button--primary" disabled={run.isPending || blocking > 0}>
            {run.isPending ? 'Running…' : `Simulate ${count.toLocaleString()} leads`}
          </button>
          {blocking > 0 && <span className="muted">Fix {blocking} error(s) first.</span>}
          {run.data && (
            <button
              type="button"
              className="button"
              onClick={() => {
                setSimulation(null);
                setPickedLead('');
                run.reset();
              }}
            >
              Clear results
            </button>
          )}
        </div>
        {run.error && <p className="problem problem--error">{describeError(run.error)}</p>}
      </form>

      <div className="simulate__output">
      {stale && <p className="problem problem--warning">The journey changed since this run; simulate again for current numbers.</p>}
      {!run.data && <p className="muted">Run a simulation to see how many leads reach each step, their outcomes, and each lead's path and sends.</p>}
      {run.data && (
        <div className="simulate__summary">
        <div className="simulate__results">
          <h3>Outcomes</h3>
          <table className="outcomes">
            <tbody>
              {outcomes.map(([outcome, n]) => (
                <tr key={outcome} className={filterOutcome === outcome ? 'is-active' : ''}>
                  <td>
                    <button type="button" className="link-button" onClick={() => setFilterOutcome(filterOutcome === outcome ? '' : outcome)}>
                      {outcome}
                    </button>
                  </td>
                  <td className="num">{n.toLocaleString()}</td>
                  <td className="num muted">{Math.round((n / leads.length) * 100)}%</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">{totalSends.toLocaleString()} sends in total. Node badges show how many leads reached each step.</p>
        </div>
          <label className="field">
            <span>Follow one lead{filterOutcome ? ` (${filterOutcome})` : ''}</span>
            <select value={pickedLead} onChange={(e) => pick(e.target.value)} aria-label="Follow one lead">
              <option value="">Pick a lead…</option>
              {visibleLeads.slice(0, 500).map((lead) => (
                <option key={lead.id} value={lead.id}>
                  {lead.id} · {lead.outcome ?? 'in journey'} · {lead.sends.length} sends
                </option>
              ))}
            </select>
          </label>
        </div>
      )}

      {run.data && tallies.length > 0 && (
        <div>
          <h3>Sends by step</h3>
          <div className="simulate__table">
          <table className="sends-table">
            <thead>
              <tr>
                <th>Step</th>
                <th>Channel</th>
                <th>Template</th>
                <th className="num">Sent</th>
                <th className="num">Suppressed</th>
                <th className="num">Capped</th>
                <th className="num">Failed</th>
              </tr>
            </thead>
            <tbody>
              {tallies.map((tally) => (
                <tr key={`${tally.nodeId}-${tally.template}`}>
                  <td>{labelOf(tally.nodeId)}</td>
                  <td>{channelText(tally.channel)}</td>
                  <td>{tally.template}</td>
                  {(['sent', 'suppressed', 'capped', 'failed'] as const).map((status) => (
                    <td key={status} className="num">
                      {(tally.byStatus[status] ?? 0).toLocaleString()}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </div>
      )}

      {picked && (
        <div className="simulate__lead">
          <h3>{picked.id}</h3>
          <ol className="path-list">
            {picked.path.map((step, index) => (
              <li key={index}>
                <time>{formatTime(step.at)}</time> <strong>{labelOf(step.nodeId)}</strong>
                {step.handle && <span className="muted"> → {step.handle}</span>}
              </li>
            ))}
          </ol>
          <div className="simulate__table">
          <table className="sends-table">
            <thead>
              <tr>
                <th>Time (UTC)</th>
                <th>Step</th>
                <th>Channel</th>
                <th>Template</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {picked.sends.length === 0 && (
                <tr>
                  <td colSpan={5} className="muted">
                    No sends.
                  </td>
                </tr>
              )}
              {picked.sends.map((send, index) => (
                <tr key={index}>
                  <td>{formatTime(send.at)}</td>
                  <td>{labelOf(send.nodeId)}</td>
                  <td>{channelText(send.channel)}</td>
                  <td>{send.template}</td>
                  <td>
                    <span className={`status status--${send.status}`}>{send.status}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </div>
      )}
      </div>
    </div>
  );
}

function formatTime(iso: string): string {
  return iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, '');
}

function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 404) return 'The server has no simulator yet (POST /api/simulate answered 404).';
    if (error.status === 422) return `The journey has problems: ${error.problems.map((p) => p.message).join('; ')}`;
    return error.message;
  }
  return 'The simulation failed.';
}
