/**
 * An email as the editor holds it (preheader, body HTML, plain-text part) and as it is stored
 * (one `html` part, one `body` text part). The preheader, the line inbox lists show after the
 * subject, is the usual hidden first block of the HTML, so delivery needs nothing new; it is
 * marked `data-preheader` so the editor finds it again.
 */

const PREHEADER = /^<div data-preheader="" style="[^"]*">([\s\S]*?)<\/div>/;
const HIDDEN = 'display:none;max-height:0;overflow:hidden;mso-hide:all';

export function composeEmailHtml(preheader: string, body: string): string {
  const escaped = preheader.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return preheader.trim() ? `<div data-preheader="" style="${HIDDEN}">${escaped}</div>${body}` : body;
}

export function splitEmailHtml(html: string | null): { preheader: string; body: string } {
  if (!html) return { preheader: '', body: '' };
  const found = PREHEADER.exec(html);
  if (!found) return { preheader: '', body: html };
  const preheader = found[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return { preheader, body: html.slice(found[0].length) };
}

/**
 * An email stored with a text part only (as the examples' are, or one written through the API)
 * opened in the rich-text editor: a paragraph per blank-line-separated block, a line break per
 * newline, the text escaped but its Liquid kept as written. Without it the editor opened such an
 * email with an empty body, and saving sent an empty HTML part that mail clients show instead.
 */
export function textToEmailHtml(text: string): string {
  const escape = (part: string) =>
    part.split(LIQUID).map((piece, i) => (i % 2 === 1 ? piece : piece.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'))).join('');
  return text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter((block) => block !== '')
    .map((block) => `<p>${block.split('\n').map(escape).join('<br>')}</p>`)
    .join('');
}

/** Liquid spans, captured so a split keeps them at odd indexes. */
const LIQUID = /(\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\})/;

/**
 * The plain-text part made from the HTML: a paragraph or heading per block with a blank line
 * between, list items as "- ", a link as "text (address)". Liquid stays as written.
 */
export function htmlToText(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const out = new TextJoiner();
  const inline = (node: Node): string => {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
    if (!(node instanceof Element)) return '';
    if (node.tagName === 'BR') return '\n';
    const inner = [...node.childNodes].map(inline).join('');
    if (node.tagName === 'A') {
      const href = node.getAttribute('href');
      return href && href !== inner.trim() ? `${inner} (${href})` : inner;
    }
    return inner;
  };
  const walk = (parent: Element): void => {
    for (const node of parent.childNodes) {
      // Liquid between blocks (a dynamic block's if / else / endif) stays Liquid in the text.
      if (node.nodeType === Node.TEXT_NODE) {
        for (const part of (node.textContent ?? '').split(/(\{%[\s\S]*?%\})/)) {
          if (/^\{%/.test(part)) out.tag(part);
          else if (part.trim()) out.block(part.trim());
        }
        continue;
      }
      if (!(node instanceof Element) || node.hasAttribute('data-preheader')) continue;
      if (node.tagName === 'UL' || node.tagName === 'OL') {
        out.block([...node.children].map((li) => `- ${inline(li).trim()}`).join('\n'));
      } else if (['DIV', 'SECTION', 'TABLE', 'TBODY', 'TR', 'TD', 'BLOCKQUOTE'].includes(node.tagName) && node.children.length > 0) {
        walk(node);
      } else if (node.tagName === 'IMG') {
        const alt = node.getAttribute('alt');
        if (alt) out.block(alt);
      } else {
        const text = inline(node).trim();
        if (text) out.block(text);
      }
    }
  };
  walk(doc.body);
  return out.text;
}

/**
 * Blocks with a blank line between them, and Liquid tags placed so that each branch renders
 * with the same spacing: an opening tag after the blank line, a branch or closing tag right
 * after the content it ends.
 */
class TextJoiner {
  text = '';
  private glued = false;

  block(content: string): void {
    this.text += this.text === '' || this.glued ? content : `\n\n${content}`;
    this.glued = false;
  }

  tag(tag: string): void {
    const name = /^\{%-?\s*(\w+)/.exec(tag)?.[1] ?? '';
    if (name.startsWith('end')) {
      this.text += tag;
      this.glued = false;
    } else if (['elsif', 'else', 'when'].includes(name)) {
      this.text += tag;
      this.glued = true;
    } else {
      this.text += this.text === '' || this.glued ? tag : `\n\n${tag}`;
      this.glued = true;
    }
  }
}
