import type { Condition } from '@trellis/journey';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { audienceApi, type Segment } from '../api/audience.js';
import { describeCondition } from '../model/condition-text.js';
import { can } from '../people/roles.js';
import { peopleLinks } from '../people/routes.js';
import { PeopleTopBar } from '../people/TopBar.js';
import { useMe } from '../people/use-me.js';
import { DeleteSegmentDialog } from './DeleteSegmentDialog.js';
import { serverProblems } from './segment-edit.js';
import { SegmentForm } from './SegmentForm.js';
import './audience.css';

const STARTING_CONDITION: Condition = { attr: 'industry', op: 'eq', value: '' };

type SegmentList = { segments: Segment[]; nextCursor: string | null };

/**
 * Saved segments with their counts now. A marketer makes one from a condition built as in a
 * journey, edits one in place (its count is the server's answer to the edit), and deletes one
 * after a confirmation that names the journeys depending on it.
 */
export function SegmentsPage() {
  const role = useMe().data?.role;
  const writes = can(role, 'writeSegments');
  const client = useQueryClient();
  const segments = useQuery({ queryKey: ['segments'], queryFn: audienceApi.segments, retry: false, refetchInterval: 10_000 });
  const [formKey, setFormKey] = useState(0);
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Segment | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: ({ name, condition }: { name: string; condition: Condition }) => audienceApi.createSegment(name, condition),
    onSuccess: (saved) => {
      setFormKey((k) => k + 1);
      setNotice(`Saved “${saved.name}”: ${countText(saved.count)} now.`);
      void client.invalidateQueries({ queryKey: ['segments'] });
    },
  });
  const edit = useMutation({
    mutationFn: ({ id, name, condition }: { id: string; name: string; condition: Condition }) => audienceApi.editSegment(id, name, condition),
    onSuccess: (saved) => {
      // The edit's answer carries the count now: the row shows it at once, before the list is asked again.
      client.setQueryData<SegmentList>(['segments'], (list) => list && { ...list, segments: list.segments.map((s) => (s.id === saved.id ? saved : s)) });
      setEditing(null);
      setNotice(`Saved “${saved.name}”: ${countText(saved.count)} now.`);
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
          {notice && (
            <p className="muted" role="status">
              {notice}
            </p>
          )}
          {segments.data?.segments.length === 0 && <p className="muted">No segment yet.</p>}
          <ul className="segment-list" aria-label="Segments">
            {segments.data?.segments.map((segment) =>
              editing === segment.id ? (
                <li key={segment.id} className="segment-list__editing" aria-label={`Editing ${segment.name}`}>
                  <SegmentForm
                    idPrefix={`Edit ${segment.name}:`}
                    initialName={segment.name}
                    initialCondition={segment.condition}
                    submitLabel="Save changes"
                    pending={edit.isPending}
                    refused={edit.error ? serverProblems(edit.error) : null}
                    onSubmit={(name, condition) => edit.mutate({ id: segment.id, name, condition })}
                    onCancel={() => {
                      edit.reset();
                      setEditing(null);
                    }}
                  />
                </li>
              ) : (
                <li key={segment.id}>
                  <strong>{segment.name}</strong>
                  <span className="segment-list__count" aria-label={`${segment.name} count`}>
                    {countText(segment.count)}
                  </span>
                  <span className="muted segment-list__condition">{describeCondition(segment.condition)}</span>
                  <span className="topbar__spacer" />
                  <a href={peopleLinks.leads(segment.id)}>Open its leads</a>
                  {writes && (
                    <>
                      <button
                        type="button"
                        className="link-button"
                        aria-label={`Edit ${segment.name}`}
                        onClick={() => {
                          edit.reset();
                          setNotice(null);
                          setEditing(segment.id);
                        }}
                      >
                        Edit
                      </button>
                      <button type="button" className="link-button link-button--danger" aria-label={`Delete ${segment.name}`} onClick={() => setDeleting(segment)}>
                        Delete
                      </button>
                    </>
                  )}
                </li>
              ),
            )}
          </ul>
        </section>
        {writes && (
          <section>
            <h2>New segment</h2>
            <SegmentForm
              key={formKey}
              initialCondition={STARTING_CONDITION}
              submitLabel="Save segment"
              pending={create.isPending}
              refused={create.error ? serverProblems(create.error) : null}
              onSubmit={(name, condition) => create.mutate({ name, condition })}
            />
          </section>
        )}
      </main>
      {deleting && (
        <DeleteSegmentDialog
          segment={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            client.setQueryData<SegmentList>(['segments'], (list) => list && { ...list, segments: list.segments.filter((s) => s.id !== deleting.id) });
            setNotice(`Deleted “${deleting.name}”.`);
            setDeleting(null);
            void client.invalidateQueries({ queryKey: ['segments'] });
          }}
        />
      )}
    </div>
  );
}

function countText(count: number): string {
  return `${count.toLocaleString()} ${count === 1 ? 'lead' : 'leads'}`;
}
