/**
 * Makes a rendered email trackable and unsubscribable, as pure text work:
 * - every http(s) link of the HTML part goes through the click redirect (`links.click(url)`);
 *   `mailto:`, `tel:`, in-page anchors and Trellis's own links (the unsubscribe link) stay;
 * - the HTML part gets the open pixel at the end of its body;
 * - both parts carry the unsubscribe link: where the template placed `{{ unsubscribe_url }}`,
 *   else in a short footer;
 * - the text part keeps its links as written, for people to read them, unless the email has no
 *   HTML part: then its bare links are rewritten, the only way its clicks can be seen.
 * Links are found with a pattern over `<a ... href=...>` rather than a full HTML parser: only
 * the attribute's value is replaced, so whatever else the markup holds passes through as is.
 */

export interface EmailLinks {
  /** The redirect URL for a click on `url`. */
  click(url: string): string;
  /** The open pixel's URL. */
  open: string;
  /** The unsubscribe and preferences page (also the List-Unsubscribe URL). */
  unsubscribe: string;
  /** Links starting with this are Trellis's own and never rewritten (e.g. `https://host/t/`). */
  ownPrefix: string;
}

export interface EmailParts {
  text: string;
  html: string | null;
}

const ANCHOR_HREF = /(<a\b[^>]*?\bhref\s*=\s*)("([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;
const TEXT_URL = /\bhttps?:\/\/[^\s<>"'`]+/gi;
/** Sentence punctuation right after a URL in prose is not part of it. */
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;

export function trackEmail(parts: EmailParts, links: EmailLinks): EmailParts {
  const isTracked = (url: string) => /^https?:\/\//i.test(url) && !url.startsWith(links.ownPrefix);
  let html = parts.html;
  if (html !== null) {
    html = html.replace(ANCHOR_HREF, (whole, before: string, _quoted, double?: string, single?: string, bare?: string) => {
      const url = decodeEntities((double ?? single ?? bare ?? '').trim());
      return isTracked(url) ? `${before}"${escapeAttribute(links.click(url))}"` : whole;
    });
    if (!html.includes(links.unsubscribe)) html = beforeBodyEnd(html, htmlFooter(links.unsubscribe));
    html = beforeBodyEnd(html, pixel(links.open));
  }
  let text = parts.text;
  if (parts.html === null) {
    text = text.replace(TEXT_URL, (found) => {
      const trailing = TRAILING_PUNCTUATION.exec(found)?.[0] ?? '';
      const url = found.slice(0, found.length - trailing.length);
      return isTracked(url) ? links.click(url) + trailing : found;
    });
  }
  if (!text.includes(links.unsubscribe)) text = `${text.replace(/\s+$/, '')}\n\n--\n${TEXT_FOOTER} ${links.unsubscribe}\n`;
  return { text, html };
}

export const TEXT_FOOTER = 'Unsubscribe or choose what you receive:';

function htmlFooter(url: string): string {
  return `<p style="font-size:12px;color:#6b7280;margin-top:24px">Don't want these emails? <a href="${escapeAttribute(url)}">Unsubscribe or choose what you receive</a>.</p>`;
}

function pixel(url: string): string {
  return `<img src="${escapeAttribute(url)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0" />`;
}

/** Inserts before `</body>` when there is one, else appends. */
function beforeBodyEnd(html: string, insert: string): string {
  const end = html.search(/<\/body\s*>/i);
  return end === -1 ? html + insert : html.slice(0, end) + insert + html.slice(end);
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };

/** The entities an href value is written with (`&amp;` in a query string, above all). */
function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
