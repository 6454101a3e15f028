import './result-marks.css';
import { createContext, useContext } from 'react';
import { useJourneyReport } from '../api/report.js';
import { useEditorStore } from '../store/editor-store.js';

/**
 * What the results say on the canvas, wherever it is drawn (editor, review, results): the
 * winning variant of a split experiment on its handle, and a holdout chip on the trigger. The
 * holdout is the document's own setting; winners come from the report of the version shown.
 */

export interface SplitMark {
  handle: string;
  /** True once the engine decided at `decideAfter` (new leads all take it); false while it only leads at p < 0.05. */
  decided: boolean;
}

/** Null: no page gave marks (the editor), so a split card asks for its journey's published report itself. */
export const SplitMarksContext = createContext<Record<string, SplitMark> | null>(null);

/** A report's winners as marks: decided ones, and ones only leading so far. */
export function splitMarksOf(splits: Record<string, { winner: string | null; decision: unknown }>): Record<string, SplitMark> {
  const marks: Record<string, SplitMark> = {};
  for (const [nodeId, split] of Object.entries(splits)) if (split.winner) marks[nodeId] = { handle: split.winner, decided: split.decision !== null };
  return marks;
}

/** Beside a split's handle: a star when it is the winner. */
export function WinnerMark({ nodeId, handle }: { nodeId: string; handle: string }) {
  const marks = useContext(SplitMarksContext);
  const journeyId = useEditorStore((s) => s.journeyId);
  if (marks) return <Mark nodeId={nodeId} handle={handle} mark={marks[nodeId]} />;
  return journeyId ? <PublishedWinnerMark journeyId={journeyId} nodeId={nodeId} handle={handle} /> : null;
}

/** In the editor: the published version's report (one request, shared by every split card through the query cache). */
function PublishedWinnerMark({ journeyId, nodeId, handle }: { journeyId: string; nodeId: string; handle: string }) {
  const report = useJourneyReport(journeyId, { version: null, from: null, to: null });
  const split = report.data?.splits[nodeId];
  return <Mark nodeId={nodeId} handle={handle} mark={split?.winner ? { handle: split.winner, decided: split.decision !== null } : undefined} />;
}

function Mark({ nodeId, handle, mark }: { nodeId: string; handle: string; mark: SplitMark | undefined }) {
  if (!mark || mark.handle !== handle) return null;
  return (
    <b
      className={`winner-mark ${mark.decided ? 'is-decided' : 'is-leading'}`}
      title={mark.decided ? `Winner: new leads all take ${handle}` : `${handle} leads at p < 0.05; the experiment has not decided yet`}
      data-testid={`winner-${nodeId}-${handle}`}
    >
      {mark.decided ? '★ winner' : '▲ leading'}
    </b>
  );
}

/** On the trigger: the share of entering leads the journey holds out, when it holds any. */
export function HoldoutChip() {
  const percent = useEditorStore((s) => s.settings.holdout?.percent ?? 0);
  if (!(percent > 0)) return null;
  return (
    <span className="holdout-chip" title={`${percent}% of entering leads are held out (no step runs for them) to measure what the journey adds`} data-testid="holdout-chip">
      Holdout {percent}%
    </span>
  );
}
