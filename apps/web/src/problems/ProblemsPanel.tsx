import { useEditorStore } from '../store/editor-store.js';

/** Every problem in the document; clicking one selects its node (or its edge's source) and brings it into view. */
export function ProblemsPanel() {
  const problems = useEditorStore((s) => s.problems);
  const edges = useEditorStore((s) => s.edges);
  const selectNode = useEditorStore((s) => s.selectNode);
  if (problems.length === 0) {
    return <p className="problems-empty">✓ No problems. This journey is ready to publish.</p>;
  }
  const sorted = [...problems].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return (
    <ul className="problems-list" aria-label="Problems">
      {sorted.map((problem, index) => {
        const nodeId = problem.nodeId ?? edges.find((e) => e.id === problem.edgeId)?.source;
        // A settings problem is fixed in the journey settings, which show when nothing is selected.
        const inSettings = !nodeId && problem.path[0] === 'settings';
        return (
          <li key={index}>
            <button
              type="button"
              className={`problem problem--${problem.severity}`}
              disabled={!nodeId && !inSettings}
              onClick={() => selectNode(nodeId ?? null, Boolean(nodeId))}
            >
              <span className="problem__severity">{problem.severity === 'error' ? 'Error' : 'Warning'}</span>
              <span className="problem__where">{problem.nodeId ?? problem.edgeId ?? (inSettings ? 'settings' : 'journey')}</span>
              <span className="problem__message">{problem.message}</span>
              <code className="problem__code">{problem.code}</code>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
