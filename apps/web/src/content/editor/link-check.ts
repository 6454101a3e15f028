/**
 * The links of an email's HTML, as a marketer should check them before sending: malformed ones,
 * ones that are not https (a lead's client warns, trackers leak), ones of a scheme the server
 * will drop anyway, and whether the email carries its unsubscribe link (`{{ unsubscribe_url }}`),
 * which every marketing email must. Links holding Liquid are filled in per lead, so only their
 * scheme can be judged here. Parsed with the browser's own DOMParser, which runs nothing.
 */

export interface CheckedLink {
  href: string;
  text: string;
  problem: string | null;
}

export interface LinkReport {
  links: CheckedLink[];
  hasUnsubscribe: boolean;
}

const UNSUBSCRIBE = /\{\{-?\s*unsubscribe_url\s*-?\}\}/;

export function checkLinks(html: string): LinkReport {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const links = [...doc.querySelectorAll('a')].map((a) => {
    const href = a.getAttribute('href') ?? '';
    return { href, text: (a.textContent ?? '').trim(), problem: linkProblem(href) };
  });
  return { links, hasUnsubscribe: UNSUBSCRIBE.test(html) };
}

function linkProblem(href: string): string | null {
  const value = href.trim();
  if (value === '') return 'has no address';
  if (UNSUBSCRIBE.test(value)) return null;
  if (value.startsWith('{{') || value.startsWith('{%')) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  if (scheme === 'mailto' || scheme === 'tel') return null;
  if (scheme === 'http') return 'is not https';
  if (scheme === undefined) return 'is not a full address (https://…)';
  if (scheme !== 'https') return `uses "${scheme}:", which emails may not link to (it is removed)`;
  // Liquid in the path or query is filled in per lead; the rest must already be a URL.
  const withoutLiquid = value.replace(/\{\{.*?\}\}|\{%.*?%\}/g, 'x');
  try {
    const url = new URL(withoutLiquid);
    if (!url.hostname.includes('.')) return 'has no proper host name';
    if (/\s/.test(withoutLiquid)) return 'holds spaces';
  } catch {
    return 'is malformed';
  }
  return null;
}
