import type { Condition } from '@trellis/journey';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { audienceApi } from '../api/audience.js';
import { ConditionBuilder } from '../inspector/ConditionBuilder.js';
import { describeCondition } from '../model/condition-text.js';
import { can } from '../people/roles.js';
import { peopleLinks } from '../people/routes.js';
import { PeopleTopBar } from '../people/TopBar.js';
import { useMe } from '../people/use-me.js';
import './audience.css';

const STARTING_CONDITION: Condition = { attr: 'industry', op: 'eq', value: '' };

/** Saved segments with their counts now; a marketer makes one from a condition built as in a journey. */
export function SegmentsPage() {
  const role = useMe().data?.role;
  const client = useQueryClient();
  const segments = useQuery({ queryKey: ['segments'], queryFn: audienceApi.segments, retry: false, refetchInterval: 10_000 });
  const [name, setName] = useState('');
  const [condition, setCondition] = useState<Condition>(STARTING_CONDITION);
  const create = useMutation({
    mutationFn: () => audienceApi.createSegment(name.trim(), condition),
    onSuccess: () => {
      setName('');
      void client.invalidateQueries({ queryKey: ['segments'] });
    },
  });
  return (
    <div className="app-shell">
      <PeopleTopBar title="Segments" />
      <main className="list-page segments-page">
        <section>
          <h2>Segments</h2>
          {segments.error && <p className="problem problem--error">{segments.error.message}</p>}
          {segments.data?.segments.length === 0 && <p className="muted">No segment yet.</p>}
          <ul className="segment-list" aria-label="Segments">
            {segments.data?.segments.map((segment) => (
              <li key={segment.id}>
                <strong>{segment.name}</strong>
                <span className="segment-list__count" aria-label={`${segment.name} count`}>
                  {segment.count.toLocaleString()} {segment.count === 1 ? 'lead' : 'leads'}
                </span>
                <span className="muted">{describeCondition(segment.condition)}</span>
                <span className="topbar__spacer" />
                <a href={peopleLinks.leads(segment.id)}>Open its leads</a>
              </li>
            ))}
          </ul>
        </section>
        {can(role, 'writeSegments') && (
          <section>
            <h2>New segment</h2>
            <form
              onSubmit={(event) => {
                event.preventDefault();
                if (name.trim()) create.mutate();
              }}
            >
              <label className="field">
                <span>Name</span>
                <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Retail MQLs" aria-label="Segment name" />
              </label>
              <div className="leads-condition">
                <ConditionBuilder value={condition} onChange={setCondition} />
              </div>
              {create.error && (
                <p className="problem problem--error" role="alert">
                  {create.error.message}
                </p>
              )}
              <button type="submit" className="button" disabled={!name.trim() || create.isPending}>
                Save segment
              </button>
            </form>
          </section>
        )}
      </main>
    </div>
  );
}
