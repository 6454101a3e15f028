/**
 * How a trigger naming a saved segment reads on its card and in review: the segment's name and
 * how many leads are in it now (`GET /api/segments` counts them when asked). Before the
 * segments have loaded, or for one deleted since, the id stands in for the name.
 */

export interface SavedSegmentInfo {
  name: string;
  count: number;
}

export type SavedSegments = ReadonlyMap<string, SavedSegmentInfo>;

export function savedSegmentText(id: string, segments: SavedSegments | undefined): string {
  const segment = segments?.get(id);
  if (!segment) return `Leads in saved segment “${id}”`;
  return `Leads in segment “${segment.name}” (${segment.count.toLocaleString('en-US')} now)`;
}
