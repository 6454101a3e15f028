import { createContext, useContext, type ReactNode } from 'react';

/**
 * What a page shows on each node beyond the document: review puts comment badges there,
 * operations live counts. The editor provides nothing, so nodes there are unchanged.
 */
export const NodeExtrasContext = createContext<((nodeId: string) => ReactNode) | null>(null);

export function NodeExtras({ nodeId }: { nodeId: string }) {
  const render = useContext(NodeExtrasContext);
  return render ? <>{render(nodeId)}</> : null;
}
