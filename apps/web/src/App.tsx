import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { readToken, subscribeToken } from './api/client.js';
import { EditorPage } from './editor/EditorPage.js';
import { useEditorStore } from './store/editor-store.js';
import { JourneyListPage } from './pages/JourneyListPage.js';
import { LoginPage } from './pages/LoginPage.js';
import { PeoplePages } from './people/PeoplePages.js';
import { EditorOrReview, HomeFor, RoleOnly } from './people/RoleGate.js';
import { ResultsPage } from './results/ResultsPage.js';
import { useRoute } from './routes.js';

export function App() {
  // A session per token: signing out or in as someone else drops the query cache and remounts
  // every page (the key below), so the next person never sees the previous one's role or data.
  const token = useSyncExternalStore(subscribeToken, readToken);
  const client = useMemo(() => newSessionClient(token), [token]);
  useEffect(() => () => client.clear(), [client]);
  const route = useRoute();
  const page =
    route.page === 'login' || (route.page === 'list' && !token) ? (
      <LoginPage />
    ) : route.page === 'editor' ? (
      <EditorOrReview id={route.id}>
        <EditorPage id={route.id} example={route.example} />
      </EditorOrReview>
    ) : route.page === 'results' ? (
      <RoleOnly what="readJourneys" title="Results">
        <ResultsPage id={route.id} version={route.version} from={route.from} to={route.to} />
      </RoleOnly>
    ) : route.page !== 'list' ? (
      <PeoplePages route={route} />
    ) : (
      <HomeFor>
        <JourneyListPage />
      </HomeFor>
    );
  return (
    <QueryClientProvider key={token ?? 'signed out'} client={client}>
      {page}
    </QueryClientProvider>
  );
}

/** `_token` only names what a session is per: the memo above makes one per token. */
function newSessionClient(_token: string | null): QueryClient {
  // The editor's store outlives pages: a draft open for the previous person goes with them.
  // Reset here, while rendering, not in an effect: the new session's pages mount below and load
  // into the store in their own effects, which run before an effect of this component would.
  useEditorStore.setState(useEditorStore.getInitialState(), true);
  return new QueryClient({ defaultOptions: { queries: { retry: false } } });
}
