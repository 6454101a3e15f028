import type { Condition } from '@trellis/journey';
import { conditionToLiquid, liquidToCondition } from './liquid-conditions.js';

/**
 * An email body as the editor shows it: rich-text sections and dynamic blocks between them. A
 * dynamic block is stored as Liquid at the top level of the HTML,
 * `{% if lead.stage == "mql" %}<p>…</p>{% elsif … %}<p>…</p>{% else %}<p>…</p>{% endif %}`, so
 * the server renders it with its one template engine; an `{% if %}` found at the top level of a
 * stored body (or alone in a paragraph, as typed in the editor) opens as a block again when the
 * builder can say its conditions, and stays text otherwise.
 */

export interface Variant {
  /** null: "otherwise" (`{% else %}`), always last. */
  when: Condition | null;
  html: string;
}

export type BodySection = { kind: 'rich'; html: string } | { kind: 'dynamic'; variants: Variant[] };

const LIQUID_SPAN = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;
const ENTITY = /&(gt|lt|amp|quot|#39|#x27|nbsp);/g;
const ENTITY_TEXT: Record<string, string> = { gt: '>', lt: '<', amp: '&', quot: '"', '#39': "'", '#x27': "'", nbsp: ' ' };

/**
 * Liquid inside rich text as Liquid: HTML serialisation escapes `>`, `<`, `&` (and quotes in
 * attributes) in text, which would turn `{% if lead.score > 50 %}` into `&gt;`, a syntax error.
 * Inside `{{ }}` and `{% %}` they are put back; the rest of the HTML is left escaped.
 */
export function unescapeLiquid(html: string): string {
  return html.replace(LIQUID_SPAN, (span) => span.replace(ENTITY, (_, name: string) => ENTITY_TEXT[name]!).replace(/\u00a0/g, ' '));
}

const TAG = /\{%-?\s*(if|elsif|else|endif)\b([\s\S]*?)-?%\}/g;
const WHOLE_TAG = /^\{%-?\s*(if|elsif|else|endif)\b([\s\S]*?)-?%\}$/;

type Token = { html: string } | { tag: 'if' | 'elsif' | 'else' | 'endif'; expression: string; source: string };

export function parseEmailBody(html: string): BodySection[] {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const tokens: Token[] = [];
  for (const node of doc.body.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      tokens.push(...textTokens(node.textContent ?? ''));
      continue;
    }
    if (!(node instanceof Element)) continue;
    const alone = node.tagName === 'P' && node.children.length === 0 ? WHOLE_TAG.exec((node.textContent ?? '').trim()) : null;
    if (alone) tokens.push({ tag: alone[1] as 'if', expression: alone[2]!.trim(), source: alone[0] });
    else tokens.push({ html: unescapeLiquid(node.outerHTML) });
  }
  return group(tokens);
}

function textTokens(text: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  for (const found of text.matchAll(TAG)) {
    if (found.index > last) tokens.push({ html: escapeOutsideLiquid(text.slice(last, found.index)) });
    tokens.push({ tag: found[1] as 'if', expression: found[2]!.trim(), source: found[0] });
    last = found.index + found[0].length;
  }
  if (last < text.length) tokens.push({ html: escapeOutsideLiquid(text.slice(last)) });
  return tokens.filter((t) => !('html' in t) || t.html.trim() !== '');
}

function escapeOutsideLiquid(text: string): string {
  return unescapeLiquid(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

/** Top-level if … endif runs become blocks; anything else (or a condition the builder cannot say) stays rich text. */
function group(tokens: Token[]): BodySection[] {
  const sections: BodySection[] = [];
  const addRich = (html: string) => {
    const last = sections[sections.length - 1];
    if (last?.kind === 'rich') last.html += html;
    else sections.push({ kind: 'rich', html });
  };
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i]!;
    if (!('tag' in token) || token.tag !== 'if') {
      addRich('html' in token ? token.html : token.source);
      i++;
      continue;
    }
    const block = readBlock(tokens, i);
    if (block) {
      sections.push(block.section);
      i = block.end;
    } else {
      addRich(token.source);
      i++;
    }
  }
  if (sections.length === 0) sections.push({ kind: 'rich', html: '' });
  return sections;
}

function readBlock(tokens: Token[], start: number): { section: BodySection; end: number } | null {
  const variants: Array<{ when: Condition | null; parts: string[] }> = [];
  let depth = 0;
  for (let i = start; i < tokens.length; i++) {
    const token = tokens[i]!;
    if ('tag' in token) {
      if (token.tag === 'if') depth++;
      if (depth === 1 && (token.tag === 'if' || token.tag === 'elsif')) {
        const when = liquidToCondition(token.expression);
        if (!when) return null;
        variants.push({ when, parts: [] });
        continue;
      }
      if (depth === 1 && token.tag === 'else') {
        variants.push({ when: null, parts: [] });
        continue;
      }
      if (token.tag === 'endif') {
        depth--;
        if (depth === 0) {
          return { section: { kind: 'dynamic', variants: variants.map((v) => ({ when: v.when, html: v.parts.join('') })) }, end: i + 1 };
        }
      }
      variants[variants.length - 1]!.parts.push(token.source);
    } else {
      variants[variants.length - 1]!.parts.push(token.html);
    }
  }
  return null; // never closed: left as text, for the check to flag
}

/** The stored HTML, and a sentence for each condition Liquid cannot say (those block saving). */
export function serializeEmailBody(sections: BodySection[]): { html: string; problems: string[] } {
  const problems: string[] = [];
  const html = sections
    .map((section, s) => {
      if (section.kind === 'rich') return unescapeLiquid(section.html);
      return (
        section.variants
          .map((variant, v) => {
            if (variant.when === null) return `{% else %}${unescapeLiquid(variant.html)}`;
            const compiled = conditionToLiquid(variant.when);
            if ('error' in compiled) {
              problems.push(`Dynamic block ${dynamicNumber(sections, s)}, variant ${v + 1}: ${compiled.error}`);
              return '';
            }
            return `{% ${v === 0 ? 'if' : 'elsif'} ${compiled.liquid} %}${unescapeLiquid(variant.html)}`;
          })
          .join('') + '{% endif %}'
      );
    })
    .join('');
  return { html, problems };
}

function dynamicNumber(sections: BodySection[], index: number): number {
  return sections.slice(0, index + 1).filter((s) => s.kind === 'dynamic').length;
}
