import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { peopleApi, type Handoff, type SalesTask } from '../api/people.js';
import { LeadProfile } from '../people/LeadProfile.js';
import { can } from '../people/roles.js';
import { PeopleTopBar } from '../people/TopBar.js';
import { useMe } from '../people/use-me.js';
import { answerText } from './answer-text.js';
import { DeskFilters } from './DeskFilters.js';
import { filterDesk, NO_FILTER, queuesOf, type DeskFilter } from './desk-filter.js';
import { slaState, taskDueState, type DueState } from './countdown.js';
import { leadSubtitle, leadTitle } from './lead-label.js';
import { earliestReturnDay, latestReturnDay, returnDayProblem, returnInstant, returnPresets, returnRefusalText, returnText } from './return-date.js';

function useNow(everyMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

type DeskTab = 'handoffs' | 'tasks' | 'returning';

/** After an item is worked, the one to show next: the one after it in the list, else the one before. */
export function nextAfter<T extends { id: string }>(list: readonly T[], done: string): string | null {
  const index = list.findIndex((item) => item.id === done);
  if (index < 0) return null;
  return (list[index + 1] ?? list[index - 1])?.id ?? null;
}

/**
 * Sales: the open handoffs (soonest SLA first), call and voicemail tasks, and recycled leads
 * coming back, each a tab of the left column so none hides below another; the picked item
 * and its lead's story on the right.
 */
export function SalesDesk() {
  // Only sales may read the queue: any other role asks nothing (RoleOnly says why).
  const me = useMe();
  const allowed = can(me.data?.role, 'workSalesQueue');
  const [filter, setFilter] = useState<DeskFilter>(NO_FILTER);
  const handoffs = useQuery({ queryKey: ['handoffs', 'open'], queryFn: () => peopleApi.handoffs('open'), enabled: allowed, retry: false, refetchInterval: 10_000 });
  const tasks = useQuery({ queryKey: ['tasks', 'open'], queryFn: () => peopleApi.tasks('open'), enabled: allowed, retry: false, refetchInterval: 10_000 });
  const returning = useQuery({
    queryKey: ['handoffs', 'returning'],
    queryFn: () => peopleApi.returningHandoffs(),
    enabled: allowed,
    retry: false,
    refetchInterval: 60_000,
  });
  const [tab, setTab] = useState<DeskTab>('handoffs');
  const [picked, setPicked] = useState<Record<DeskTab, string | null>>({ handoffs: null, tasks: null, returning: null });
  // An object, so the same words twice still count as a new notice to move focus to.
  const [notice, setNoticeState] = useState<{ text: string } | null>(null);
  const setNotice = (text: string | null) => setNoticeState(text === null ? null : { text });
  const noticeRef = useRef<HTMLDivElement>(null);
  // The worked item's card is gone; focus goes to the confirmation rather than falling to the page.
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);
  const now = useNow();
  const handoffList = filterDesk(handoffs.data?.handoffs ?? [], filter, me.data?.name);
  const taskList = filterDesk(tasks.data?.tasks ?? [], filter, me.data?.name);
  const returningList = filterDesk(returning.data?.handoffs ?? [], filter, me.data?.name);
  const pick = (which: DeskTab, id: string | null) => setPicked((p) => ({ ...p, [which]: id }));
  const currentHandoff = handoffList.find((h) => h.id === picked.handoffs) ?? handoffList[0] ?? null;
  const currentTask = taskList.find((t) => t.id === picked.tasks) ?? taskList[0] ?? null;
  const currentReturning = returningList.find((h) => h.id === picked.returning) ?? returningList[0] ?? null;

  const tabButton = (which: DeskTab, label: string, count: number | undefined) => (
    <button
      type="button"
      role="tab"
      id={`desk-tab-${which}`}
      aria-controls="desk-list"
      aria-selected={tab === which}
      // The ARIA tabs pattern: one Tab stop for the row, arrow keys (and Home/End) move along it.
      tabIndex={tab === which ? 0 : -1}
      className={tab === which ? 'tab is-active' : 'tab'}
      onClick={() => setTab(which)}
      onKeyDown={(event) => {
        const next = tabAfterKey(which, event.key);
        if (!next) return;
        event.preventDefault();
        setTab(next);
        document.getElementById(`desk-tab-${next}`)?.focus();
      }}
    >
      {label} <span className="tab__count">{count ?? '…'}</span>
    </button>
  );

  return (
    <div className="app-shell">
      <PeopleTopBar title="Sales desk" />
      <main className="sales-desk">
        <section className="sales-desk__queue" aria-label="Sales queue">
          <div className="tabs sales-desk__tabs" role="tablist" aria-label="Lists">
            {tabButton('handoffs', 'Handoffs', handoffs.data && handoffList.length)}
            {tabButton('tasks', 'Tasks', tasks.data && taskList.length)}
            {tabButton('returning', 'Coming back', returning.data && returningList.length)}
          </div>
          <DeskFilters filter={filter} queues={queuesOf([...(handoffs.data?.handoffs ?? []), ...(returning.data?.handoffs ?? [])])} onChange={setFilter} />
          <div className="sales-desk__list" id="desk-list" role="tabpanel" aria-labelledby={`desk-tab-${tab}`}>
            {tab === 'handoffs' && (
              <>
                {handoffs.error && <p className="problem problem--error">{handoffs.error.message}</p>}
                {handoffs.data && handoffList.length === 0 && <p className="muted">{filter === NO_FILTER ? 'No open handoffs. Well done.' : 'No open handoff matches the filter.'}</p>}
                <ul className="queue" aria-label="Open handoffs">
                  {handoffList.map((h) => (
                    <QueueItem
                      key={h.id}
                      testId={`handoff-${h.leadId}`}
                      selected={currentHandoff?.id === h.id}
                      onPick={() => pick('handoffs', h.id)}
                      title={leadTitle(h.leadId, h.lead)}
                      due={slaState(h.dueAt, now)}
                      lines={[leadSubtitle(h.lead), `${h.queue ?? 'no queue'} · ${h.assignee ?? 'unassigned'}`]}
                    />
                  ))}
                </ul>
              </>
            )}
            {tab === 'tasks' && (
              <>
                {tasks.error && <p className="problem problem--error">{tasks.error.message}</p>}
                {tasks.data && taskList.length === 0 && <p className="muted">{filter === NO_FILTER ? 'No open tasks.' : 'No open task matches the filter.'}</p>}
                <ul className="queue" aria-label="Open tasks">
                  {taskList.map((task) => (
                    <QueueItem
                      key={task.id}
                      testId={`task-${task.leadId}`}
                      selected={currentTask?.id === task.id}
                      onPick={() => pick('tasks', task.id)}
                      title={
                        <>
                          <TaskIcon kind={task.kind} /> {task.title}
                        </>
                      }
                      due={taskDueState(task, now)}
                      lines={[[leadTitle(task.leadId, task.lead), leadSubtitle(task.lead)].filter(Boolean).join(' · ')]}
                    />
                  ))}
                </ul>
              </>
            )}
            {tab === 'returning' && (
              <>
                {returning.error && <p className="problem problem--error">{returning.error.message}</p>}
                {returning.data && returningList.length === 0 && <p className="muted">No recycled leads waiting to come back.</p>}
                <ul className="queue" aria-label="Coming back">
                  {returningList.map((h) => (
                    <QueueItem
                      key={h.id}
                      testId={`returning-${h.leadId}`}
                      className="returning"
                      selected={currentReturning?.id === h.id}
                      onPick={() => pick('returning', h.id)}
                      title={leadTitle(h.leadId, h.lead)}
                      lines={[
                        leadSubtitle(h.lead),
                        h.returnAt ? `Back ${returnText(h.returnAt, now)}` : '',
                        `Recycled${h.answeredBy ? ` by ${h.answeredBy}` : ''}${h.note ? `: ${h.note}` : ''}`,
                      ]}
                    />
                  ))}
                </ul>
              </>
            )}
          </div>
        </section>
        <section className="sales-desk__lead" aria-label={tab === 'tasks' ? 'Task' : tab === 'returning' ? 'Coming back' : 'Handoff'}>
          {notice && (
            <div className="desk-notice" ref={noticeRef} tabIndex={-1}>
              <p role="status">✓ {notice.text}</p>
              <button type="button" className="desk-notice__close" aria-label="Dismiss" onClick={() => setNotice(null)}>
                ×
              </button>
            </div>
          )}
          {tab === 'handoffs' &&
            (currentHandoff ? (
              <HandoffCard
                key={currentHandoff.id}
                handoff={currentHandoff}
                now={now}
                onAnswered={(answered) => {
                  pick('handoffs', nextAfter(handoffList, currentHandoff.id));
                  setNotice(answerText(answered));
                }}
              />
            ) : (
              handoffs.data && <p className="muted">Pick a handoff to work on.</p>
            ))}
          {tab === 'tasks' &&
            (currentTask ? (
              <TaskCard
                key={currentTask.id}
                task={currentTask}
                now={now}
                onDone={(done) => {
                  pick('tasks', nextAfter(taskList, currentTask.id));
                  setNotice(`Done: ${done.title}${done.result ? ` — ${done.result}` : ''}`);
                }}
              />
            ) : (
              tasks.data && <p className="muted">No task to work on.</p>
            ))}
          {tab === 'returning' && currentReturning && (
            <article className="handoff-card">
              <CardHead title={leadTitle(currentReturning.leadId, currentReturning.lead)} subtitle={leadSubtitle(currentReturning.lead)} />
              <p className="muted">
                {currentReturning.returnAt ? `Comes back ${returnText(currentReturning.returnAt, now)}.` : ''} Recycled
                {currentReturning.answeredBy ? ` by ${currentReturning.answeredBy}` : ''}
                {currentReturning.note ? `: ${currentReturning.note}` : '.'}
              </p>
              <LeadProfile leadId={currentReturning.leadId} timelineLimit={12} named={false} />
            </article>
          )}
        </section>
      </main>
    </div>
  );
}

