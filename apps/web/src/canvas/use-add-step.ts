import type { NodeType } from '@trellis/journey';
import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import { exitDataAfter } from '../model/exit-outcome.js';
import { placeAfter, stepToAddAfter } from '../model/placement.js';
import { useEditorStore } from '../store/editor-store.js';

const CARD = { width: 240, height: 110 };

/**
 * The palette's click: the step goes after the selected step (or the last one with an open
 * path), connected and placed beside it, and the view pans to it when it is off screen. With
 * nothing to follow (an empty canvas) it lands in the middle of the view.
 */
export function useAddStep(): (type: NodeType) => void {
  const flow = useReactFlow();
  return useCallback(
    (type: NodeType) => {
      const state = useEditorStore.getState();
      const canvas = document.querySelector('.canvas')?.getBoundingClientRect();
      const after = type === 'trigger' ? null : stepToAddAfter(state.nodes, state.edges);
      let position;
      if (after) {
        const placed = placeAfter(after, state.nodes, state.edges, state.direction);
        const data = type === 'exit' ? exitDataAfter(placed.sourceHandle) : null;
        state.addConnectedNode(type, placed.position, placed.source, placed.sourceHandle, data ?? undefined);
        position = placed.position;
      } else {
        const center = canvas
          ? flow.screenToFlowPosition({ x: canvas.left + canvas.width / 2, y: canvas.top + canvas.height / 2 })
          : { x: 0, y: 0 };
        position = { x: Math.round(center.x - CARD.width / 2), y: Math.round(center.y - CARD.height / 2) };
        state.addNode(type, position);
      }
      if (!canvas) return;
      const topLeft = flow.flowToScreenPosition(position);
      const bottomRight = flow.flowToScreenPosition({ x: position.x + CARD.width, y: position.y + CARD.height });
      const visible = topLeft.x >= canvas.left && topLeft.y >= canvas.top && bottomRight.x <= canvas.right && bottomRight.y <= canvas.bottom;
      if (!visible) void flow.setCenter(position.x + CARD.width / 2, position.y + CARD.height / 2, { zoom: flow.getZoom(), duration: 250 });
    },
    [flow],
  );
}
