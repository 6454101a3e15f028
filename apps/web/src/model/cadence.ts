import type { CadenceTouch } from '@trellis/journey';

/**
 * Cadence rules the inspector's table uses, pure: the "Response cadence" preset and shifting
 * every touch by a duration.
 */

/**
 * The seed's response cadence (issue 18): a call at once, due in five minutes, then calls,
 * voicemails and emails, 26 attempts over two weeks. The templates are the speed-to-lead
 * example's (examples/templates), so a database with the examples loaded has every one.
 */
export const RESPONSE_CADENCE: readonly CadenceTouch[] = [
  { at: 'PT0M', channel: 'call_task', template: 'speed-call-1', due: 'PT5M', sender: 'owner' },
  { at: 'PT1H', channel: 'email', template: 'stl-missed-you', sender: 'owner' },
  { at: 'PT1H', channel: 'call_task', template: 'speed-call-2', due: 'PT15M', sender: 'owner' },
  { at: 'PT3H', channel: 'call_task', template: 'speed-call-3', due: 'PT15M', sender: 'owner' },
  { at: 'PT6H', channel: 'call_task', template: 'speed-call-4', due: 'PT15M', sender: 'owner' },
  { at: 'PT9H', channel: 'voicemail_task', template: 'stl-voicemail-1', due: 'PT15M', sender: 'owner' },
  { at: 'P1D', channel: 'call_task', template: 'speed-call-5', due: 'PT1H', sender: 'owner' },
  { at: 'P1DT4H', channel: 'voicemail_task', template: 'stl-voicemail-2', due: 'PT1H', sender: 'owner' },
  { at: 'P2D', channel: 'email', template: 'stl-follow-up-1', sender: 'owner' },
  { at: 'P2DT2H', channel: 'call_task', template: 'speed-call-6', due: 'PT1H', sender: 'owner' },
  { at: 'P3D', channel: 'call_task', template: 'speed-call-7', due: 'PT1H', sender: 'owner' },
  { at: 'P3DT4H', channel: 'voicemail_task', template: 'stl-voicemail-3', due: 'PT1H', sender: 'owner' },
  { at: 'P4D', channel: 'email', template: 'stl-follow-up-2', sender: 'owner' },
  { at: 'P5D', channel: 'call_task', template: 'speed-call-8', due: 'PT1H', sender: 'owner' },
  { at: 'P5DT4H', channel: 'voicemail_task', template: 'stl-voicemail-4', due: 'PT1H', sender: 'owner' },
  { at: 'P6D', channel: 'email', template: 'stl-follow-up-3', sender: 'owner' },
  { at: 'P7D', channel: 'call_task', template: 'speed-call-9', due: 'PT1H', sender: 'owner' },
  { at: 'P7DT4H', channel: 'voicemail_task', template: 'stl-voicemail-5', due: 'PT1H', sender: 'owner' },
  { at: 'P8D', channel: 'email', template: 'stl-follow-up-4', sender: 'owner' },
  { at: 'P9D', channel: 'call_task', template: 'speed-call-10', due: 'PT1H', sender: 'owner' },
  { at: 'P10D', channel: 'email', template: 'stl-follow-up-5', sender: 'owner' },
  { at: 'P10DT4H', channel: 'voicemail_task', template: 'stl-voicemail-6', due: 'PT1H', sender: 'owner' },
  { at: 'P11D', channel: 'call_task', template: 'speed-call-11', due: 'PT1H', sender: 'owner' },
  { at: 'P12D', channel: 'email', template: 'stl-follow-up-6', sender: 'owner' },
  { at: 'P13D', channel: 'call_task', template: 'speed-call-12', due: 'PT1H', sender: 'owner' },
  { at: 'P14D', channel: 'email', template: 'stl-breakup', sender: 'owner' },
];

const PARTS = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/;

/** A touch time in minutes when it is weeks, days, hours and minutes only; null otherwise (months, seconds, typos). */
export function durationMinutes(iso: string): number | null {
  const match = PARTS.exec(iso);
  if (!match || iso === 'P' || iso.endsWith('T')) return null;
  const [, w, d, h, m] = match.map((v) => Number(v ?? 0));
  return ((w! * 7 + d!) * 24 + h!) * 60 + m!;
}

/** Minutes as an ISO 8601 duration of days, hours and minutes: 1500 → `P1DT1H`, 0 → `PT0M`. */
export function minutesDuration(total: number): string {
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const minutes = total % 60;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}`;
  if (days === 0) return `PT${time || '0M'}`;
  return `P${days}D${time ? `T${time}` : ''}`;
}

/**
 * Every touch moved by `byMinutes` (negative: earlier), never before entering the cadence; a
 * touch whose time is not in days, hours and minutes stays as it is, and is named.
 */
export function shiftTouches(touches: readonly CadenceTouch[], byMinutes: number): { touches: CadenceTouch[]; unmoved: number[] } {
  const unmoved: number[] = [];
  const shifted = touches.map((touch, i) => {
    const at = durationMinutes(touch.at);
    if (at === null) {
      unmoved.push(i);
      return touch;
    }
    return { ...touch, at: minutesDuration(Math.max(0, at + byMinutes)) };
  });
  return { touches: shifted, unmoved };
}
