import { handlesOf, nodeSchema, type JourneyNode, type Problem } from '@trellis/journey';
import { handleLabel } from '../model/summary.js';
import { defaultDataFor } from '../model/defaults.js';
import { ErrorBoundary } from '../ErrorBoundary.js';
import { useMemo } from 'react';
import { NODE_TYPE_INFO, stepLabel } from '../model/defaults.js';
import { asJourneyNode, useEditorStore } from '../store/editor-store.js';
import { TextField } from './fields.js';
import { CadenceForm } from './CadenceForm.js';
import { BranchForm, ExitForm, HandoffForm, SendForm, SplitForm, TriggerForm, UpdateForm, WaitForm } from './NodeForms.js';
import { SettingsForm } from './SettingsForm.js';
import { ExperimentForm } from './ExperimentForm.js';

/** The right-hand panel: the selected node's form, or the journey's settings when nothing is selected. */
export function Inspector() {
  const nodes = useEditorStore((s) => s.nodes);
  const selected = useMemo(() => nodes.filter((n) => n.selected), [nodes]);
  const settings = useEditorStore((s) => s.settings);
  const setSettings = useEditorStore((s) => s.setSettings);
  const updateNodeData = useEditorStore((s) => s.updateNodeData);
  const problems = useEditorStore((s) => s.problems);
  const deleteSelection = useEditorStore((s) => s.deleteSelection);

  if (selected.length > 1) {
    return (
      <aside className="inspector" aria-label="Inspector">
        <h2 className="panel-title">{selected.length} steps selected</h2>
        <p className="muted">Drag to move them together, Ctrl/⌘+C to copy, Delete to remove.</p>
      </aside>
    );
  }
  const flowNode = selected[0];
  if (!flowNode) {
    return (
      <aside className="inspector" aria-label="Inspector">
        <h2 className="panel-title">Journey settings</h2>
        <ProblemList problems={problems.filter((p) => !p.nodeId && !p.edgeId && p.path[0] === 'settings')} />
        <SettingsForm settings={settings} change={(next) => setSettings(next)} />
        <KeyboardHelp />
      </aside>
    );
  }
  const node = asJourneyNode(flowNode);
  const info = NODE_TYPE_INFO[node.type];
  const nodeProblems = problems.filter((p) => p.nodeId === node.id);
  const change = (data: JourneyNode['data'], field?: string, rename?: { from: string; to: string }) =>
    updateNodeData(node.id, data, field, rename);
  const label = typeof node.data.label === 'string' ? node.data.label : '';
  return (
    <aside className="inspector" aria-label="Inspector">
      <h2 className="panel-title inspector__title" style={{ ['--node-color' as string]: info.color }}>
        <span aria-hidden>{info.icon}</span> {info.title} <code>{node.id}</code>
        <button type="button" className="link-button link-button--danger" aria-label="Delete this step" title="Delete (Del)" onClick={deleteSelection}>
          Delete
        </button>
      </h2>
      <ProblemList problems={nodeProblems} />
      <TextField
        label="Label"
        value={label}
        placeholder={info.title}
        onChange={(text) => {
          const { label: _old, ...rest } = node.data as { label?: string };
          change((text ? { ...rest, label: text } : rest) as JourneyNode['data'], 'label');
        }}
      />
      <CheckedNodeForm node={node} change={change} />
      <PathsSection node={node} />
    </aside>
  );
}

/**
 * An imported document can carry data that does not fit its node's type; the forms assume it
 * fits, so such a node gets the schema's words and a way back to a valid start instead.
 */
function CheckedNodeForm({ node, change }: { node: JourneyNode; change: (data: JourneyNode['data']) => void }) {
  const parsed = nodeSchema.safeParse(node);
  const misshapen = parsed.success
    ? []
    : parsed.error.issues.filter((issue) => issue.path[0] === 'data' && ['invalid_union', 'invalid_type', 'unrecognized_keys'].includes(issue.code));
  const label = typeof node.data.label === 'string' ? node.data.label : undefined;
  return (
    <>
      {misshapen.length > 0 && (
        <div className="inspector-section">
          <p className="problem problem--error">
            These settings do not fit a {node.type} step:{' '}
            {misshapen.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}
          </p>
          <button
            type="button"
            className="button"
            onClick={() => change({ ...defaultDataFor(node.type), ...(label ? { label } : {}) } as JourneyNode['data'])}
          >
            Reset to a valid {node.type} step
          </button>
        </div>
      )}
      <ErrorBoundary what="form for this step">
        <NodeForm node={node} change={change} />
      </ErrorBoundary>
    </>
  );
}

