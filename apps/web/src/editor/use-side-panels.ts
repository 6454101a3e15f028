import { useCallback, useState } from 'react';

/** Which side panels of the editor are open; remembered in localStorage across visits. */
export interface SidePanels {
  palette: boolean;
  inspector: boolean;
}

const KEY = 'trellis.editor.panels';
const ALL_OPEN: SidePanels = { palette: true, inspector: true };

export function readSidePanels(storage: Pick<Storage, 'getItem'> = localStorage): SidePanels {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(KEY) ?? 'null');
    if (parsed && typeof parsed === 'object') {
      const value = parsed as Partial<Record<keyof SidePanels, unknown>>;
      return { palette: value.palette !== false, inspector: value.inspector !== false };
    }
  } catch {
    // A value some other version wrote: start with both open.
  }
  return ALL_OPEN;
}

export function useSidePanels(): [SidePanels, (panel: keyof SidePanels) => void] {
  const [panels, setPanels] = useState(() => readSidePanels());
  const toggle = useCallback((panel: keyof SidePanels) => {
    setPanels((current) => {
      const next = { ...current, [panel]: !current[panel] };
      try {
        localStorage.setItem(KEY, JSON.stringify(next));
      } catch {
        // Private mode or a full quota: the panel still toggles, only not remembered.
      }
      return next;
    });
  }, []);
  return [panels, toggle];
}
