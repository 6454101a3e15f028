import { describe, expect, it } from 'vitest';
import { attributeFields, telHref } from './attribute-fields.js';

describe("a lead's attributes as fields", () => {
  it('gives each nested value a field of its own, and joins lists', () => {
    expect(attributeFields({ company: { size: 200, name: 'Acme' }, tags: ['a', 'b'], industry: 'saas', vip: true, empty: null })).toEqual([
      ['company.size', '200'],
      ['company.name', 'Acme'],
      ['tags', 'a, b'],
      ['industry', 'saas'],
      ['vip', 'true'],
      ['empty', '—'],
    ]);
  });

  it('makes a dialable tel: link of a phone number as people write it', () => {
    expect(telHref('+1 (415) 555-0100')).toBe('tel:+14155550100');
    expect(telHref('020 7946 0958')).toBe('tel:02079460958');
  });
});