function NodeForm({ node, change }: { node: JourneyNode; change: (data: JourneyNode['data'], field?: string, rename?: { from: string; to: string }) => void }) {
  switch (node.type) {
      case 'trigger':
        return <TriggerForm node={node} change={change} />;
      case 'wait':
        return <WaitForm node={node} change={change} />;
      case 'branch':
        return <BranchForm node={node} change={change} />;
      case 'split':
        return (
          <>
            <SplitForm node={node} change={change} />
            <ExperimentForm node={node} change={change} />
          </>
        );
      case 'send':
        return <SendForm node={node} change={change} />;
      case 'update':
        return <UpdateForm node={node} change={change} />;
      case 'handoff':
        return <HandoffForm node={node} change={change} />;
      case 'exit':
        return <ExitForm node={node} change={change} />;
      case 'cadence':
        return <CadenceForm node={node} change={change} />;
  }
}

/** Where each outgoing path leads, chosen from a list: connecting without a mouse. */
function PathsSection({ node }: { node: JourneyNode }) {
  const nodes = useEditorStore((s) => s.nodes);
  const edges = useEditorStore((s) => s.edges);
  const setPathTarget = useEditorStore((s) => s.setPathTarget);
  let handles: string[] = [];
  try {
    handles = handlesOf(node);
  } catch {
    return null;
  }
  if (handles.length === 0) return null;
  const targets = nodes.filter((n) => n.id !== node.id && n.type !== 'trigger');
  const nameOf = (n: (typeof nodes)[number]) => {
    const label = stepLabel(n.type ?? 'exit', n.data.label) ?? n.type;
    return `${label} (${n.id})`;
  };
  return (
    <section className="inspector-section">
      <header>
        <h3>Next steps</h3>
      </header>
      {handles.map((handle) => {
        const edge = edges.find((e) => e.source === node.id && (e.sourceHandle ?? 'out') === handle);
        return (
          <div key={handle} className="path-row">
            <span className="path-row__handle">{handles.length === 1 && handle === 'out' ? 'Then' : handleLabel(node, handle)}</span>
            <select
              aria-label={`Next step after ${handle}`}
              value={edge?.target ?? ''}
              onChange={(event) => setPathTarget(node.id, handle, event.target.value || null)}
            >
              <option value="">Not connected (ends as completed)</option>
              {targets.map((n) => (
                <option key={n.id} value={n.id}>
                  {nameOf(n)}
                </option>
              ))}
            </select>
          </div>
        );
      })}
    </section>
  );
}

function ProblemList({ problems }: { problems: Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="inspector__problems">
      {problems.map((p, i) => (
        <li key={i} className={`problem problem--${p.severity}`}>
          {p.message}
        </li>
      ))}
    </ul>
  );
}

function KeyboardHelp() {
  return (
    <section className="inspector-section shortcuts">
      <header>
        <h3>Keyboard</h3>
      </header>
      <dl>
        <dt>Tab / Shift+Tab</dt>
        <dd>Move between steps</dd>
        <dt>Enter</dt>
        <dd>Select the focused step</dd>
        <dt>Arrow keys</dt>
        <dd>Move the selected steps</dd>
        <dt>Shift+click, Shift+drag</dt>
        <dd>Select several</dd>
        <dt>Ctrl/⌘+C, Ctrl/⌘+V</dt>
        <dd>Copy, paste</dd>
        <dt>Ctrl/⌘+Z, Ctrl/⌘+Shift+Z</dt>
        <dd>Undo, redo</dd>
        <dt>Delete</dt>
        <dd>Remove the selection</dd>
      </dl>
    </section>
  );
}
