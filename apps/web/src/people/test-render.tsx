import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { Role } from '../api/people.js';

/**
 * Renders as a signed-in role: the `me` answer, and any `answers` given (query key → data), are
 * already known, so the page shows them without a request. What a click sends is e2e's to test.
 */
export function renderAs(role: Role, ui: ReactNode, answers: Array<[readonly unknown[], unknown]> = []) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity, refetchInterval: false } } });
  client.setQueryData(['me'], { name: `${role} person`, role });
  for (const [key, data] of answers) client.setQueryData(key, data);
  return render(<QueryClientProvider client={client}>{ui}</QueryClientProvider>);
}
