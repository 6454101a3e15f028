import { useEffect } from 'react';
import { useEditorStore } from '../store/editor-store.js';
import { runKey } from './results.js';

/**
 * Marks the simulation drawn on the canvas out of date once the journey changes (not when a
 * card only moves), whether or not the Simulate panel is open: the counts on the cards then
 * say they describe an earlier drawing.
 */
export function useSimulationStaleness(): void {
  const simulation = useEditorStore((s) => s.simulation);
  const nodes = useEditorStore((s) => s.nodes);
  const edges = useEditorStore((s) => s.edges);
  const settings = useEditorStore((s) => s.settings);
  useEffect(() => {
    if (!simulation?.ranFor || simulation.stale) return;
    if (runKey({ nodes, edges, settings }) !== simulation.ranFor) {
      useEditorStore.getState().setSimulation({ ...simulation, stale: true });
    }
  }, [simulation, nodes, edges, settings]);
}
