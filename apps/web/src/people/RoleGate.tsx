import type { ReactNode } from 'react';
import { ReviewPage } from '../review/ReviewPage.js';
import { SalesDesk } from '../sales/SalesDesk.js';
import { can } from './roles.js';
import { useMe } from './use-me.js';

/** The home page by role: sales, who cannot read journeys, start at their desk. */
export function HomeFor({ children }: { children: ReactNode }) {
  const role = useMe().data?.role;
  return role === 'sales' ? <SalesDesk /> : <>{children}</>;
}

/** A saved journey opened by someone who may not edit it opens read-only, for review. */
export function EditorOrReview({ id, children }: { id: string | null; children: ReactNode }) {
  const role = useMe().data?.role;
  if (id !== null && role !== undefined && !can(role, 'editJourneys')) return <ReviewPage id={id} version={null} />;
  return <>{children}</>;
}
