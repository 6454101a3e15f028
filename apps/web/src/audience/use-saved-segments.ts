import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { audienceApi, type Segment } from '../api/audience.js';
import type { SavedSegments } from '../model/saved-segment-text.js';

/**
 * The saved segments with their counts now, for the trigger's picker and the cards that name
 * one: one query, one cache entry. Undefined while loading or when the role may not read them.
 * `enabled` false asks nothing: counting segments is a pass over the leads, so only a view that
 * shows a saved segment asks.
 */
export function useSavedSegmentList(enabled = true): Segment[] | undefined {
  const query = useQuery({ queryKey: ['segments'], queryFn: audienceApi.segments, retry: false, staleTime: 30_000, enabled });
  return query.data?.segments;
}

export function useSavedSegments(enabled = true): SavedSegments | undefined {
  const list = useSavedSegmentList(enabled);
  return useMemo(() => (list ? new Map(list.map((s) => [s.id, { name: s.name, count: s.count }])) : undefined), [list]);
}
