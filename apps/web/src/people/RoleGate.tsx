import type { ReactNode } from 'react';
import { ReviewPage } from '../review/ReviewPage.js';
import { SalesDesk } from '../sales/SalesDesk.js';
import { can, type CAN } from './roles.js';
import { PeopleTopBar } from './TopBar.js';
import { useMe } from './use-me.js';

/**
 * The home page by role: sales, who cannot read journeys, start at their desk. Nothing is shown
 * until the role is known, so the journey list never asks on behalf of a role the API refuses.
 */
export function HomeFor({ children }: { children: ReactNode }) {
  const me = useMe();
  if (me.isPending) return <div className="app-shell" />;
  return me.data?.role === 'sales' ? <SalesDesk /> : <>{children}</>;
}

/**
 * A saved journey opened by someone who may not edit it opens read-only, for review; a new one
 * is refused them like any page they may not use.
 */
export function EditorOrReview({ id, children }: { id: string | null; children: ReactNode }) {
  const me = useMe();
  const role = me.data?.role;
  // Neither page is mounted before the role is known: the editor would load what the review shows.
  if (me.isPending) return <div className="app-shell" />;
  if (id !== null && role !== undefined && !can(role, 'editJourneys')) return <ReviewPage id={id} version={null} />;
  // One shape for a new journey and a stored one: saving a new journey moves the address to its
  // id, and a different wrapper there would mount the editor afresh, losing what was open on
  // it (the publish review that Publish on a never-saved journey opens after saving).
  return (
    <RoleOnly what="editJourneys" title={id === null ? 'New journey' : 'Edit journey'}>
      {children}
    </RoleOnly>
  );
}

/**
 * A page the signed-in role may not use says so, rather than showing the API's refusals. The
 * page is not mounted until the role is known, so it asks nothing the API would refuse; when
 * `me` itself fails (a stale token, no server), the page shows its own errors.
 */
export function RoleOnly({ what, title, children }: { what: keyof typeof CAN; title: string; children: ReactNode }) {
  const me = useMe();
  const role = me.data?.role;
  if (me.isPending) {
    return (
      <div className="app-shell">
        <PeopleTopBar title={title} />
      </div>
    );
  }
  if (role === undefined || can(role, what)) return <>{children}</>;
  return (
    <div className="app-shell">
      <PeopleTopBar title={title} />
      <main className="list-page">
        <p className="problem problem--error" role="alert">
          The {role} role cannot use this page. <a href="#/">Go to your start page</a>.
        </p>
      </main>
    </div>
  );
}

