import { describe, expect, it } from 'vitest';
import { renderTemplate } from './render.js';
import { sanitizeEmailHtml } from './sanitize-email-html.js';

const sender = { name: 'Acme', email: 'hello@acme.example', phone: null };

describe('sanitising email HTML', () => {
  it('drops scripts with their text, in any case and inside SVG', () => {
    expect(sanitizeEmailHtml('<p>Hi</p><SCRIPT>alert(1)</SCRIPT><svg><script>alert(2)</script></svg>')).toBe('<p>Hi</p>');
  });

  it('drops every event handler and keeps the attributes emails use', () => {
    expect(sanitizeEmailHtml('<td onclick="x()" onmouseover=y() align="center" style="color:red" bgcolor="#fff">a</td>')).toBe(
      '<td align="center" style="color:red" bgcolor="#fff">a</td>',
    );
    expect(sanitizeEmailHtml('<img src="https://cdn.example/a.png" onerror="alert(1)" alt="logo">')).toBe(
      '<img src="https://cdn.example/a.png" alt="logo" />',
    );
  });

  it('drops links of any scheme but http, https, mailto and tel, however they are spelled', () => {
    const hostile = [
      '<a href="javascript:alert(1)">a</a>',
      '<a href="JaVaScRiPt:alert(1)">a</a>',
      '<a href="jav&#x09;ascript:alert(1)">a</a>',
      '<a href="&#106;avascript:alert(1)">a</a>',
      '<a href="data:text/html,<script>alert(1)</script>">a</a>',
      '<a href="vbscript:msgbox(1)">a</a>',
    ];
    for (const html of hostile) expect(sanitizeEmailHtml(html)).toBe('<a>a</a>');
    expect(sanitizeEmailHtml('<a href="mailto:a@b.example">m</a><a href="tel:+15551234">t</a><a href="https://x.example/?a=1&amp;b=2">h</a>')).toBe(
      '<a href="mailto:a@b.example">m</a><a href="tel:+15551234">t</a><a href="https://x.example/?a=1&amp;b=2">h</a>',
    );
  });

  it('drops frames, objects, embeds, forms and base, and keeps tables and style sheets', () => {
    expect(
      sanitizeEmailHtml(
        '<iframe src="https://evil.example">x</iframe><object data="x.swf"></object><embed src="x"><form action="https://evil.example"><input name="p"></form><base href="https://evil.example/">',
      ),
    ).toBe('');
    expect(sanitizeEmailHtml('<style>p { color: red }</style><table width="600" cellpadding="0"><tr><td>x</td></tr></table>')).toBe(
      '<style>p { color: red }</style><table width="600" cellpadding="0"><tr><td>x</td></tr></table>',
    );
  });

  it('drops comments, so markup hidden in Outlook conditional comments never reaches a client', () => {
    expect(sanitizeEmailHtml('<!--[if mso]><script>alert(1)</script><![endif]--><p>ok</p>')).toBe('<p>ok</p>');
  });

  it('is applied when an HTML part renders, so a template\'s own script never leaves the server', async () => {
    const rendered = await renderTemplate(
      '<p onclick="steal()">Hi {{ lead.first_name }}</p><script>steal()</script><a href="javascript:steal()">x</a>',
      { lead: { id: 'l1', attributes: { first_name: 'Ada' } }, sender },
      'html',
    );
    expect(rendered.text).toBe('<p>Hi Ada</p><a href="#">x</a>');
  });

  it('leaves text parts as written: an SMS may say <script>', async () => {
    const rendered = await renderTemplate('Use <script> tags', { lead: { id: 'l1', attributes: {} }, sender }, 'text');
    expect(rendered.text).toBe('Use <script> tags');
  });
});
