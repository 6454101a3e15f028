import { useQuery } from '@tanstack/react-query';
import { peopleApi } from '../api/people.js';
import { attributeFields, telHref } from './attribute-fields.js';
import { ScoreCard } from './ScoreCard.js';
import { engagementBySend, journeyName, leadJourneyText, shortTime, timelineText } from './timeline-text.js';

/**
 * A lead: who they are, the journeys they are in, and everything that happened to them, newest
 * first. `named={false}` leaves out the heading when the card around it already names the lead.
 */
export function LeadProfile({ leadId, timelineLimit, named = true }: { leadId: string; timelineLimit?: number; named?: boolean }) {
  const lead = useQuery({ queryKey: ['lead', leadId], queryFn: () => peopleApi.lead(leadId), retry: false });
  const timeline = useQuery({ queryKey: ['lead', leadId, 'timeline'], queryFn: () => peopleApi.timeline(leadId), retry: false });
  if (lead.error) return <p className="problem problem--error">{lead.error.message}</p>;
  if (!lead.data) return <p className="muted">Loading…</p>;
  const l = lead.data;
  const allItems = timeline.data?.items ?? [];
  const sends = engagementBySend(allItems);
  const items = [...allItems].reverse().slice(0, timelineLimit ?? Infinity);
  const attributes = attributeFields(l.attributes);
  // A lead in several journeys: each line says which one it belongs to.
  const manyJourneys = new Set(allItems.map((item) => item.journeyId).filter((id) => typeof id === 'string')).size > 1;
  return (
    <section className="lead-profile" aria-label={`Lead ${l.id}`}>
      {named && <h3 className="lead-profile__name">{l.email ?? l.id}</h3>}
      <dl className="readout__settings">
        {!named && l.email && (
          <div>
            <dt>Email</dt>
            <dd>
              <a href={`mailto:${l.email}`}>{l.email}</a>
            </dd>
          </div>
        )}
        <div>
          <dt>Lead id</dt>
          <dd>{l.id}</dd>
        </div>
        <div>
          <dt>Score</dt>
          <dd>{l.score}</dd>
        </div>
        <div>
          <dt>Stage</dt>
          <dd>{l.stage ?? '—'}</dd>
        </div>
        {l.phone && (
          <div>
            <dt>Phone</dt>
            <dd>
              <a href={telHref(l.phone)}>{l.phone}</a>
            </dd>
          </div>
        )}
        {l.owner && (
          <div>
            <dt>Owner</dt>
            <dd>{l.owner}</dd>
          </div>
        )}
        {attributes.map(([key, value]) => (
          <div key={key}>
            <dt>{key}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <ScoreCard leadId={l.id} />
      {l.journeys.length > 0 && (
        <ul className="lead-journeys muted" aria-label="Journeys">
          {l.journeys.map((j, i) => (
            <li key={i}>{leadJourneyText(j)}</li>
          ))}
        </ul>
      )}
      <h3 className="readout__heading">Timeline</h3>
      <ol className="timeline" data-testid="lead-timeline">
        {items.map((item, i) => (
          <li key={i} className={`timeline__item timeline__item--${item.kind}`}>
            <time dateTime={item.at}>{shortTime(item.at)}</time>{' '}
            <span>
              {timelineText(item, sends)}
              {manyJourneys && typeof item.journeyId === 'string' && <span className="timeline__journey"> · {journeyName(item)}</span>}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
