import { describe, expect, it } from 'vitest';
import { smsSegments } from './sms-segments.js';

describe('SMS segments', () => {
  it('fits 160 GSM-7 characters in one segment and splits 161 into two of 153', () => {
    expect(smsSegments('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1, left: 0 });
    expect(smsSegments('a'.repeat(161))).toMatchObject({ encoding: 'GSM-7', units: 161, segments: 2, perSegment: 153, left: 145 });
    expect(smsSegments('a'.repeat(306))).toMatchObject({ segments: 2, left: 0 });
    expect(smsSegments('a'.repeat(307))).toMatchObject({ segments: 3 });
  });

  it('counts an extension character (€ { } [ ] ~ | ^ \\) as two places, never split across segments', () => {
    expect(smsSegments('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments('€'.repeat(81))).toMatchObject({ units: 162, segments: 2 });
    // 152 letters then a euro: the pair does not fit the first segment's last place.
    expect(smsSegments(`${'a'.repeat(152)}€${'a'.repeat(10)}`)).toMatchObject({ units: 164, segments: 2, left: 153 - 12 });
  });

  it('sends a text with an emoji as UCS-2: 70 code units in one segment, 67 per segment after, the emoji counting two', () => {
    expect(smsSegments('Hi 👋')).toMatchObject({ encoding: 'UCS-2', units: 5, segments: 1, perSegment: 70, nonGsm: ['👋'] });
    expect(smsSegments(`${'a'.repeat(68)}😀`)).toMatchObject({ units: 70, segments: 1, left: 0 });
    expect(smsSegments(`${'a'.repeat(69)}😀`)).toMatchObject({ units: 71, segments: 2, perSegment: 67 });
    // 66 letters then an emoji: the surrogate pair moves whole into the second segment.
    expect(smsSegments(`${'a'.repeat(66)}😀${'a'.repeat(10)}`)).toMatchObject({ units: 78, segments: 2, left: 67 - 12 });
  });

  it('names what forced UCS-2: a curly quote is not GSM-7, a straight one is', () => {
    expect(smsSegments('It’s here')).toMatchObject({ encoding: 'UCS-2', nonGsm: ['’'] });
    expect(smsSegments("It's here")).toMatchObject({ encoding: 'GSM-7', nonGsm: [] });
  });

  it('counts nothing for an empty text', () => {
    expect(smsSegments('')).toMatchObject({ units: 0, segments: 0 });
  });
});
