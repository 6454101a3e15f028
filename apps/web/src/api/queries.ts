import type { Journey } from '@trellis/journey';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type PublishRequest } from './client.js';

export const journeyKeys = {
  list: ['journeys'] as const,
  one: (id: string) => ['journeys', id] as const,
  versions: (id: string) => ['journeys', id, 'versions'] as const,
};

export function useVersions(id: string | null, publishedVersion: number | null) {
  return useQuery({
    // Keyed by the latest version too, so publishing lists the new one.
    queryKey: [...journeyKeys.versions(id ?? ''), publishedVersion],
    queryFn: () => api.versions(id!),
    enabled: id !== null && publishedVersion !== null,
    retry: false,
  });
}

export function useJourneyList() {
  return useQuery({ queryKey: journeyKeys.list, queryFn: api.listJourneys, retry: false });
}

export function useStoredJourney(id: string | null) {
  return useQuery({
    queryKey: journeyKeys.one(id ?? ''),
    queryFn: () => api.getJourney(id!),
    enabled: id !== null,
    retry: false,
    // The editor owns the document once loaded; refetching would overwrite unsaved work.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

/** Creates the journey the first time, then saves its draft with PUT. */
export function useSaveDraft() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, journey }: { id: string | null; journey: Journey }) =>
      id === null ? api.createJourney(journey) : api.saveJourney(id, journey),
    onSuccess: (stored) => {
      client.setQueryData(journeyKeys.one(stored.id), stored);
      void client.invalidateQueries({ queryKey: journeyKeys.list, exact: true });
    },
  });
}

export function usePublish() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string } & PublishRequest) => api.publish(id, body),
    onSuccess: (_result, { id }) => {
      void client.invalidateQueries({ queryKey: journeyKeys.one(id) });
      void client.invalidateQueries({ queryKey: journeyKeys.list, exact: true });
    },
  });
}

export function useLifecycle() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'pause' | 'resume' | 'archive' }) => api.lifecycle(id, action),
    onSuccess: (summary, { id }) => {
      client.setQueryData(journeyKeys.one(id), (old: unknown) =>
        old && typeof old === 'object' ? { ...old, status: summary.status, publishedVersion: summary.publishedVersion } : old,
      );
      void client.invalidateQueries({ queryKey: journeyKeys.list, exact: true });
    },
  });
}
