import { describe, expect, it } from 'vitest';
import { cellValue, readHeader, readRow, type Column } from './csv-rows.js';

const columnsOf = (names: string[]): Column[] => {
  const header = readHeader(names);
  if (!header.ok) throw new Error(header.message);
  return header.columns;
};

describe('an import header', () => {
  it('names lead fields, consent channels and attributes; an empty name is a column to skip', () => {
    expect(columnsOf(['id', 'email', 'consent.sms', 'industry', ''])).toEqual([
      { kind: 'field', name: 'id', field: 'id' },
      { kind: 'field', name: 'email', field: 'email' },
      { kind: 'consent', name: 'consent.sms', channel: 'sms' },
      { kind: 'attribute', name: 'industry' },
      { kind: 'ignored', name: '' },
    ]);
  });
  it('is refused with a reason when columns repeat, are too many, or the file uses another separator', () => {
    expect(readHeader(['email', 'name', 'email'])).toEqual({ ok: false, message: 'Each column may appear once; repeated: "email".' });
    expect(readHeader(Array.from({ length: 10_000 }, (_, i) => `c${i}`))).toEqual({ ok: false, message: 'The header has 10,000 columns; an import takes at most 1,000.' });
    expect(readHeader(['id;email;phone'])).toEqual({ ok: false, message: 'The header is one column, "id;email;phone": the file looks separated by ";". Save it as CSV, separated by commas.' });
  });
});

describe('an import row', () => {
  const columns = columnsOf(['id', 'email', 'phone', 'timezone', 'score', 'consent.email', 'size', 'zip', 'name']);
  it('becomes a lead body: values normalised, empty cells left out, numbers read as numbers where written as such', () => {
    expect(readRow(columns, ['ada', ' ADA@Example.com', '+44 20 7946 0958', 'Europe/London', '12.5', 'opted_in', '250', '02134', ''])).toEqual({
      ok: true,
      id: 'ada',
      patch: { email: 'ADA@example.com', phone: '+442079460958', timezone: 'Europe/London', score: 12.5, consent: { email: 'opted_in' }, attributes: { size: 250, zip: '02134' } },
    });
  });
  it('is rejected with every problem at its column', () => {
    expect(readRow(columns, ['', 'not-an-email', 'abc', 'Mars/Base', 'lots', 'yes', '', '', ''])).toEqual({
      ok: false,
      problems: [
        { column: 'score', message: '"lots" is not a number' },
        { column: 'email', message: '"not-an-email" is not an email address (name@example.com)' },
        { column: 'phone', message: '"abc" is not a phone number; start with + and the country code, e.g. +44 20 7946 0958' },
        { column: 'timezone', message: 'is not a time zone; use an IANA name such as Europe/London or America/New_York' },
        { column: 'consent.email', message: 'Invalid option: expected one of "opted_in"|"opted_out"|"unknown"' },
      ],
    });
    expect(readRow(columns, ['a', 'b'])).toEqual({ ok: false, problems: [{ column: '', message: 'has 2 values; the header has 9 columns' }] });
  });
  it('keeps text that only looks like a number', () => {
    expect([cellValue('250'), cellValue('-1.5'), cellValue('1e3'), cellValue('1,000'), cellValue('true')]).toEqual([250, -1.5, '1e3', '1,000', true]);
  });
});
