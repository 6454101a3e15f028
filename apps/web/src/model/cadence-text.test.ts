import { describe, expect, it } from 'vitest';
import { RESPONSE_CADENCE } from './cadence.js';
import { cadencePositionText, cadenceSentences, touchCountText, touchLine, touchWhen } from './cadence-text.js';

describe('a cadence in words', () => {
  it('says when a touch is made as a day and a time from entering', () => {
    expect(touchWhen('PT0M')).toBe('Day 0, 0:00');
    expect(touchWhen('P2DT4H30M')).toBe('Day 2, 4:30');
    expect(touchWhen('P1W')).toBe('Day 7, 0:00');
    expect(touchWhen('P1M')).toBe('After 1 month');
  });

  it('says each touch on a line: when, channel, template, due', () => {
    expect(touchLine(RESPONSE_CADENCE[0]!)).toBe('Day 0, 0:00 · Call task · speed-call-1 · due in 5 minutes');
    expect(touchLine(RESPONSE_CADENCE[1]!)).toBe('Day 0, 1:00 · Email · stl-missed-you');
  });

  it('lists every touch of the response cadence after how it runs', () => {
    const sentences = cadenceSentences({ touches: RESPONSE_CADENCE, stopOn: { event: 'call_connected' } });
    expect(sentences).toHaveLength(27);
    expect(sentences[0]).toBe(
      'Makes 26 touches, each timed from when the lead entered; stops when call connected happens (the stopped path), else takes done after the last.',
    );
    expect(sentences[26]).toBe('Touch 26: Day 14, 0:00 · Email · stl-breakup');
  });

  it("says where a lead stands and what comes next", () => {
    const when = (iso: string) => iso.slice(0, 16);
    expect(cadencePositionText(RESPONSE_CADENCE, 5, '2026-03-03T09:00:00Z', when)).toBe('after touch 5 of 26, next: voicemail task at 2026-03-03T09:00');
    expect(cadencePositionText(RESPONSE_CADENCE, 0, null, when)).toBe('no touch yet of 26, next: call task, held while the journey is paused');
    expect(cadencePositionText(RESPONSE_CADENCE, 26, null, when)).toBe('after touch 26 of 26');
  });

  it('says the live counts by touches made', () => {
    expect(touchCountText(3, 12)).toBe('12 leads after touch 3');
    expect(touchCountText(0, 1)).toBe('1 lead before touch 1');
  });
});
