import './people.css';
import { ReviewPage } from '../review/ReviewPage.js';
import { ComparePage } from '../review/ComparePage.js';
import { OperatePage } from '../operations/OperatePage.js';
import { SalesDesk } from '../sales/SalesDesk.js';
import { SettingsPage } from '../admin/SettingsPage.js';
import { TokensPage } from '../admin/TokensPage.js';
import { ImportPage } from '../audience/ImportPage.js';
import { LeadsPage } from '../audience/LeadsPage.js';
import { SegmentsPage } from '../audience/SegmentsPage.js';
import { ScoringPage } from '../audience/ScoringPage.js';
import { QueuesPage } from '../content/QueuesPage.js';
import { MessageLibraryPage } from '../content/MessageLibraryPage.js';
import { TemplateEditorPage } from '../content/editor/TemplateEditorPage.js';
import { SendersPage } from '../content/SendersPage.js';
import { WebhookSecretPage } from '../content/WebhookSecretPage.js';
import { RoleOnly } from './RoleGate.js';
import type { PeopleRoute } from './routes.js';
import { useMe } from './use-me.js';

/** The pages of reviewers, operators, sales and admins. */
export function PeoplePages({ route }: { route: PeopleRoute }) {
  switch (route.page) {
    case 'review':
      return <ReviewPage id={route.id} version={route.version} />;
    case 'compare':
      return <ComparePage id={route.id} from={route.from} to={route.to} />;
    case 'operate':
      return (
        <RoleOnly what="operate" title="Live view">
          <OperatePage id={route.id} />
        </RoleOnly>
      );
    case 'sales':
      return (
        <RoleOnly what="workSalesQueue" title="Sales desk">
          <SalesDesk />
        </RoleOnly>
      );
    case 'leads':
      return (
        <RoleOnly what="readLeads" title="Leads">
          <LeadsPage segment={route.segment} />
        </RoleOnly>
      );
    case 'segments':
      return (
        <RoleOnly what="readSegments" title="Segments">
          <SegmentsPage />
        </RoleOnly>
      );
    case 'scoring':
      return (
        <RoleOnly what="readScoring" title="Scoring">
          <ScoringPage />
        </RoleOnly>
      );
    case 'import':
      return (
        <RoleOnly what="importLeads" title="Import leads">
          <ImportPage />
        </RoleOnly>
      );
    case 'senders':
      return (
        <RoleOnly what="readSenders" title="Senders">
          <SendersPage />
        </RoleOnly>
      );
    case 'queues':
      return (
        <RoleOnly what="readQueues" title="Sales queues">
          <QueuesPage />
        </RoleOnly>
      );
    case 'webhooks':
      return (
        <RoleOnly what="manageTokens" title="Webhook signing">
          <WebhookSecretPage />
        </RoleOnly>
      );
    case 'settings':
      return (
        <RoleOnly what="manageTokens" title="Workspace settings">
          <SettingsPage />
        </RoleOnly>
      );
    case 'messages':
      return (
        <RoleOnly what="readTemplates" title="Message library">
          <MessageLibraryPage selected={route.id} />
        </RoleOnly>
      );
    case 'message-editor':
      return (
        <RoleOnly what="editTemplates" title="Message editor">
          <TemplateEditorPage id={route.id} channel={route.channel} />
        </RoleOnly>
      );
    case 'tokens':
      return (
        <RoleOnly what="manageTokens" title="API tokens">
          <TokensPage />
        </RoleOnly>
      );
  }
}
