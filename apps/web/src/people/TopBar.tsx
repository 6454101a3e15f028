import type { ReactNode } from 'react';
import { writeToken } from '../api/client.js';
import { navigate } from '../routes.js';
import { can } from './roles.js';
import { peopleLinks } from './routes.js';
import { useMe } from './use-me.js';

/** The top bar of the review, operations, sales and admin pages: where you are, who you are, where else you may go. */
/** `wrap`: a page with many controls lets the bar take a second row rather than run past the window's edge. */
export function PeopleTopBar({ title, children, wrap = false }: { title: ReactNode; children?: ReactNode; wrap?: boolean }) {
  const me = useMe();
  const role = me.data?.role;
  return (
    <header className={wrap ? 'topbar topbar--people topbar--wrap' : 'topbar topbar--people'}>
      <a className="brand" href="#/">
        <span className="brand__mark" aria-hidden>
          ⋔
        </span>
        Trellis
      </a>
      {/* The page's one h1: where you are. */}
      <h1 className="topbar__title">{title}</h1>
      {children}
      <div className="topbar__spacer" />
      <nav className="people-nav" aria-label="Pages">
        {can(role, 'readJourneys') && <a href="#/">Journeys</a>}
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
        {can(role, 'manageTokens') && <a href={peopleLinks.settings}>Settings</a>}
      </nav>
      {me.data && (
        <span className="muted people-me" title={`Signed in as ${me.data.name}`}>
          {me.data.name} · {me.data.role}
        </span>
      )}
      <SignOutButton />
    </header>
  );
}

/** Forgets the token and goes to the login page: the same on every top bar. */
export function SignOutButton() {
  return (
    <button
      type="button"
      className="button button--ghost"
      onClick={() => {
        writeToken(null);
        navigate('#/login');
      }}
    >
      Sign out
    </button>
  );
}
