import { describe, expect, it } from 'vitest';
import { isAllowedLink, neutraliseUnsafeLinks } from './safe-links.js';

describe('isAllowedLink', () => {
  it('allows http, https, mailto, tel and links without a scheme', () => {
    const allowed = ['https://a.example/x?y=1:2', 'HTTP://a.example', 'mailto:ada@example.com', 'tel:+442079460000', '#top', '/pricing', 'page.html?at=10:30', '//cdn.example/x.png', ''];
    expect(allowed.filter((url) => !isAllowedLink(url))).toEqual([]);
  });

  it('refuses every other scheme, however it is disguised', () => {
    const refused = ['javascript:alert(1)', 'JavaScript:alert(1)', ' \u0001javascript:alert(1)', 'jav\tascript:alert(1)', 'java\nscript:x', 'java\u0000script:x', 'data:text/html,<script>x</script>', 'vbscript:msgbox(1)', 'file:///etc/passwd'];
    expect(refused.filter((url) => isAllowedLink(url))).toEqual([]);
  });
});

describe('neutraliseUnsafeLinks', () => {
  it('replaces only the unsafe attributes, leaving the rest of the email as written', () => {
    const email = [
      '<!DOCTYPE html><html><head><style>td { color: #333 }</style></head><body>',
      '<table role="presentation" style="width:100%"><tr><td style="padding:8px">',
      '<a HREF = \'jav&#x09;ascript:steal()\' class="btn">Go</a>',
      '<a href="https://acme.example/?a=1&amp;b=2">Site</a>',
      '<img src="data:image/svg+xml;base64,PHN2Zz4=" alt=""><img src="https://acme.example/logo.png" alt="">',
      '<form action="javascript:x"><button formaction="vbscript:y">Send</button></form>',
      '<svg><a xlink:href="javascript:z"><text>t</text></a></svg>',
      '<img srcset="https://acme.example/a.png 1x, javascript:b 2x">',
      '</td></tr></table></body></html>',
    ].join('\n');
    expect(neutraliseUnsafeLinks(email)).toBe(
      [
        '<!DOCTYPE html><html><head><style>td { color: #333 }</style></head><body>',
        '<table role="presentation" style="width:100%"><tr><td style="padding:8px">',
        '<a HREF="#" class="btn">Go</a>',
        '<a href="https://acme.example/?a=1&amp;b=2">Site</a>',
        '<img src="#" alt=""><img src="https://acme.example/logo.png" alt="">',
        '<form action="#"><button formaction="#">Send</button></form>',
        '<svg><a xlink:href="#"><text>t</text></a></svg>',
        '<img srcset="#">',
        '</td></tr></table></body></html>',
      ].join('\n'),
    );
  });

  it("checks markup Outlook reads inside conditional comments, <template> and <noscript>", () => {
    const html =
      '<!--[if mso]><v:roundrect href="javascript:a" style="width:200px"></v:roundrect><![endif]--><!-- a note: href="javascript:kept" -->' +
      '<template><a href="javascript:b">b</a></template><noscript><a href="javascript:c">c</a></noscript>';
    expect(neutraliseUnsafeLinks(html)).toBe(
      '<!--[if mso]><v:roundrect href="#" style="width:200px"></v:roundrect><![endif]--><!-- a note: href="javascript:kept" -->' +
        '<template><a href="#">b</a></template><noscript><a href="#">c</a></noscript>',
    );
  });

  it('returns an email without unsafe links unchanged, character for character', () => {
    const html = '<p>Hi <b>Ada</b>,<br>see <a href="https://acme.example">us</a> or <a href=mailto:hi@acme.example>write</a>.</p><p>&nbsp;</p>';
    expect(neutraliseUnsafeLinks(html)).toBe(html);
  });
});
