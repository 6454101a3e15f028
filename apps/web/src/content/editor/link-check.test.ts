import { describe, expect, it } from 'vitest';
import { checkLinks } from './link-check.js';

describe('checking an email\'s links', () => {
  it('lists each link with what is wrong with it', () => {
    const report = checkLinks(
      '<p><a href="https://acme.example/pricing?u={{ lead.id }}">Pricing</a> <a href="http://acme.example">Old</a> ' +
        '<a href="https//acme.example">Typo</a> <a href="javascript:alert(1)">Bad</a> <a href="mailto:hi@acme.example">Mail</a> ' +
        '<a href="https://exa mple.com">Space</a> <a>Empty</a> <a href="https://localhost/x">Local</a></p>',
    );
    expect(report.links.map((l) => [l.text, l.problem])).toEqual([
      ['Pricing', null],
      ['Old', 'is not https'],
      ['Typo', 'is not a full address (https://…)'],
      ['Bad', 'uses "javascript:", which emails may not link to (it is removed)'],
      ['Mail', null],
      ['Space', 'is malformed'],
      ['Empty', 'has no address'],
      ['Local', 'has no proper host name'],
    ]);
    expect(report.hasUnsubscribe).toBe(false);
  });

  it('finds the unsubscribe link, however it is spaced', () => {
    const report = checkLinks('<p><a href="{{unsubscribe_url}}">Unsubscribe</a></p>');
    expect(report).toEqual({ links: [{ href: '{{unsubscribe_url}}', text: 'Unsubscribe', problem: null }], hasUnsubscribe: true });
  });
});
