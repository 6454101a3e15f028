import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.js';

/**
 * The stored templates, shared by the template picker and live validation (one query, one
 * cache entry). Null when the server has no template route; undefined while loading or after
 * a failure, when neither offers nor checks templates.
 */
export function useTemplates() {
  return useQuery({ queryKey: ['templates'], queryFn: api.templates, retry: false, staleTime: 60_000 });
}
