import { createContext, useContext } from 'react';

/**
 * Opens the canvas's "Add a step here" menu for one open path of a step, at a point on screen.
 * Provided by an editable canvas only: a read-only one (review, live view) offers no "+".
 */
export type OpenQuickAdd = (source: string, sourceHandle: string | null, clientX: number, clientY: number) => void;

export const QuickAddContext = createContext<OpenQuickAdd | null>(null);

export function useQuickAdd(): OpenQuickAdd | null {
  return useContext(QuickAddContext);
}
