import { can } from './roles.js';
import { peopleLinks } from './routes.js';
import { resultsLink } from '../results/results-route.js';
import { useMe } from './use-me.js';

/** The journey list's links for the other roles: review and (once published) results for everyone who reads, the live view for operators. */
export function JourneyRowLinks({ id, publishedVersion }: { id: string; publishedVersion: number | null }) {
  const role = useMe().data?.role;
  return (
    <span className="row-links">
      {can(role, 'readJourneys') && <a href={peopleLinks.review(id, publishedVersion)}>Review</a>}
      {can(role, 'readJourneys') && publishedVersion !== null && <a href={resultsLink(id)}>Results</a>}
      {can(role, 'operate') && <a href={peopleLinks.operate(id)}>Live view</a>}
    </span>
  );
}

/** Shows its children only to a role that may edit journeys (the API refuses the others). */
export function EditorsOnly({ children }: { children: React.ReactNode }) {
  const role = useMe().data?.role;
  return can(role, 'editJourneys') ? <>{children}</> : null;
}

/** Where a journey's name leads: the editor for those who edit, the review for those who read. */
export function useJourneyHref(): (id: string, publishedVersion: number | null) => string {
  const role = useMe().data?.role;
  return (id, publishedVersion) =>
    role === undefined || can(role, 'editJourneys') ? `#/journeys/${encodeURIComponent(id)}` : peopleLinks.review(id, publishedVersion);
}

/** Links to the pages besides the journeys that the role may use (on the journey list's top bar). */
export function OtherPagesNav() {
  const role = useMe().data?.role;
  const pages = (['readLeads', 'readSegments', 'readScoring', 'importLeads', 'readTemplates', 'writeSenders', 'readQueues', 'workSalesQueue', 'manageTokens'] as const).filter((what) => can(role, what));
  if (pages.length === 0) return null;
  return (
    <nav className="people-nav" aria-label="Pages">
      {can(role, 'readLeads') && <a href={peopleLinks.leads()}>Leads</a>}
      {can(role, 'readSegments') && <a href={peopleLinks.segments}>Segments</a>}
      {can(role, 'readScoring') && <a href={peopleLinks.scoring}>Scoring</a>}
      {can(role, 'importLeads') && <a href={peopleLinks.import}>Import</a>}
      {can(role, 'readTemplates') && <a href={peopleLinks.messages}>Messages</a>}
      {can(role, 'writeSenders') && <a href={peopleLinks.senders}>Senders</a>}
      {can(role, 'readQueues') && <a href={peopleLinks.queues}>Queues</a>}
      {can(role, 'workSalesQueue') && <a href={peopleLinks.sales}>Sales desk</a>}
      {can(role, 'manageTokens') && <a href={peopleLinks.tokens}>Tokens</a>}
      {can(role, 'manageTokens') && <a href={peopleLinks.webhooks}>Webhooks</a>}
    </nav>
  );
}
