import type { CadenceTouch } from '@trellis/journey';
import { durationMinutes } from '../model/cadence.js';
import { touchText } from '../model/summary.js';
import './cadence.css';

/**
 * A cadence's touches on one line, as its card shows them: a tick per touch at its time from
 * entering (touches at one time side by side), coloured by channel, with a day scale. The words
 * are the card's summary; each tick's title says the touch in full.
 */
export function CadenceTimeline({ touches }: { touches: readonly CadenceTouch[] }) {
  const minutes = touches.map((t) => durationMinutes(t.at));
  const span = Math.max(1, ...minutes.map((m) => m ?? 0));
  const days = Math.round(span / 1440);
  return (
    <div className="cadence-timeline" data-testid="cadence-timeline" aria-hidden>
      <div className="cadence-timeline__track">
        {touches.map((touch, i) => (
          <span
            key={i}
            className={`cadence-timeline__tick cadence-timeline__tick--${touch.channel}`}
            style={{ left: `${((minutes[i] ?? 0) / span) * 100}%` }}
            title={`Touch ${i + 1}. ${touchText(touch)}`}
          />
        ))}
      </div>
      <div className="cadence-timeline__scale">
        <span>day 0</span>
        {days > 0 && <span>day {days}</span>}
      </div>
    </div>
  );
}
