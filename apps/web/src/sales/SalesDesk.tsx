import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { peopleApi, type Handoff, type SalesTask } from '../api/people.js';
import { LeadProfile } from '../people/LeadProfile.js';
import { PeopleTopBar } from '../people/TopBar.js';
import { countdownText } from './countdown.js';
import { earliestReturnDay, returnInstant, returnPresets, returnText } from './return-date.js';

function useNow(everyMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Sales: the open handoffs, soonest SLA first, with the lead's story; call and voicemail tasks to work through. */
export function SalesDesk() {
  const handoffs = useQuery({ queryKey: ['handoffs', 'open'], queryFn: () => peopleApi.handoffs('open'), retry: false, refetchInterval: 10_000 });
  const tasks = useQuery({ queryKey: ['tasks', 'open'], queryFn: () => peopleApi.tasks('open'), retry: false, refetchInterval: 10_000 });
  const returning = useQuery({ queryKey: ['handoffs', 'returning'], queryFn: () => peopleApi.returningHandoffs(), retry: false, refetchInterval: 60_000 });
  const [picked, setPicked] = useState<string | null>(null);
  const now = useNow();
  const list = handoffs.data?.handoffs ?? [];
  const current = list.find((h) => h.id === picked) ?? list[0] ?? null;
  return (
    <div className="app-shell">
      <PeopleTopBar title="Sales desk" />
      <div className="sales-desk">
        <section className="sales-desk__queue" aria-label="Open handoffs">
          <h2>Open handoffs ({list.length})</h2>
          {handoffs.error && <p className="problem problem--error">{handoffs.error.message}</p>}
          {handoffs.data && list.length === 0 && <p className="muted">No open handoffs. Well done.</p>}
          <ul className="queue">
            {list.map((h) => {
              const overdue = h.dueAt !== null && Date.parse(h.dueAt) < now;
              return (
                <li key={h.id}>
                  <button
                    type="button"
                    className={`queue__item ${current?.id === h.id ? 'is-selected' : ''}`}
                    onClick={() => setPicked(h.id)}
                    data-testid={`handoff-${h.leadId}`}
                  >
                    <strong>{h.leadId}</strong>
                    <span className={`sla ${overdue ? 'sla--overdue' : ''}`}>{countdownText(h.dueAt, now)}</span>
                    <span className="muted">
                      {h.queue ?? 'no queue'} · {h.assignee ?? 'unassigned'}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
          <h2>Tasks ({tasks.data?.tasks.length ?? 0})</h2>
          {tasks.error && <p className="problem problem--error">{tasks.error.message}</p>}
          <ul className="queue">
            {tasks.data?.tasks.map((task) => <TaskItem key={task.id} task={task} now={now} />)}
          </ul>
          <h2>Coming back ({returning.data?.handoffs.length ?? 0})</h2>
          {returning.error && <p className="problem problem--error">{returning.error.message}</p>}
          {returning.data && returning.data.handoffs.length === 0 && <p className="muted">No recycled leads waiting to come back.</p>}
          <ul className="queue" aria-label="Coming back">
            {returning.data?.handoffs.map((h) => (
              <li key={h.id} className="returning" data-testid={`returning-${h.leadId}`}>
                <strong>{h.leadId}</strong>
                <span>{h.returnAt ? returnText(h.returnAt, now) : ''}</span>
                <span className="muted">
                  Recycled{h.answeredBy ? ` by ${h.answeredBy}` : ''}
                  {h.note ? `: ${h.note}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </section>
        <section className="sales-desk__lead" aria-label="Handoff">
          {current ? <HandoffCard key={current.id} handoff={current} now={now} /> : <p className="muted">Pick a handoff to work on.</p>}
        </section>
      </div>
    </div>
  );
}

function HandoffCard({ handoff, now }: { handoff: Handoff; now: number }) {
  const client = useQueryClient();
  const [note, setNote] = useState('');
  const [bringBack, setBringBack] = useState('');
  const [mode, setMode] = useState<'accept' | 'recycle' | 'disqualify' | null>(null);
  const returnAt = bringBack ? returnInstant(bringBack) : null;
  const answer = useMutation({
    mutationFn: (action: 'accept' | 'recycle' | 'disqualify') =>
      peopleApi.answerHandoff(handoff.id, action, {
        ...(note.trim() && { note: note.trim() }),
        ...(action === 'recycle' && returnAt && { returnAt }),
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['handoffs'] });
      void client.invalidateQueries({ queryKey: ['lead', handoff.leadId] });
    },
  });
  return (
    <article className="handoff-card">
      <header className="handoff-card__head">
        <h2>{handoff.leadId}</h2>
        <span className={`sla ${handoff.dueAt && Date.parse(handoff.dueAt) < now ? 'sla--overdue' : ''}`}>{countdownText(handoff.dueAt, now)}</span>
      </header>
      <div className="button-group" role="group" aria-label="Answer">
        <button type="button" className={`button ${mode === 'accept' ? 'button--primary' : ''}`} onClick={() => setMode('accept')}>
          Accept
        </button>
        <button type="button" className={`button ${mode === 'recycle' ? 'button--primary' : ''}`} onClick={() => setMode('recycle')}>
          Recycle
        </button>
        <button type="button" className={`button ${mode === 'disqualify' ? 'button--primary' : ''}`} onClick={() => setMode('disqualify')}>
          Disqualify
        </button>
      </div>
      {mode && (
        <form
          className="handoff-card__answer"
          onSubmit={(event) => {
            event.preventDefault();
            answer.mutate(mode);
          }}
        >
          <label className="field">
            <span>Note (on the lead's timeline)</span>
            <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          {mode === 'recycle' && (
            <fieldset className="field return-date">
              <legend>When to bring the lead back</legend>
              <div className="button-group" role="group" aria-label="Bring back in">
                {returnPresets(now).map((preset) => (
                  <button
                    key={preset.label}
                    type="button"
                    className={`button ${bringBack === preset.day ? 'button--primary' : ''}`}
                    onClick={() => setBringBack(preset.day)}
                  >
                    {preset.label}
                  </button>
                ))}
              </div>
              <label className="field">
                <span>Bring the lead back on</span>
                <input type="date" min={earliestReturnDay(now)} value={bringBack} onChange={(e) => setBringBack(e.target.value)} />
              </label>
              <p className="muted" data-testid="return-explained">
                {returnAt
                  ? `The lead keeps getting the journey's nurture now, and comes back to sales at the journey's next handoff, no earlier than ${returnText(returnAt, now)}.`
                  : 'Leave empty to let the journey decide when the lead comes back.'}
              </p>
            </fieldset>
          )}
          <button type="submit" className="button button--primary" disabled={answer.isPending}>
            {mode === 'accept' ? 'Accept the lead' : mode === 'recycle' ? 'Recycle the lead' : 'Disqualify the lead'}
          </button>
          {answer.error && <p className="problem problem--error">{answer.error.message}</p>}
        </form>
      )}
      <LeadProfile leadId={handoff.leadId} timelineLimit={12} />
    </article>
  );
}

function TaskItem({ task, now }: { task: SalesTask; now: number }) {
  const client = useQueryClient();
  const [result, setResult] = useState('');
  const complete = useMutation({
    mutationFn: () => peopleApi.completeTask(task.id, result.trim() || undefined),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['tasks'] }),
  });
  return (
    <li className="task" data-testid={`task-${task.leadId}`}>
      <div>
        <strong>{task.kind === 'call' ? '☎ Call' : '✉ Voicemail'}</strong> {task.title} <span className="muted">· {task.leadId}</span>
      </div>
      <div className={`sla ${Date.parse(task.dueAt) < now ? 'sla--overdue' : ''}`}>{countdownText(task.dueAt, now)}</div>
      {task.script && <p className="task__script">{task.script}</p>}
      <form
        className="task__done"
        onSubmit={(event) => {
          event.preventDefault();
          complete.mutate();
        }}
      >
        <input aria-label="Result" placeholder="How it went" value={result} onChange={(e) => setResult(e.target.value)} />
        <button type="submit" className="button" disabled={complete.isPending}>
          Mark done
        </button>
      </form>
    </li>
  );
}
