import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { readToken } from './api/client.js';
import { EditorPage } from './editor/EditorPage.js';
import { JourneyListPage } from './pages/JourneyListPage.js';
import { LoginPage } from './pages/LoginPage.js';
import { PeoplePages } from './people/PeoplePages.js';
import { EditorOrReview, HomeFor } from './people/RoleGate.js';
import { useRoute } from './routes.js';

export function App() {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: false } } }));
  const route = useRoute();
  const page =
    route.page === 'login' || (route.page === 'list' && !readToken()) ? (
      <LoginPage />
    ) : route.page === 'editor' ? (
      <EditorOrReview id={route.id}>
        <EditorPage id={route.id} example={route.example} />
      </EditorOrReview>
    ) : route.page !== 'list' ? (
      <PeoplePages route={route} />
    ) : (
      <HomeFor>
        <JourneyListPage />
      </HomeFor>
    );
  return <QueryClientProvider client={client}>{page}</QueryClientProvider>;
}
