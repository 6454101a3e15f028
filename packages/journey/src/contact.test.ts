import { describe, expect, it } from 'vitest';
import { emailKey, normaliseEmail, normalisePhone } from './contact.js';
import { leadPatchSchema } from './lead.js';

describe('a lead email', () => {
  it('is trimmed, its domain lower-cased, its local part kept as typed', () => {
    expect(normaliseEmail('  Ada.Lovelace@EXAMPLE.Com ')).toEqual({ ok: true, value: 'Ada.Lovelace@example.com' });
  });
  it('matches another ignoring case', () => {
    expect(emailKey(' ADA@EXAMPLE.COM')).toBe(emailKey('ada@example.com'));
  });
  it('is refused when it is not an address, naming the value', () => {
    expect(normaliseEmail('not-an-email')).toEqual({ ok: false, message: '"not-an-email" is not an email address (name@example.com)' });
    expect(normaliseEmail(`${'a'.repeat(250)}@x.io`)).toEqual({ ok: false, message: 'is longer than 254 characters' });
  });
  it('reads as none when blank', () => {
    expect(normaliseEmail('  ')).toEqual({ ok: true, value: null });
  });
});

describe('a lead phone', () => {
  it('becomes E.164', () => {
    expect(normalisePhone('+44 20 7946 0958')).toEqual({ ok: true, value: '+442079460958' });
    expect(normalisePhone('+1 (415) 555-0132')).toEqual({ ok: true, value: '+14155550132' });
  });
  it('is refused when it is not a number, or gives no country', () => {
    expect(normalisePhone('abc')).toEqual({ ok: false, message: '"abc" is not a phone number; start with + and the country code, e.g. +44 20 7946 0958' });
    expect(normalisePhone('020 7946 0958').ok).toBe(false);
    expect(normalisePhone('+44 12')).toEqual({ ok: false, message: '"+44 12" is not a phone number' });
  });
  it('answers a number it read lately as it did then, its E.164 form too, and past the ones it keeps reads again', () => {
    const answers = ['+44 20 7946 0961', ' +44 20 7946 0961 ', '+442079460961', 'n/a', ' n/a'].map(normalisePhone);
    expect(answers).toEqual([
      { ok: true, value: '+442079460961' },
      { ok: true, value: '+442079460961' },
      { ok: true, value: '+442079460961' },
      { ok: false, message: '"n/a" is not a phone number; start with + and the country code, e.g. +44 20 7946 0958' },
      { ok: false, message: '"n/a" is not a phone number; start with + and the country code, e.g. +44 20 7946 0958' },
    ]);
    for (let i = 0; i < 45_000; i++) normalisePhone(`+44 20 7${String(i).padStart(7, '0')}`);
    expect(normalisePhone('+44 20 7946 0961')).toEqual({ ok: true, value: '+442079460961' });
    expect(normalisePhone('+44 20 70000000')).toEqual({ ok: true, value: '+442070000000' });
  });
});

describe('the lead body', () => {
  it('normalises email and phone for every writer (API, events, imports)', () => {
    expect(leadPatchSchema.parse({ email: ' ADA@EXAMPLE.COM ', phone: '+44 20 7946 0958' })).toEqual({ email: 'ADA@example.com', phone: '+442079460958' });
  });
  it('names the field of a bad value', () => {
    const result = leadPatchSchema.safeParse({ email: 'not-an-email', phone: 'abc' });
    expect(result.success ? [] : result.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['email', '"not-an-email" is not an email address (name@example.com)'],
      ['phone', '"abc" is not a phone number; start with + and the country code, e.g. +44 20 7946 0958'],
    ]);
  });
  it('still clears with null', () => {
    expect(leadPatchSchema.parse({ email: null, phone: null })).toEqual({ email: null, phone: null });
  });
});
