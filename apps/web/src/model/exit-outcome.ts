/**
 * An exit's label follows its outcome: a fresh exit is "Converted", and a marketer who switches
 * it to disqualified should not be left with a card that still says "Converted". A label the
 * marketer wrote themselves (not the words of the old outcome) stays as written.
 */

const OUTCOME_WORDS: Record<string, string> = {
  converted: 'Converted',
  disqualified: 'Disqualified',
  completed: 'Completed',
  sla_expired: 'SLA expired',
  recycled: 'Recycled',
};

/** An outcome in words, as the card's label: `sla_expired` → "SLA expired", `nurtured` → "Nurtured". */
export function outcomeWords(outcome: string): string {
  if (OUTCOME_WORDS[outcome]) return OUTCOME_WORDS[outcome];
  const spaced = outcome.replace(/[_-]+/g, ' ').trim();
  return spaced ? spaced[0]!.toUpperCase() + spaced.slice(1) : outcome;
}

/** An exit's data after its outcome changed: the label moves along when it named the old outcome. */
export function withOutcomeLabel<T extends { label?: string; outcome: string }>(before: T, after: T): T {
  if (before.outcome === after.outcome || after.label !== before.label) return after;
  const label = before.label?.trim() ?? '';
  if (label !== '' && label !== outcomeWords(before.outcome)) return after;
  return { ...after, label: outcomeWords(after.outcome) };
}

/** What an exit drawn on a handoff's answer starts as: the answer's outcome, not "converted". */
export function exitDataAfter(sourceHandle: string | null): { label: string; outcome: string } | null {
  if (sourceHandle === 'disqualified' || sourceHandle === 'sla_expired' || sourceHandle === 'recycled') {
    return { label: outcomeWords(sourceHandle), outcome: sourceHandle };
  }
  return null;
}
