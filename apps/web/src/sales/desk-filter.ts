/**
 * The sales desk's filters: "mine" (assigned to the signed-in person, by the name their token
 * carries, which is how round robin names queue members) and one queue. Tasks belong to no
 * queue, so the queue filter leaves them as they are.
 */
export interface DeskFilter {
  mine: boolean;
  queue: string | null;
}

export const NO_FILTER: DeskFilter = { mine: false, queue: null };

export function filterDesk<T extends { assignee: string | null; queue?: string | null }>(items: readonly T[], filter: DeskFilter, myName: string | undefined): T[] {
  const me = myName?.trim().toLowerCase();
  return items.filter((item) => {
    if (filter.mine && (!me || item.assignee?.trim().toLowerCase() !== me)) return false;
    if (filter.queue !== null && 'queue' in item && item.queue !== filter.queue) return false;
    return true;
  });
}

/** The queues the listed handoffs come from, in name order. */
export function queuesOf(items: ReadonlyArray<{ queue: string | null }>): string[] {
  return [...new Set(items.map((i) => i.queue).filter((q): q is string => q !== null))].sort();
}
