import type { JourneyNode } from '@trellis/journey';
import { settingSentences } from '../model/setting-sentences.js';

/**
 * A changed step's settings as the card's sentences, before and after: the sentences that
 * went and the ones that came ("If Score ≥ 50, the lead takes hot." → "If Score ≥ 60, …"),
 * so a reviewer reads what the change means rather than `cases[0].when.value`.
 */
export function SettingsDiff({ before, after }: { before: JourneyNode | undefined; after: JourneyNode | undefined }) {
  if (!before || !after) return null;
  const was = settingSentences(before);
  const now = settingSentences(after);
  const gone = was.filter((s) => !now.includes(s));
  const came = now.filter((s) => !was.includes(s));
  if (gone.length === 0 && came.length === 0) return null;
  return (
    <ul className="settings-diff" aria-label="Settings in words">
      {gone.map((s) => (
        <li key={`-${s}`}>
          <span className="settings-diff__mark">was</span> <del>{s}</del>
        </li>
      ))}
      {came.map((s) => (
        <li key={`+${s}`}>
          <span className="settings-diff__mark">now</span> <ins>{s}</ins>
        </li>
      ))}
    </ul>
  );
}
