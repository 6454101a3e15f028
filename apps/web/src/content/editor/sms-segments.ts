/**
 * How many SMS segments a text takes, as carriers count them (3GPP TS 23.038): a text of GSM-7
 * characters only fits 160 in one segment or 153 per segment when concatenated (a header takes
 * the rest); anything else (an emoji, a curly quote, most non-Latin scripts) sends the whole
 * message as UCS-2: 70 in one, 67 per segment. The extension characters (`€ ^ { } [ ] ~ | \`)
 * take two GSM-7 places, and neither an escape pair nor a UTF-16 surrogate pair is split across
 * segments, so the count walks the text rather than dividing its length.
 */

const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

export interface SmsSegments {
  encoding: 'GSM-7' | 'UCS-2';
  /** Places used: GSM-7 septets, or UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
  /** Places one segment holds at this length: 160/153 or 70/67. */
  perSegment: number;
  /** Places left in the last segment. */
  left: number;
  /** The characters that forced UCS-2, each once. */
  nonGsm: string[];
}

export function smsSegments(text: string): SmsSegments {
  const chars = [...text];
  const nonGsm = [...new Set(chars.filter((c) => !GSM7_BASIC.has(c) && !GSM7_EXTENSION.has(c)))];
  const gsm = nonGsm.length === 0;
  const single = gsm ? 160 : 70;
  const multi = gsm ? 153 : 67;
  const widths = chars.map((c) => (gsm ? (GSM7_EXTENSION.has(c) ? 2 : 1) : c.length));
  const units = widths.reduce((a, b) => a + b, 0);
  if (units <= single) {
    return { encoding: gsm ? 'GSM-7' : 'UCS-2', units, segments: units === 0 ? 0 : 1, perSegment: single, left: single - units, nonGsm };
  }
  let segments = 1;
  let used = 0;
  for (const width of widths) {
    if (used + width > multi) {
      segments++;
      used = 0;
    }
    used += width;
  }
  return { encoding: gsm ? 'GSM-7' : 'UCS-2', units, segments, perSegment: multi, left: multi - used, nonGsm };
}
