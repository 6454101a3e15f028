import { Position, useStore, ViewportPortal, type ReactFlowState } from '@xyflow/react';
import { useMemo } from 'react';
import { stepLabel } from '../model/defaults.js';
import { handleLabel } from '../model/summary.js';
import { asJourneyNode, useEditorStore } from '../store/editor-store.js';
import { useQuickAdd } from './quick-add.js';

const SIZE = 22;

interface OpenPath {
  key: string;
  source: string;
  handle: string | null;
  x: number;
  y: number;
  name: string;
}

/**
 * A "+" beside every path of a step that leads nowhere yet: press it for the step menu, and
 * the chosen step is added there, connected. Drawn over the flow (not inside the cards) at the
 * handles React Flow measured, so the cards stay as they are.
 */
export function OpenPathButtons() {
  const openQuickAdd = useQuickAdd();
  const edges = useEditorStore((s) => s.edges);
  const nodes = useEditorStore((s) => s.nodes);
  const lookup = useStore((s: ReactFlowState) => s.nodeLookup);
  // The lookup is the same object across changes; the nodes array says when to look again.
  const paths = useMemo(() => {
    const used = new Set(edges.map((e) => `${e.source}\u0000${e.sourceHandle ?? 'out'}`));
    const open: OpenPath[] = [];
    for (const node of nodes) {
      const internal = lookup.get(node.id);
      const handles = internal?.internals.handleBounds?.source ?? [];
      for (const handle of handles) {
        const id = handle.id ?? 'out';
        if (used.has(`${node.id}\u0000${id}`)) continue;
        const at = internal!.internals.positionAbsolute;
        const right = handle.position === Position.Right;
        const label = stepLabel(node.type, node.data.label) ?? node.id;
        let path = '';
        try {
          path = id === 'out' ? '' : handleLabel(asJourneyNode(node), id);
        } catch {
          path = id;
        }
        open.push({
          key: `${node.id}:${id}`,
          source: node.id,
          handle: handle.id ?? null,
          x: at.x + handle.x + (right ? handle.width + 6 : handle.width / 2 - SIZE / 2),
          y: at.y + handle.y + (right ? handle.height / 2 - SIZE / 2 : handle.height + 6),
          name: path ? `Add a step after ${label}, ${path}` : `Add a step after ${label}`,
        });
      }
    }
    return open;
  }, [nodes, edges, lookup]);
  if (!openQuickAdd) return null;
  return (
    <ViewportPortal>
      {paths.map((p) => (
        <button
          key={p.key}
          type="button"
          className="add-after nodrag nopan"
          style={{ transform: `translate(${p.x}px, ${p.y}px)` }}
          aria-label={p.name}
          title="Add the next step here"
          onClick={(event) => {
            const box = event.currentTarget.getBoundingClientRect();
            openQuickAdd(p.source, p.handle, box.right + 6, box.top);
          }}
        >
          +
        </button>
      ))}
    </ViewportPortal>
  );
}