function QueueItem(props: {
  testId: string;
  selected: boolean;
  onPick: () => void;
  title: ReactNode;
  due?: DueState;
  lines: string[];
  className?: string;
}) {
  return (
    <li>
      <button
        type="button"
        className={`queue__item ${props.className ?? ''} ${props.selected ? 'is-selected' : ''}`}
        aria-current={props.selected || undefined}
        onClick={props.onPick}
        data-testid={props.testId}
      >
        <span className="queue__top">
          <strong className="queue__title">{props.title}</strong>
          {props.due && <span className={`sla ${props.due.overdue ? 'sla--overdue' : ''}`}>{props.due.text}</span>}
        </span>
        {props.lines
          .filter((line) => line)
          .map((line, i) => (
            <span key={i} className="muted queue__line">
              {line}
            </span>
          ))}
      </button>
    </li>
  );
}

/**
 * Call: a handset; voicemail: the two-reel sign phones show for it, drawn, since its character
 * (✇) is missing or tiny in many fonts.
 */
function TaskIcon({ kind }: { kind: SalesTask['kind'] }) {
  if (kind === 'call') {
    return (
      <span className="task__icon" role="img" aria-label="Call task">
        ☎
      </span>
    );
  }
  return (
    <span className="task__icon" role="img" aria-label="Voicemail task">
      <svg viewBox="0 0 24 14" width="1.1em" height="0.7em" aria-hidden fill="none" stroke="currentColor" strokeWidth="2.4">
        <circle cx="6" cy="7" r="4.6" />
        <circle cx="18" cy="7" r="4.6" />
        <path d="M6 11.6h12" />
      </svg>
    </span>
  );
}

