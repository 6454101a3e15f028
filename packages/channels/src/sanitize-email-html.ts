import sanitizeHtml from 'sanitize-html';

/**
 * Email HTML after rendering, as delivery sends it and the editor previews it: only the markup
 * emails are made of (tables, text, images, links, inline and `<style>` CSS) is kept, through
 * sanitize-html (a well-kept allowlist sanitiser on htmlparser2). Scripts, frames, objects,
 * forms and every `on*` handler go, and links keep only http, https, mailto and tel (the same
 * schemes `safe-links.ts` allows). An allowlist rather than a denylist: an attribute or tag we
 * did not think of is dropped, not passed through. What it costs: HTML comments, Outlook's
 * `<!--[if mso]>` blocks among them, and a doctype are dropped; email clients render without
 * them.
 */

const EMAIL_TAGS = [
  ...sanitizeHtml.defaults.allowedTags,
  'html', 'head', 'body', 'meta', 'title', 'style', 'img', 'font', 'center', 'span', 'div',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'colgroup', 'col',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'u', 's', 'strike', 'sup', 'sub', 'small', 'big', 'hr', 'br',
];

/** Presentational attributes emails still lean on, allowed on every tag. */
const EVERY_TAG_ATTRIBUTES = [
  'style', 'class', 'id', 'dir', 'lang', 'title', 'align', 'valign', 'width', 'height', 'bgcolor',
  'background', 'border', 'cellpadding', 'cellspacing', 'color', 'face', 'size', 'role', 'aria-*',
  'colspan', 'rowspan', 'data-*',
];

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: EMAIL_TAGS,
  allowedAttributes: {
    '*': EVERY_TAG_ATTRIBUTES,
    a: ['href', 'name', 'target', 'rel'],
    img: ['src', 'alt', 'width', 'height'],
    meta: ['charset', 'name', 'content', 'http-equiv'],
    style: ['type', 'media'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: {},
  allowProtocolRelative: false,
  // A designed email's CSS lives in <style>; sanitize-html drops it unless told it is wanted.
  allowVulnerableTags: true,
  // Kept as written: the marketer's inline CSS (sanitize-html parses it only when asked).
  parseStyleAttributes: false,
  // Text inside a dropped <script> or <iframe> goes with it, never left as visible text.
  nonTextTags: ['script', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'template'],
};

/** `html` with only email markup left: no script, no event handler, no link of another scheme. */
export function sanitizeEmailHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}
