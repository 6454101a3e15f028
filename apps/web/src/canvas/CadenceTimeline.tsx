import type { CadenceTouch } from '@trellis/journey';
import { createContext, useContext } from 'react';
import { durationMinutes } from '../model/cadence.js';
import { touchCountText } from '../model/cadence-text.js';
import { touchText } from '../model/summary.js';
import './cadence.css';

/** Running leads by touches made, per cadence node: the live view provides them, the editor does not. */
export type CadenceCounts = (nodeId: string) => readonly { made: number; leads: number }[] | undefined;
export const CadenceCountsContext = createContext<CadenceCounts | null>(null);

/**
 * A cadence's touches on one line, as its card shows them: a tick per touch at its time from
 * entering (touches at one time side by side), coloured by channel, with a day scale. The words
 * are the card's summary; each tick's title says the touch in full. On the live view, the leads
 * waiting after each touch are marked at that touch's tick and said in words under the line.
 */
export function CadenceTimeline({ touches, nodeId }: { touches: readonly CadenceTouch[]; nodeId?: string }) {
  const countsOf = useContext(CadenceCountsContext);
  const counts = nodeId === undefined ? undefined : countsOf?.(nodeId);
  const minutes = touches.map((t) => durationMinutes(t.at));
  const span = Math.max(1, ...minutes.map((m) => m ?? 0));
  const days = Math.round(span / 1440);
  const left = (i: number) => `${((minutes[i] ?? 0) / span) * 100}%`;
  return (
    <div className={`cadence-timeline${counts && counts.length > 0 ? ' cadence-timeline--counted' : ''}`} data-testid="cadence-timeline">
      <div className="cadence-timeline__track" aria-hidden>
        {touches.map((touch, i) => (
          <span
            key={i}
            className={`cadence-timeline__tick cadence-timeline__tick--${touch.channel}`}
            style={{ left: left(i) }}
            title={`Touch ${i + 1}. ${touchText(touch)}`}
          />
        ))}
        {counts?.map(({ made, leads }) => (
          <span key={made} className={`cadence-timeline__count${made === 0 ? ' cadence-timeline__count--before' : ''}`} style={{ left: made === 0 ? '0%' : left(made - 1) }} title={touchCountText(made, leads)}>
            {leads}
          </span>
        ))}
      </div>
      <div className="cadence-timeline__scale" aria-hidden>
        <span>day 0</span>
        {days > 0 && <span>day {days}</span>}
      </div>
      {counts && counts.length > 0 && (
        <ul className="cadence-timeline__counts" aria-label="Leads by touches made" data-testid={`cadence-counts-${nodeId}`}>
          {counts.map(({ made, leads }) => (
            <li key={made}>{touchCountText(made, leads)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
