import { NODE_TYPES, type NodeType } from '@trellis/journey';
import type { DragEvent } from 'react';
import { NODE_TYPE_INFO } from '../model/defaults.js';
import { useEditorStore } from '../store/editor-store.js';

export const DRAG_MIME = 'application/x-trellis-node';

/**
 * Every node type a journey may still take (one trigger, so none once it has one): click one
 * to add it after the selected step, connected, or drag it onto the canvas.
 */
export function Palette({ onAdd }: { onAdd: (type: NodeType) => void }) {
  const hasTrigger = useEditorStore((s) => s.nodes.some((n) => n.type === 'trigger'));
  function onDragStart(event: DragEvent, type: NodeType) {
    event.dataTransfer.setData(DRAG_MIME, type);
    event.dataTransfer.effectAllowed = 'move';
  }
  return (
    <aside className="palette" aria-label="Node palette">
      <h2 className="panel-title">Add a step</h2>
      <p className="palette__hint">
        Click to add after the selected step, or drag onto the canvas. From a step's open path, press <strong>+</strong> or drag its dot
        to empty canvas.
      </p>
      <ul>
        {NODE_TYPES.filter((type) => (type !== 'trigger' || !hasTrigger) && Object.hasOwn(NODE_TYPE_INFO, type)).map((type) => {
          const info = NODE_TYPE_INFO[type];
          return (
            <li key={type}>
              {/* The accessible name is the visible text (title and hint), as speech users say it. */}
              <button
                type="button"
                className="palette__item"
                draggable
                onDragStart={(event) => onDragStart(event, type)}
                onClick={() => onAdd(type)}
                style={{ ['--node-color' as string]: info.color }}
                title={`Add ${info.title}`}
              >
                <span className="palette__icon" aria-hidden>
                  {info.icon}
                </span>
                <span className="palette__text">
                  <strong>{info.title}</strong> <small>{info.hint}</small>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
