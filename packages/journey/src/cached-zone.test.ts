import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { cachedZone } from './cached-zone.js';

const ZONES = [
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe', // half-hour DST
  'Pacific/Chatham', // +12:45 / +13:45
  'Asia/Kathmandu', // +05:45
  'America/St_Johns', // changed at 00:01 local until 2011
  'Africa/Casablanca', // suspends DST for Ramadan: several changes a year
];

describe('cachedZone', () => {
  it('gives the same offset as luxon at every minute around a DST change', () => {
    const zone = cachedZone('America/New_York');
    const plain = IANAZone.create('America/New_York');
    const change = Date.parse('2026-03-08T07:00:00Z');
    for (let ms = change - 2 * 3_600_000; ms <= change + 2 * 3_600_000; ms += 60_000) {
      expect(zone.offset(ms)).toBe(plain.offset(ms));
    }
    expect(zone.offset(change - 1)).toBe(-300);
    expect(zone.offset(change)).toBe(-240);
  });

  it('gives the same offset as luxon for any instant in any zone, 2000 to 2040', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') }),
        (name, ms) => {
          expect(cachedZone(name).offset(ms)).toBe(IANAZone.create(name).offset(ms));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('is exact at the 00:01 changes of St Johns in 2010', () => {
    const zone = cachedZone('America/St_Johns');
    const plain = IANAZone.create('America/St_Johns');
    const change = DateTime.fromISO('2010-03-14T00:01', { zone: 'America/St_Johns' }).toMillis();
    for (let ms = change - 3_600_000; ms <= change + 3_600_000; ms += 60_000) {
      expect(zone.offset(ms)).toBe(plain.offset(ms));
    }
  });

  it('behaves as an IANA zone to luxon', () => {
    const zone = cachedZone('Europe/London');
    expect(zone.type).toBe('iana');
    expect(zone.name).toBe('Europe/London');
    expect(zone.isValid).toBe(true);
    expect(zone.isUniversal).toBe(false);
    expect(zone.equals(IANAZone.create('Europe/London'))).toBe(true);
    const summer = DateTime.fromMillis(Date.parse('2026-07-01T12:00:00Z'), { zone });
    expect(summer.toISO()).toBe('2026-07-01T13:00:00.000+01:00');
    const plainSummer = DateTime.fromMillis(Date.parse('2026-07-01T12:00:00Z'), { zone: 'Europe/London' });
    expect(summer.offsetNameLong).toBe(plainSummer.offsetNameLong);
    expect(cachedZone('UTC').isUniversal).toBe(true);
    expect(cachedZone('Europe/London')).toBe(zone);
  });
});