function CardHead({ title, subtitle, due }: { title: ReactNode; subtitle: string; due?: DueState }) {
  return (
    <header className="handoff-card__head">
      <div>
        <h2>{title}</h2>
        {subtitle && <p className="muted handoff-card__sub">{subtitle}</p>}
      </div>
      {due && <span className={`sla ${due.overdue ? 'sla--overdue' : ''}`}>{due.text}</span>}
    </header>
  );
}

function HandoffCard({ handoff, now, onAnswered }: { handoff: Handoff; now: number; onAnswered: (answered: Handoff) => void }) {
  const client = useQueryClient();
  const [note, setNote] = useState('');
  const [bringBack, setBringBack] = useState('');
  const [mode, setMode] = useState<'accept' | 'recycle' | 'disqualify' | null>(null);
  const dayProblem = returnDayProblem(bringBack, now);
  const returnAt = bringBack && !dayProblem ? returnInstant(bringBack) : null;
  const answer = useMutation({
    mutationFn: (action: 'accept' | 'recycle' | 'disqualify') =>
      peopleApi.answerHandoff(handoff.id, action, {
        ...(note.trim() && { note: note.trim() }),
        ...(action === 'recycle' && returnAt && { returnAt }),
      }),
    onSuccess: (answered) => {
      onAnswered(answered);
      void client.invalidateQueries({ queryKey: ['handoffs'] });
      void client.invalidateQueries({ queryKey: ['lead', handoff.leadId] });
    },
  });
  return (
    <article className="handoff-card">
      <CardHead title={leadTitle(handoff.leadId, handoff.lead)} subtitle={leadSubtitle(handoff.lead)} due={slaState(handoff.dueAt, now)} />
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
                <input
                  type="date"
                  min={earliestReturnDay(now)}
                  max={latestReturnDay(now)}
                  value={bringBack}
                  onChange={(e) => setBringBack(e.target.value)}
                  aria-invalid={dayProblem ? true : undefined}
                  aria-describedby="return-explained"
                />
              </label>
              {dayProblem ? (
                <p className="problem problem--error" id="return-explained" data-testid="return-explained">
                  {dayProblem}
                </p>
              ) : (
                <p className="muted" id="return-explained" data-testid="return-explained">
                  {returnAt
                    ? `The lead keeps getting the journey's nurture now, and comes back to sales at the journey's next handoff, no earlier than ${returnText(returnAt, now)}.`
                    : 'Leave empty to let the journey decide when the lead comes back.'}
                </p>
              )}
            </fieldset>
          )}
          <button type="submit" className="button button--primary" disabled={answer.isPending || (mode === 'recycle' && dayProblem !== null)}>
            {mode === 'accept' ? 'Accept the lead' : mode === 'recycle' ? 'Recycle the lead' : 'Disqualify the lead'}
          </button>
          {answer.error && <p className="problem problem--error">{returnRefusalText(answer.error.message)}</p>}
        </form>
      )}
      <LeadProfile leadId={handoff.leadId} timelineLimit={12} named={false} />
    </article>
  );
}

