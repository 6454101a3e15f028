import './content.css';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { queuesApi, type Queue } from '../api/content.js';
import { PeopleTopBar } from '../people/TopBar.js';
import { can } from '../people/roles.js';
import { useMe } from '../people/use-me.js';

/**
 * Sales queues: who a round-robin handoff to a queue goes to, in turn, and how many handoffs
 * each person holds open now. Operators and admins change the members and their order.
 */
export function QueuesPage() {
  const role = useMe().data?.role;
  const writable = can(role, 'writeQueues');
  const queues = useQuery({ queryKey: ['queues'], queryFn: queuesApi.list, retry: false });
  const [newName, setNewName] = useState('');
  const [fresh, setFresh] = useState<string[]>([]);
  const names = new Set(queues.data?.queues.map((q) => q.name) ?? []);
  const shown: Queue[] = [...(queues.data?.queues ?? []), ...fresh.filter((n) => !names.has(n)).map((name) => ({ name, members: [], openHandoffs: [] }))];
  return (
    <div className="app-shell">
      <PeopleTopBar title="Sales queues" />
      <main className="list-page">
        <p className="muted">
          A handoff step set to <strong>round robin</strong> gives each new lead to the next person of its queue, in the order below.
        </p>
        {queues.error && <p className="problem problem--error">{queues.error.message}</p>}
        {queues.data && shown.length === 0 && <p className="muted">No queues yet.</p>}
        {shown.map((queue) => (
          <QueueCard key={queue.name} queue={queue} writable={writable} />
        ))}
        {writable && (
          <form
            className="token-form"
            onSubmit={(event) => {
              event.preventDefault();
              const name = newName.trim();
              if (name) setFresh([...fresh, name]);
              setNewName('');
            }}
          >
            <label className="field">
              <span>New queue</span>
              <input value={newName} onChange={(e) => setNewName(e.target.value)} placeholder="inside-sales" />
            </label>
            <button type="submit" className="button" disabled={!newName.trim()}>
              Add queue
            </button>
          </form>
        )}
      </main>
    </div>
  );
}

function QueueCard({ queue, writable }: { queue: Queue; writable: boolean }) {
  const client = useQueryClient();
  const [members, setMembers] = useState(queue.members);
  const [adding, setAdding] = useState('');
  const changed = members.join('\n') !== queue.members.join('\n');
  const save = useMutation({
    mutationFn: () => queuesApi.setMembers(queue.name, members),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['queues'] }),
  });
  const openOf = (member: string) => queue.openHandoffs.find((h) => h.assignee === member)?.open ?? 0;
  const others = queue.openHandoffs.filter((h) => h.assignee === null || !members.includes(h.assignee));
  const move = (from: number, to: number) => {
    const next = [...members];
    const [member] = next.splice(from, 1);
    next.splice(to, 0, member!);
    setMembers(next);
  };
  return (
    <section className="queue-card" aria-label={`Queue ${queue.name}`}>
      <h2>{queue.name}</h2>
      <table className="journey-table">
        <thead>
          <tr>
            <th>Turn</th>
            <th>Member</th>
            <th>Open handoffs</th>
            {writable && <th />}
          </tr>
        </thead>
        <tbody>
          {members.map((member, i) => (
            <tr key={member}>
              <td>{i + 1}</td>
              <td>{member}</td>
              <td>{openOf(member)}</td>
              {writable && (
                <td>
                  <div className="queue-card__actions">
                  <button type="button" className="icon-button" aria-label={`Move ${member} up`} disabled={i === 0} onClick={() => move(i, i - 1)}>
                    ↑
                  </button>
                  <button type="button" className="icon-button" aria-label={`Move ${member} down`} disabled={i === members.length - 1} onClick={() => move(i, i + 1)}>
                    ↓
                  </button>
                  <button type="button" className="icon-button" aria-label={`Remove ${member}`} onClick={() => setMembers(members.filter((m) => m !== member))}>
                    ×
                  </button>
                  </div>
                </td>
              )}
            </tr>
          ))}
          {others.map((h) => (
            <tr key={`other-${h.assignee ?? ''}`} className="muted">
              <td>—</td>
              <td>{h.assignee ?? 'no one (the queue was empty)'}</td>
              <td>{h.open}</td>
              {writable && <td>not in the queue</td>}
            </tr>
          ))}
        </tbody>
      </table>
      {members.length === 0 && <p className="muted">No members: a handoff to this queue is opened for no one.</p>}
      {writable && (
        <form
          className="token-form"
          onSubmit={(event) => {
            event.preventDefault();
            const member = adding.trim();
            if (member && !members.includes(member)) setMembers([...members, member]);
            setAdding('');
          }}
        >
          <label className="field">
            <span>Add a member to {queue.name}</span>
            <input value={adding} onChange={(e) => setAdding(e.target.value)} placeholder="ana@acme.example" />
          </label>
          <button type="submit" className="button" disabled={!adding.trim()}>
            Add
          </button>
          <button type="button" className="button button--primary" disabled={!changed || save.isPending} onClick={() => save.mutate()}>
            Save {queue.name}
          </button>
          {save.error && <span className="problem problem--error">{save.error.message}</span>}
        </form>
      )}
    </section>
  );
}
