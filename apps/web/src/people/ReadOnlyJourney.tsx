import type { Journey } from '@trellis/journey';
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { ErrorBoundary } from '../ErrorBoundary.js';
import { Canvas } from '../canvas/Canvas.js';
import { NodeExtrasContext } from '../canvas/NodeExtras.js';
import { useEditorStore } from '../store/editor-store.js';

/**
 * The editor's canvas, read-only: nothing can be moved, connected or deleted; clicking a node
 * selects it, which is how review and operations pick what to look at. `extras` draws on nodes.
 */
export function ReadOnlyJourney({ journey, loadKey, extras }: { journey: Journey; loadKey: string; extras?: (nodeId: string) => ReactNode }) {
  const loaded = useShownJourney(journey, loadKey);
  const render = useMemo(() => extras ?? null, [extras]);
  if (!loaded) return <div className="canvas" />;
  return (
    <ReactFlowProvider key={loadKey}>
      <NodeExtrasContext.Provider value={render}>
        <ErrorBoundary what="canvas">
          <Canvas readOnly />
        </ErrorBoundary>
      </NodeExtrasContext.Provider>
    </ReactFlowProvider>
  );
}

/**
 * Puts the journey shown in the editor's store, which the node views read (the direction handles
 * sit in), with no problems or simulated counts left over from another document: true once done.
 */
export function useShownJourney(journey: Journey, loadKey: string): boolean {
  const load = useEditorStore((s) => s.load);
  const setProblems = useEditorStore((s) => s.setProblems);
  const setSimulation = useEditorStore((s) => s.setSimulation);
  const [loaded, setLoaded] = useState<string | null>(null);
  useEffect(() => {
    load(journey, null);
    setProblems([]);
    setSimulation(null);
    setLoaded(loadKey);
    // Reloaded when the document shown changes (another version), not on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loadKey]);
  return loaded === loadKey;
}

/** The node selected on the read-only canvas, or null. */
export function useSelectedNodeId(): string | null {
  return useEditorStore((s) => s.nodes.find((n) => n.selected)?.id ?? null);
}
