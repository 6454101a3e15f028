import { describe, expect, it } from 'vitest';
import { composeEmailHtml, htmlToText, splitEmailHtml, textToEmailHtml } from './email-parts.js';

describe('the parts of an email', () => {
  it('keeps the preheader as the hidden first block of the HTML and finds it again', () => {
    const html = composeEmailHtml('Your <guide> & more', '<p>Hi</p>');
    expect(html).toBe('<div data-preheader="" style="display:none;max-height:0;overflow:hidden;mso-hide:all">Your &lt;guide&gt; &amp; more</div><p>Hi</p>');
    expect(splitEmailHtml(html)).toEqual({ preheader: 'Your <guide> & more', body: '<p>Hi</p>' });
    expect(splitEmailHtml('<p>Hi</p>')).toEqual({ preheader: '', body: '<p>Hi</p>' });
    expect(composeEmailHtml(' ', '<p>Hi</p>')).toBe('<p>Hi</p>');
  });

  it('makes the plain-text part from the HTML: blocks, list items and links', () => {
    const html =
      '<div data-preheader="">hidden</div><h1>Hello {{ lead.first_name | default: "there" }}</h1><p>Read <a href="https://acme.example/guide">the guide</a>.<br>Thanks</p>' +
      '<ul><li><p>One</p></li><li><p>Two</p></li></ul><p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>';
    expect(htmlToText(html)).toBe(
      'Hello {{ lead.first_name | default: "there" }}\n\nRead the guide (https://acme.example/guide).\nThanks\n\n- One\n- Two\n\nUnsubscribe ({{ unsubscribe_url }})',
    );
  });

  it('keeps a dynamic block\'s Liquid in the plain text, spaced so each branch reads as paragraphs', () => {
    const html = '<p>Hi</p>{% if lead.stage == "mql" %}<p>Demo</p>{% else %}<p>Guide</p>{% endif %}<p>Bye</p>';
    expect(htmlToText(html)).toBe('Hi\n\n{% if lead.stage == "mql" %}Demo{% else %}Guide{% endif %}\n\nBye');
  });
});

describe('textToEmailHtml', () => {
  it('opens a text-only email as paragraphs and line breaks, escaping text but not its Liquid, and reads back as the same text', () => {
    const text = 'Hi {{ lead.first_name | default: "there" }},\n\nTom & Jerry <3 pricing.\nSee {% if lead.score > 50 %}you{% endif %}.\n\n\n{{ sender.name }}';
    const html = textToEmailHtml(text);
    expect(html).toBe(
      '<p>Hi {{ lead.first_name | default: "there" }},</p><p>Tom &amp; Jerry &lt;3 pricing.<br>See {% if lead.score > 50 %}you{% endif %}.</p><p>{{ sender.name }}</p>',
    );
    expect(htmlToText(html)).toBe('Hi {{ lead.first_name | default: "there" }},\n\nTom & Jerry <3 pricing.\nSee {% if lead.score > 50 %}you{% endif %}.\n\n{{ sender.name }}');
  });
});
