import { handlesOf, savedSegmentOf } from '@trellis/journey';
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import { memo, useEffect, useMemo, useRef } from 'react';
import { NODE_TYPE_INFO, stepLabel } from '../model/defaults.js';
import type { FlowNode } from '../model/serialize.js';
import { CadenceTimeline } from './CadenceTimeline.js';
import { NodeExtras } from './NodeExtras.js';
import { HoldoutChip, WinnerMark } from './ResultMarks.js';
import { handleLabel, summarize } from '../model/summary.js';
import { asJourneyNode, useEditorStore } from '../store/editor-store.js';
import { useSavedSegments } from '../audience/use-saved-segments.js';

/** One node on the canvas: type, label, a one-line summary, and one labelled row per outgoing handle. */
function JourneyNodeViewImpl({ id, data, type, selected }: NodeProps<FlowNode>) {
  const node = asJourneyNode({ id, type, data, position: { x: 0, y: 0 } });
  const info = NODE_TYPE_INFO[node.type];
  const allProblems = useEditorStore((s) => s.problems);
  const problems = useMemo(() => allProblems.filter((p) => p.nodeId === id), [allProblems, id]);
  const reached = useEditorStore((s) => s.simulation?.reached[id]);
  const onPath = useEditorStore((s) => s.simulation?.path?.nodeIds.has(id) ?? false);
  const direction = useEditorStore((s) => s.direction);
  const inSide = direction === 'LR' ? Position.Left : Position.Top;
  const outSide = direction === 'LR' ? Position.Right : Position.Bottom;
  // Asked only by a trigger naming a saved segment: its card says the segment's name and count.
  const segments = useSavedSegments(savedSegmentOf({ nodes: [node] }) !== null);
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning');
  let summary = '';
  let handles: string[] = [];
  try {
    summary = summarize(node, segments);
    handles = handlesOf(node);
  } catch {
    // Data the schema rejects (an imported typo) still draws; its problem says what is wrong.
    summary = 'Settings need attention';
  }
  // React Flow measures handles only when a node resizes; a renamed case or variant keeps the
  // size, so without this its handle would be unknown: no edge drawn from it, none started.
  const updateNodeInternals = useUpdateNodeInternals();
  const handleKey = `${direction}:${handles.join()}`;
  const measuredKey = useRef(handleKey);
  useEffect(() => {
    if (measuredKey.current === handleKey) return; // first drawn: React Flow measures it anyway
    measuredKey.current = handleKey;
    updateNodeInternals(id);
  }, [handleKey, id, updateNodeInternals]);
  const label = stepLabel(node.type, data.label) ?? info.title;
  const classes = ['journey-node', `journey-node--${node.type}`, `journey-node--${direction}`];
  if (errors.length > 0) classes.push('has-error');
  else if (warnings.length > 0) classes.push('has-warning');
  if (selected) classes.push('is-selected');
  if (onPath) classes.push('on-path');

  return (
    <div
      className={classes.join(' ')}
      style={{
        ['--node-color' as string]: info.color,
        // Top to bottom, paths sit side by side: widen the node so each label stays readable.
        ...(direction === 'TB' && handles.length > 3 ? { width: Math.min(480, handles.length * 76) } : {}),
      }}
      data-testid={`node-${id}`}
      aria-label={`${info.title}: ${label}. ${summary}${errors.length ? `. ${errors.length} error(s)` : ''}`}
    >
      {node.type !== 'trigger' && <Handle type="target" position={inSide} className="target-handle" />}
      <div className="journey-node__header">
        <span className="journey-node__icon" aria-hidden>
          {info.icon}
        </span>
        <span className="journey-node__type">{info.title}</span>
        {node.type === 'trigger' && <HoldoutChip />}
        <NodeExtras nodeId={id} />
        {reached !== undefined && (
          <span className="journey-node__reached" title={`${reached} simulated leads reached this node`}>
            {reached.toLocaleString()}
          </span>
        )}
        {problems.length > 0 && (
          <span
            className={`journey-node__badge ${errors.length ? 'is-error' : 'is-warning'}`}
            title={problems.map((p) => p.message).join('\n')}
            data-testid={`node-problems-${id}`}
          >
            {errors.length ? '!' : '⚠'} {problems.length}
          </span>
        )}
      </div>
      <div className="journey-node__body">
        <div className="journey-node__label">{label}</div>
        <div className="journey-node__summary" title={summary}>
          {summary}
        </div>
        {node.type === 'cadence' && <CadenceTimeline touches={node.data.touches} nodeId={id} />}
      </div>
      {handles.length === 1 && handles[0] === 'out' ? (
        <Handle type="source" id="out" position={outSide} className="source-handle" />
      ) : (
        handles.length > 0 && (
          <div className="journey-node__ports">
            {handles.map((handle) => (
              <div key={handle} className="journey-node__port">
                <span title={handleLabel(node, handle)}>{handleLabel(node, handle)}</span>
                {node.type === 'split' && <WinnerMark nodeId={id} handle={handle} />}
                <Handle type="source" id={handle} position={outSide} className="source-handle" />
              </div>
            ))}
          </div>
        )
      )}
    </div>
  );
}

export const JourneyNodeView = memo(JourneyNodeViewImpl);

export const nodeTypes = {
  trigger: JourneyNodeView,
  wait: JourneyNodeView,
  branch: JourneyNodeView,
  split: JourneyNodeView,
  send: JourneyNodeView,
  update: JourneyNodeView,
  handoff: JourneyNodeView,
  exit: JourneyNodeView,
  cadence: JourneyNodeView,
};
