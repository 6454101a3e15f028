import type { CadenceTouch } from '@trellis/journey';
import { durationMinutes } from './cadence.js';
import { describeDuration } from './duration.js';
import { channelText, eventWords } from './summary.js';

/**
 * A cadence's touches in words, for the people who read a journey without editing it (review,
 * export, live view, sales): one line a touch, never the table's JSON.
 */

/** When a touch is made, from entering the cadence: `Day 0, 0:00`, `Day 2, 4:30`; a month-long time in words. */
export function touchWhen(at: string): string {
  const minutes = durationMinutes(at);
  if (minutes === null) return `After ${describeDuration(at)}`;
  const day = Math.floor(minutes / 1440);
  const hour = Math.floor((minutes % 1440) / 60);
  return `Day ${day}, ${hour}:${String(minutes % 60).padStart(2, '0')}`;
}

/** One touch: `Day 0, 0:00 · Call task · speed-call-1 · due in 5 minutes`. */
export function touchLine(touch: Pick<CadenceTouch, 'at' | 'channel' | 'template' | 'due'>): string {
  const due = touch.due ? ` · due in ${describeDuration(touch.due)}` : '';
  return `${touchWhen(touch.at)} · ${channelText(touch.channel)} · ${touch.template || 'no template'}${due}`;
}

/** The cadence's settings as sentences: how it runs, then every touch. */
export function cadenceSentences(data: { touches: readonly CadenceTouch[]; stopOn: { event: string } }): string[] {
  const count = data.touches.length;
  return [
    `Makes ${count} touch${count === 1 ? '' : 'es'}, each timed from when the lead entered; stops when ${eventWords(data.stopOn.event)} happens (the stopped path), else takes done after the last.`,
    ...data.touches.map((touch, i) => `Touch ${i + 1}: ${touchLine(touch)}`),
  ];
}

/** Where a lead stands in a cadence: `after touch 5 of 26, next: call task at Tue 3 Mar, 09:00`. */
export function cadencePositionText(touches: readonly CadenceTouch[], made: number, wakeAt: string | null, when: (iso: string) => string): string {
  const where = made === 0 ? `no touch yet of ${touches.length}` : `after touch ${made} of ${touches.length}`;
  const next = touches[made];
  if (!next) return where;
  if (!wakeAt) return `${where}, next: ${channelText(next.channel).toLowerCase()}, held while the journey is paused`;
  return `${where}, next: ${channelText(next.channel).toLowerCase()} at ${when(wakeAt)}`;
}

/** The live counts by touches made, in words: `12 leads after touch 3`, `1 lead before touch 1`. */
export function touchCountText(made: number, leads: number): string {
  return `${leads} lead${leads === 1 ? '' : 's'} ${made === 0 ? 'before touch 1' : `after touch ${made}`}`;
}
