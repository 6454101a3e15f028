import { MiniMap, useStore, type ReactFlowState } from '@xyflow/react';
import { useRef } from 'react';
import type { NodeType as JourneyNodeType } from '@trellis/journey';
import { NODE_TYPE_INFO } from '../model/defaults.js';

const STRIP_WIDTH = 150;
const MIN_CANVAS_FOR_MAP = 1000;

/** Whether some step lies (partly) outside the visible canvas. */
function someStepOffScreen(state: ReactFlowState): boolean {
  const [x, y, zoom] = state.transform;
  if (state.width === 0 || state.height === 0) return false;
  for (const node of state.nodeLookup.values()) {
    const at = node.internals.positionAbsolute;
    const width = node.measured.width ?? 240;
    const height = node.measured.height ?? 110;
    const left = at.x * zoom + x;
    const top = at.y * zoom + y;
    if (left < 0 || top < 0 || left + width * zoom > state.width || top + height * zoom > state.height) return true;
  }
  return false;
}

/**
 * The minimap, docked in a strip beside the canvas rather than drawn over it, so it never
 * covers a card; shown only while part of the journey is off screen (with all of it in view
 * there is nothing to find). It sits outside <ReactFlow>, which the flow's provider allows.
 */
export function OverviewMap() {
  const offScreen = useStore(someStepOffScreen);
  const paneWidth = useStore((state: ReactFlowState) => state.width);
  const shown = useRef(false);
  // A canvas under 1000 px (both panels open, up to 1440 px) keeps its width for the cards: the map
  // appears once the panels are hidden or the window is wider. Measured as the canvas would be
  // without the strip, so showing it never hides it again.
  shown.current = offScreen && paneWidth + (shown.current ? STRIP_WIDTH : 0) >= MIN_CANVAS_FOR_MAP;
  if (!shown.current) return null;
  return (
    <div className="canvas__map">
      <MiniMap
        pannable
        zoomable
        nodeColor={(node) => NODE_TYPE_INFO[(node.type ?? 'exit') as JourneyNodeType]?.color ?? '#94a3b8'}
        nodeStrokeWidth={3}
        // Outside <ReactFlow> the flow's colour variables do not reach the map: say them here.
        bgColor="#ffffff"
        maskColor="rgba(226, 232, 240, 0.7)"
        maskStrokeColor="#94a3b8"
        ariaLabel="Minimap"
        style={{ width: STRIP_WIDTH - 16, height: 96 }}
      />
    </div>
  );
}
