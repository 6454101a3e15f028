import './results.css';
import type { Journey } from '@trellis/journey';
import { useMemo, type ReactNode } from 'react';
import { useJourneyReport } from '../api/report.js';
import { useVersions } from '../api/queries.js';
import { SplitMarksContext, splitMarksOf } from '../canvas/ResultMarks.js';
import { ExperimentPanel } from './ExperimentPanel.js';
import { nodeTitle } from './funnel.js';
import { resultsLink } from './results-route.js';

/**
 * The results a reviewer reads beside the journey: split winners marked on the canvas, the
 * selected split's experiment, and the holdout. `version` null reads the published version.
 */

export function ReviewSplitMarks({ journeyId, version, published, children }: { journeyId: string; version: number | null; published: boolean; children: ReactNode }) {
  const report = useJourneyReport(journeyId, { version, from: null, to: null }, { enabled: published });
  const marks = useMemo(() => splitMarksOf(report.data?.splits ?? {}), [report.data]);
  return <SplitMarksContext.Provider value={marks}>{children}</SplitMarksContext.Provider>;
}

export function ReviewResultNote({ journeyId, version, publishedVersion, journey, nodeId }: { journeyId: string; version: number | null; publishedVersion: number | null; journey: Journey; nodeId: string | null }) {
  const report = useJourneyReport(journeyId, { version, from: null, to: null }, { enabled: publishedVersion !== null });
  const versions = useVersions(journeyId, publishedVersion);
  const node = nodeId ? journey.nodes.find((n) => n.id === nodeId) : undefined;
  const holdout = journey.settings.holdout?.percent ?? 0;
  const split = node?.type === 'split' ? report.data?.splits[node.id] : undefined;
  const shown = report.data?.version ?? null;
  const publishedAt = versions.data?.versions.find((v) => v.version === shown)?.publishedAt ?? null;
  if (!node && holdout > 0) {
    return (
      <p className="review-holdout" data-testid="review-holdout">
        <span className="holdout-chip">Holdout {holdout}%</span> {holdout}% of entering leads are held out to measure what the journey adds.
        {report.data?.holdout?.uplift && (
          <>
            {' '}
            Uplift so far: {(report.data.holdout.uplift.difference * 100).toFixed(1)} pts.
          </>
        )}{' '}
        {publishedVersion !== null && <a href={resultsLink(journeyId, { version })}>Results</a>}
      </p>
    );
  }
  if (!node || !split) return null;
  return <ExperimentPanel nodeId={node.id} title={nodeTitle(node)} split={split} publishedAt={publishedAt} compact />;
}