function TaskCard({ task, now, onDone }: { task: SalesTask; now: number; onDone: (done: SalesTask) => void }) {
  const client = useQueryClient();
  const [result, setResult] = useState('');
  const complete = useMutation({
    mutationFn: () => peopleApi.completeTask(task.id, result.trim() || undefined),
    onSuccess: (done) => {
      onDone(done);
      void client.invalidateQueries({ queryKey: ['tasks'] });
      void client.invalidateQueries({ queryKey: ['lead', task.leadId] });
    },
  });
  const lead = [leadTitle(task.leadId, task.lead), leadSubtitle(task.lead)].filter(Boolean).join(' · ');
  return (
    <article className="handoff-card">
      <CardHead
        title={
          <>
            <TaskIcon kind={task.kind} /> {task.title}
          </>
        }
        subtitle={`${task.kind === 'call' ? 'Call' : 'Voicemail'} task for ${lead}${task.assignee ? ` · ${task.assignee}` : ''}`}
        due={taskDueState(task, now)}
      />
      {task.script && <p className="task__script">{task.script}</p>}
      <form
        className="task__done"
        onSubmit={(event) => {
          event.preventDefault();
          complete.mutate();
        }}
      >
        <input aria-label="Result" placeholder="How it went, e.g. left a voicemail" value={result} onChange={(e) => setResult(e.target.value)} />
        <button type="submit" className="button button--primary" disabled={complete.isPending}>
          Mark done
        </button>
      </form>
      {complete.error && <p className="problem problem--error">{complete.error.message}</p>}
      <LeadProfile leadId={task.leadId} timelineLimit={12} named={false} />
    </article>
  );
}

const DESK_TABS: readonly DeskTab[] = ['handoffs', 'tasks', 'returning'];

/** The tab an arrow, Home or End key moves to from `from`, wrapping round; null for other keys. */
export function tabAfterKey(from: DeskTab, key: string): DeskTab | null {
  const at = DESK_TABS.indexOf(from);
  if (key === 'ArrowRight') return DESK_TABS[(at + 1) % DESK_TABS.length]!;
  if (key === 'ArrowLeft') return DESK_TABS[(at + DESK_TABS.length - 1) % DESK_TABS.length]!;
  if (key === 'Home') return DESK_TABS[0]!;
  if (key === 'End') return DESK_TABS[DESK_TABS.length - 1]!;
  return null;
}
