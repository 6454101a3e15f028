import './people.css';
import { ReviewPage } from '../review/ReviewPage.js';
import { ComparePage } from '../review/ComparePage.js';
import { OperatePage } from '../operations/OperatePage.js';
import { SalesDesk } from '../sales/SalesDesk.js';
import { TokensPage } from '../admin/TokensPage.js';
import type { PeopleRoute } from './routes.js';

/** The pages of reviewers, operators, sales and admins. */
export function PeoplePages({ route }: { route: PeopleRoute }) {
  switch (route.page) {
    case 'review':
      return <ReviewPage id={route.id} version={route.version} />;
    case 'compare':
      return <ComparePage id={route.id} from={route.from} to={route.to} />;
    case 'operate':
      return <OperatePage id={route.id} />;
    case 'sales':
      return <SalesDesk />;
    case 'tokens':
      return <TokensPage />;
  }
}
