import type { SidePanels } from './use-side-panels.js';

/**
 * Two small buttons on the canvas's top corners that hide or show the palette and the
 * inspector. Hidden, a panel's button says its name ("Show steps"), so its accessible name is
 * the text on screen; shown, it is an arrow named for what it does.
 */
export function SidePanelToggles({ panels, toggle }: { panels: SidePanels; toggle: (panel: keyof SidePanels) => void }) {
  return (
    <>
      <button
        type="button"
        className="panel-toggle panel-toggle--left"
        aria-expanded={panels.palette}
        {...(panels.palette ? { 'aria-label': 'Hide steps', title: 'Hide the steps palette' } : {})}
        onClick={() => toggle('palette')}
      >
        {panels.palette ? '«' : 'Show steps'}
      </button>
      <button
        type="button"
        className="panel-toggle panel-toggle--right"
        aria-expanded={panels.inspector}
        {...(panels.inspector ? { 'aria-label': 'Hide inspector', title: 'Hide the inspector' } : {})}
        onClick={() => toggle('inspector')}
      >
        {panels.inspector ? '»' : 'Show inspector'}
      </button>
    </>
  );
}
