import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { peopleApi, type Handoff, type SalesTask } from '../api/people.js';
import { LeadProfile } from '../people/LeadProfile.js';
import { PeopleTopBar } from '../people/TopBar.js';
import { countdownText, recycleNote } from './countdown.js';

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
  const answer = useMutation({
    mutationFn: (action: 'accept' | 'recycle' | 'disqualify') =>
      peopleApi.answerHandoff(handoff.id, action, action === 'recycle' ? recycleNote(note, bringBack) : note.trim() || undefined),
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
            <label className="field">
              <span>Bring the lead back on</span>
              <input type="date" value={bringBack} onChange={(e) => setBringBack(e.target.value)} />
            </label>
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
