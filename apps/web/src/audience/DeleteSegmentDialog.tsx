import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { audienceApi, type Segment } from '../api/audience.js';
import { ApiError } from '../api/client.js';

interface NamedJourney {
  journeyId: string;
  journeyName: string;
}

function JourneyLinks({ journeys, label }: { journeys: NamedJourney[]; label: string }) {
  return (
    <ul className="segment-delete__journeys" aria-label={label}>
      {journeys.map((j) => (
        <li key={j.journeyId}>
          <a href={`#/journeys/${encodeURIComponent(j.journeyId)}`}>{j.journeyName}</a>
        </li>
      ))}
    </ul>
  );
}

/**
 * Asks before a segment is deleted, saying what depends on it: the published journeys whose
 * trigger names it keep it (the server refuses with 409 `segment_in_use`, so Delete is not
 * offered), drafts naming it will need another trigger before they publish, and no lead is
 * deleted with it. A refusal that arrives anyway (a journey published meanwhile) names its journeys.
 */
export function DeleteSegmentDialog({ segment, onDeleted, onClose }: { segment: Segment; onDeleted: () => void; onClose: () => void }) {
  const titleId = useId();
  const textId = useId();
  const cancelButton = useRef<HTMLButtonElement>(null);
  const usage = useQuery({ queryKey: ['segments', segment.id, 'journeys'], queryFn: () => audienceApi.segmentJourneys(segment.id), retry: false, staleTime: 0 });
  const remove = useMutation({ mutationFn: () => audienceApi.deleteSegment(segment.id), onSuccess: onDeleted });

  useEffect(() => {
    const before = document.activeElement;
    cancelButton.current?.focus();
    return () => {
      if (before instanceof HTMLElement && before.isConnected) before.focus();
    };
  }, []);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Escape' && !remove.isPending) {
      event.preventDefault();
      onClose();
    }
  }

  const refusal = remove.error instanceof ApiError && remove.error.code === 'segment_in_use' ? remove.error : null;
  const refusedBy = (refusal?.problems ?? []) as unknown as NamedJourney[];
  const published = refusedBy.length > 0 ? refusedBy : (usage.data?.published ?? []);
  const publishedIds = new Set(published.map((j) => j.journeyId));
  const drafts = (usage.data?.drafts ?? []).filter((j) => !publishedIds.has(j.journeyId));
  const held = published.length > 0;
  const leads = `${segment.count.toLocaleString()} ${segment.count === 1 ? 'lead is' : 'leads are'}`;

  return (
    <div className="modal-backdrop">
      <div className="modal segment-delete" role="alertdialog" aria-modal="true" aria-labelledby={titleId} aria-describedby={textId} onKeyDown={onKeyDown}>
        <h2 id={titleId}>Delete segment “{segment.name}”?</h2>
        <p id={textId}>{leads} in it now. Deleting the segment deletes no lead: only its name and condition go.</p>
        {usage.isPending && <p className="muted">Looking for journeys that use it…</p>}
        {usage.error && (
          <p className="problem problem--error" role="alert">
            Cannot tell which journeys use it: {usage.error.message}
          </p>
        )}
        {held && (
          <div className="problem problem--error" role="alert">
            <p>
              It cannot be deleted: {published.length === 1 ? 'this published journey enters' : 'these published journeys enter'} its leads.
              Give {published.length === 1 ? 'it' : 'them'} another trigger and publish, or archive {published.length === 1 ? 'it' : 'them'}, first.
            </p>
            <JourneyLinks journeys={published} label="Published journeys using it" />
          </div>
        )}
        {drafts.length > 0 && (
          <div className="problem problem--warning">
            <p>{drafts.length === 1 ? 'This draft names it in its trigger' : 'These drafts name it in their trigger'}: they will need another trigger before they can be published.</p>
            <JourneyLinks journeys={drafts} label="Drafts naming it" />
          </div>
        )}
        {usage.isSuccess && !held && drafts.length === 0 && <p>No journey’s trigger names it.</p>}
        {remove.error && !refusal && (
          <p className="problem problem--error" role="alert">
            {remove.error.message}
          </p>
        )}
        <div className="modal__actions">
          <button ref={cancelButton} type="button" className="button" onClick={onClose} disabled={remove.isPending}>
            {held ? 'Close' : 'Cancel'}
          </button>
          {!held && (
            <button type="button" className="button button--danger" onClick={() => remove.mutate()} disabled={remove.isPending || usage.isPending}>
              {remove.isPending ? 'Deleting…' : 'Delete segment'}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
