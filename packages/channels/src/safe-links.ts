import { parse, parseFragment, type DefaultTreeAdapterTypes } from 'parse5';

/**
 * Rendered email HTML may only link with http, https, mailto and tel (or relatively, `#…`).
 * A lead attribute merged into `href="{{ lead.site }}"` is escaped but may still be
 * `javascript:…`; so after rendering, every link-ish attribute whose URL names another scheme
 * becomes `#`. The HTML is parsed as a browser does (parse5: entities such as `&#x09;` decoded,
 * `<template>`, `<noscript>` and SVG included), and only the offending attributes are replaced
 * in the original text, so the marketer's markup (doctype, style tags, tables, Outlook's
 * conditional comments) passes through as written. Outlook reads markup inside
 * `<!--[if mso]>…<![endif]-->`, so those comments are checked too.
 */

const ALLOWED_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);

/** Attributes a client may follow or fetch as a URL. */
const URL_ATTRIBUTES = new Set([
  'href', 'xlink:href', 'src', 'action', 'formaction', 'background', 'poster', 'cite', 'data',
  'longdesc', 'usemap', 'lowsrc', 'dynsrc', 'codebase', 'manifest', 'icon', 'profile', 'archive',
]);
/** Attributes holding several URLs (`srcset`: comma-separated candidates; `ping`: spaces). */
const URL_LIST_ATTRIBUTES = new Set(['srcset', 'imagesrcset', 'ping']);

export const NEUTRALISED_URL = '#';

/** `html` with every link-ish attribute of a disallowed scheme replaced by `#`. */
export function neutraliseUnsafeLinks(html: string): string {
  const edits = unsafeAttributes(parse(html, { sourceCodeLocationInfo: true, scriptingEnabled: false }), 0);
  let out = html;
  // From the end, so earlier offsets stay right.
  for (const { start, end } of edits.sort((a, b) => b.start - a.start)) {
    const name = /^[^\s=]+/.exec(out.slice(start, end))![0];
    out = `${out.slice(0, start)}${name}="${NEUTRALISED_URL}"${out.slice(end)}`;
  }
  return out;
}

/** Whether a URL as written (entities decoded) may stay in an email. */
export function isAllowedLink(value: string): boolean {
  // Clients have ignored control characters and whitespace anywhere in a scheme
  // (`jav\tascript:`), so they are dropped before looking for one. A colon before any
  // `/`, `?` or `#` is then a scheme, whether or not the URL standard would call it valid.
  const compact = value.replace(/[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff]/g, '');
  const scheme = /^([^/?#]*):/.exec(compact)?.[1];
  return scheme === undefined || ALLOWED_SCHEMES.has(scheme.toLowerCase());
}

interface Edit {
  start: number;
  end: number;
}

type Node = DefaultTreeAdapterTypes.Node;

function unsafeAttributes(root: Node, base: number): Edit[] {
  const edits: Edit[] = [];
  const visit = (node: Node): void => {
    if ('attrs' in node && node.sourceCodeLocation?.attrs) {
      for (const attr of node.attrs) {
        const name = attr.prefix ? `${attr.prefix}:${attr.name}` : attr.name;
        const location = node.sourceCodeLocation.attrs[name];
        if (location && !isAllowedAttribute(name, attr.value)) {
          edits.push({ start: base + location.startOffset, end: base + location.endOffset });
        }
      }
    }
    if (node.nodeName === '#comment' && node.sourceCodeLocation) {
      const { data } = node as DefaultTreeAdapterTypes.CommentNode;
      if (/^\s*\[if\b/i.test(data)) {
        // The comment's text starts after `<!--`.
        const start = base + node.sourceCodeLocation.startOffset + '<!--'.length;
        edits.push(...unsafeAttributes(parseFragment(data, { sourceCodeLocationInfo: true, scriptingEnabled: false }), start));
      }
    }
    if ('childNodes' in node) node.childNodes.forEach(visit);
    if (node.nodeName === 'template') visit((node as DefaultTreeAdapterTypes.Template).content);
  };
  visit(root);
  return edits;
}

function isAllowedAttribute(name: string, value: string): boolean {
  if (URL_ATTRIBUTES.has(name)) return isAllowedLink(value);
  if (URL_LIST_ATTRIBUTES.has(name)) {
    const urls = name === 'ping' ? value.split(/\s+/) : value.split(',').map((candidate) => candidate.trim().split(/\s+/)[0]!);
    return urls.every(isAllowedLink);
  }
  return true;
}
