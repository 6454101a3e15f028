import { describe, expect, it } from 'vitest';
import { formatAddress, postalAddress } from './deliver-send.js';

describe('formatAddress', () => {
  it('shows a plain name as it is and quotes one with header punctuation', () => {
    expect(formatAddress({ name: 'Sam Reyes', address: 'sam@acme.test' })).toBe('Sam Reyes <sam@acme.test>');
    expect(formatAddress({ name: 'Reyes, Sam', address: 'sam@acme.test' })).toBe('"Reyes, Sam" <sam@acme.test>');
    expect(formatAddress({ name: 'Sam "The Closer"', address: 's@a.test' })).toBe('"Sam \\"The Closer\\"" <s@a.test>');
  });
});

describe('postalAddress', () => {
  it('takes a string, a list of lines, or named parts in the order a letter shows them', () => {
    expect(postalAddress(' 1 High St, Leeds ')).toBe('1 High St, Leeds');
    expect(postalAddress(['1 High St', '', 'Leeds'])).toBe('1 High St\nLeeds');
    expect(postalAddress({ country: 'UK', postcode: 'LS1 1AA', city: 'Leeds', line1: '1 High St', floor: '2nd' })).toBe(
      '1 High St\nLeeds\nLS1 1AA\nUK\n2nd',
    );
  });

  it('is null when there is nothing to write on the envelope', () => {
    expect([postalAddress(undefined), postalAddress(''), postalAddress([]), postalAddress({ city: 3 }), postalAddress(12)]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});
