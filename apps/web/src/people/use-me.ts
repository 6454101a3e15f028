import { useQuery } from '@tanstack/react-query';
import { peopleApi } from '../api/people.js';

/** The signed-in token's name and role; pages show and hide by it. */
export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: () => peopleApi.me(), retry: false, staleTime: 60_000 });
}
