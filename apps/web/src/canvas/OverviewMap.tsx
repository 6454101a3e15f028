import { MiniMap, Panel, useStore, type Node, type PanelPosition, type ReactFlowState } from '@xyflow/react';
import { useState } from 'react';
import type { NodeType as JourneyNodeType } from '@trellis/journey';
import { NODE_TYPE_INFO } from '../model/defaults.js';

const MAP_WIDTH = 150;
const MAP_HEIGHT = 100;
/** The panel's margin from the canvas's edges (React Flow's panels sit 15 px in). */
const MARGIN = 15;
/** The top corners start below the buttons that hide the side panels. */
const TOP_CLEARANCE = 40;

/**
 * Where the map may sit, in order of preference: the bottom-left corner holds the zoom
 * controls, the top corners start below the panel toggles.
 */
const CORNERS: readonly PanelPosition[] = ['bottom-right', 'top-right', 'top-left'];

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

function cornerBox(corner: PanelPosition, width: number, height: number): Box {
  const top = corner.startsWith('top') ? TOP_CLEARANCE : height - MARGIN - MAP_HEIGHT;
  const left = corner.endsWith('left') ? MARGIN : width - MARGIN - MAP_WIDTH;
  return { left, top, right: left + MAP_WIDTH, bottom: top + MAP_HEIGHT };
}

/** The steps' boxes on screen, in the canvas's pixels. */
function stepBoxes(state: ReactFlowState): Box[] {
  const [x, y, zoom] = state.transform;
  const boxes: Box[] = [];
  for (const node of state.nodeLookup.values()) {
    const at = node.internals.positionAbsolute;
    const left = at.x * zoom + x;
    const top = at.y * zoom + y;
    boxes.push({ left, top, right: left + (node.measured.width ?? 240) * zoom, bottom: top + (node.measured.height ?? 110) * zoom });
  }
  return boxes;
}

const overlaps = (a: Box, b: Box) => a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;

/**
 * What the map does now: hidden while the whole journey is in view (there is nothing to find),
 * else drawn in the first corner no step lies under, else (every corner holds a step) folded to
 * a small button. A string, so the store subscription re-renders only when it changes.
 */
export function mapPlace(state: ReactFlowState): 'none' | 'folded' | PanelPosition {
  const { width, height } = state;
  if (width === 0 || height === 0) return 'none';
  const steps = stepBoxes(state);
  const offScreen = steps.some((s) => s.left < 0 || s.top < 0 || s.right > width || s.bottom > height);
  if (!offScreen) return 'none';
  // A canvas too small to spare the map's corner keeps all of it for the cards.
  if (width < MAP_WIDTH * 3 || height < MAP_HEIGHT * 3) return 'folded';
  return CORNERS.find((corner) => !steps.some((s) => overlaps(s, cornerBox(corner, width, height)))) ?? 'folded';
}

/**
 * The minimap (issue 18): drawn over the canvas, so the canvas keeps its whole width, in a
 * corner where it covers no step. As the journey is panned or zoomed it moves to another free
 * corner; when every corner holds a step it folds to a "Map" button, and a map opened by hand
 * stays until closed. Inside <ReactFlow>, so it reads the flow's state and colours.
 */
export function OverviewMap({
  nodeColor = (node) => NODE_TYPE_INFO[(node.type ?? 'exit') as JourneyNodeType]?.color ?? '#94a3b8',
  ariaLabel = 'Minimap',
}: {
  nodeColor?: (node: Node) => string;
  ariaLabel?: string;
} = {}) {
  const place = useStore(mapPlace);
  const [opened, setOpened] = useState(false);
  if (place === 'none') return null;
  if (place === 'folded' && !opened) {
    return (
      <Panel position="bottom-right">
        <button type="button" className="button canvas__map-toggle" aria-expanded={false} onClick={() => setOpened(true)} title="Show the minimap over the canvas">
          Map
        </button>
      </Panel>
    );
  }
  const corner = place === 'folded' ? 'bottom-right' : place;
  return (
    <>
      <MiniMap
        pannable
        zoomable
        position={corner}
        className={corner.startsWith('top') ? 'canvas__map canvas__map--top' : 'canvas__map'}
        nodeColor={nodeColor}
        nodeStrokeWidth={3}
        bgColor="#ffffff"
        maskColor="rgba(226, 232, 240, 0.7)"
        maskStrokeColor="#94a3b8"
        ariaLabel={ariaLabel}
        style={{ width: MAP_WIDTH, height: MAP_HEIGHT }}
      />
      {place === 'folded' && (
        <Panel position="bottom-right" style={{ marginBottom: MARGIN + MAP_HEIGHT + 6 }}>
          <button type="button" className="button canvas__map-toggle" aria-expanded onClick={() => setOpened(false)} title="Fold the minimap away">
            Hide map
          </button>
        </Panel>
      )}
    </>
  );
}
