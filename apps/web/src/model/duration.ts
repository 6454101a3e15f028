/**
 * ISO 8601 durations as the editor's pickers see them: one number and one unit. Anything
 * richer (`P1DT2H`) is still valid in the document; the picker then falls back to plain text.
 */

export const DURATION_UNITS = ['minutes', 'hours', 'days', 'weeks', 'months'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

export interface SimpleDuration {
  amount: number;
  unit: DurationUnit;
}

const PATTERNS: Array<[RegExp, DurationUnit]> = [
  [/^PT(\d+)M$/, 'minutes'],
  [/^PT(\d+)H$/, 'hours'],
  [/^P(\d+)D$/, 'days'],
  [/^P(\d+)W$/, 'weeks'],
  [/^P(\d+)M$/, 'months'],
];

export function parseSimpleDuration(iso: string): SimpleDuration | null {
  for (const [pattern, unit] of PATTERNS) {
    const match = pattern.exec(iso);
    if (match) return { amount: Number(match[1]), unit };
  }
  return null;
}

export function toIsoDuration({ amount, unit }: SimpleDuration): string {
  switch (unit) {
    case 'minutes':
      return `PT${amount}M`;
    case 'hours':
      return `PT${amount}H`;
    case 'days':
      return `P${amount}D`;
    case 'weeks':
      return `P${amount}W`;
    case 'months':
      return `P${amount}M`;
  }
}

// Read the same way on the server (the publish review's changes, a moved lead's timeline).
export { describeDuration } from '@trellis/journey';
