import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { Role } from '../api/people.js';

/** Renders as a signed-in role: the `me` answer is already known, so no request is made for it. */
export function renderAs(role: Role, ui: ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  client.setQueryData(['me'], { name: `${role} person`, role });
  return render(<QueryClientProvider client={client}>{ui}</QueryClientProvider>);
}
