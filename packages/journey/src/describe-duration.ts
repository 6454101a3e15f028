/**
 * ISO 8601 durations in words, as people read them everywhere in Trellis: the editor, the
 * compare view, the publish review and a moved lead's timeline ("Wait 3 days").
 */

const FULL = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const NAMES = ['year', 'month', 'week', 'day', 'hour', 'minute', 'second'];

/** `P3D` → `3 days`, `PT1H30M` → `1 hour 30 minutes`; an unreadable value is shown as typed. */
export function describeDuration(iso: string): string {
  const match = FULL.exec(iso);
  if (!match || iso === 'P' || iso.endsWith('T')) return iso;
  const parts: string[] = [];
  match.slice(1).forEach((value, index) => {
    if (value === undefined) return;
    const n = Number(value);
    parts.push(`${n} ${NAMES[index]}${n === 1 ? '' : 's'}`);
  });
  return parts.length > 0 ? parts.join(' ') : iso;
}
