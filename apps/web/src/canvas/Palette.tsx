import { NODE_TYPES, type NodeType } from '@trellis/journey';
import type { DragEvent } from 'react';
import { NODE_TYPE_INFO } from '../model/defaults.js';

export const DRAG_MIME = 'application/x-trellis-node';

/** Every node type: drag one onto the canvas, or press it to add it in the middle of the view. */
export function Palette({ onAdd }: { onAdd: (type: NodeType) => void }) {
  function onDragStart(event: DragEvent, type: NodeType) {
    event.dataTransfer.setData(DRAG_MIME, type);
    event.dataTransfer.effectAllowed = 'move';
  }
  return (
    <aside className="palette" aria-label="Node palette">
      <h2 className="panel-title">Add a step</h2>
      <p className="palette__hint">Drag onto the canvas, or click to add.</p>
      <ul>
        {NODE_TYPES.map((type) => {
          const info = NODE_TYPE_INFO[type];
          return (
            <li key={type}>
              <button
                type="button"
                className="palette__item"
                draggable
                onDragStart={(event) => onDragStart(event, type)}
                onClick={() => onAdd(type)}
                style={{ ['--node-color' as string]: info.color }}
                aria-label={`Add ${info.title}`}
              >
                <span className="palette__icon" aria-hidden>
                  {info.icon}
                </span>
                <span className="palette__text">
                  <strong>{info.title}</strong>
                  <small>{info.hint}</small>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
