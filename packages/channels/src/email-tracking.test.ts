import { describe, expect, it } from 'vitest';
import { trackEmail, type EmailLinks } from './email-tracking.js';

const links: EmailLinks = {
  click: (url) => `https://t.example/t/c/${encodeURIComponent(url)}`,
  open: 'https://t.example/t/o/OPEN',
  unsubscribe: 'https://t.example/t/u/UNSUB',
  ownPrefix: 'https://t.example/t/',
};

describe('trackEmail', () => {
  it('sends the HTML part’s web links through the click redirect, leaving mailto, tel, anchors and its own links', () => {
    const html =
      '<html><body><p><a class="btn" href="https://example.com/pricing?a=1&amp;b=2">Pricing</a> ' +
      "<a href='http://example.com/x'>x</a> <a href=https://example.com/bare>bare</a> " +
      '<a href="mailto:sales@example.com">mail</a> <a href="tel:+441234">call</a> <a href="#top">top</a> ' +
      '<a href="https://t.example/t/u/UNSUB">Unsubscribe</a></p></body></html>';
    const tracked = trackEmail({ text: 'Hi', html }, links);
    expect(tracked.html).toBe(
      '<html><body><p><a class="btn" href="https://t.example/t/c/https%3A%2F%2Fexample.com%2Fpricing%3Fa%3D1%26b%3D2">Pricing</a> ' +
        '<a href="https://t.example/t/c/http%3A%2F%2Fexample.com%2Fx">x</a> <a href="https://t.example/t/c/https%3A%2F%2Fexample.com%2Fbare">bare</a> ' +
        '<a href="mailto:sales@example.com">mail</a> <a href="tel:+441234">call</a> <a href="#top">top</a> ' +
        '<a href="https://t.example/t/u/UNSUB">Unsubscribe</a></p>' +
        '<img src="https://t.example/t/o/OPEN" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0" />' +
        '</body></html>',
    );
  });

  it('keeps the text part readable when there is an HTML part: its links stay as written, the unsubscribe link is added', () => {
    const tracked = trackEmail({ text: 'See https://example.com/pricing.\n', html: '<p>Hi</p>' }, links);
    expect(tracked.text).toBe('See https://example.com/pricing.\n\n--\nUnsubscribe or choose what you receive: https://t.example/t/u/UNSUB\n');
    expect(tracked.html).toBe(
      '<p>Hi</p><p style="font-size:12px;color:#6b7280;margin-top:24px">Don\'t want these emails? ' +
        '<a href="https://t.example/t/u/UNSUB">Unsubscribe or choose what you receive</a>.</p>' +
        '<img src="https://t.example/t/o/OPEN" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0" />',
    );
  });

  it('rewrites a text-only email’s bare links, keeping sentence punctuation outside them', () => {
    const tracked = trackEmail(
      { text: 'Pricing: https://example.com/pricing. Or (https://example.com/demo), or mail sales@example.com.\nBye: https://t.example/t/u/UNSUB', html: null },
      links,
    );
    expect(tracked).toEqual({
      text:
        'Pricing: https://t.example/t/c/https%3A%2F%2Fexample.com%2Fpricing. Or (https://t.example/t/c/https%3A%2F%2Fexample.com%2Fdemo), ' +
        'or mail sales@example.com.\nBye: https://t.example/t/u/UNSUB',
      html: null,
    });
  });
});
