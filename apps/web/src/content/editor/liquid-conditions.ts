import type { Condition } from '@trellis/journey';

/**
 * A dynamic block's condition, written with the journey's condition builder and stored as the
 * Liquid of `{% if … %}`, so the server renders it with the one template engine. Liquid has no
 * parentheses and no `not`, so what it can say is a list of field comparisons joined all by
 * `and` or all by `or`; a `not` of one test is its opposite operator. Engagement tests and
 * `startsWith` have no Liquid form and are refused with a sentence saying so.
 */

interface Comparison {
  attr: string;
  op: '==' | '!=' | '>' | '>=' | '<' | '<=' | 'contains';
  value: unknown;
}

type Joined = { join: 'and' | 'or'; parts: Comparison[] };

const LIQUID_OP = { eq: '==', neq: '!=', gt: '>', gte: '>=', lt: '<', lte: '<=', contains: 'contains' } as const;
const OPPOSITE = { eq: 'neq', neq: 'eq', gt: 'lte', gte: 'lt', lt: 'gte', lte: 'gt', in: 'nin', nin: 'in' } as const;

export type LiquidCondition = { liquid: string } | { error: string };

export function conditionToLiquid(condition: Condition): LiquidCondition {
  try {
    const joined = toJoined(condition);
    return { liquid: joined.parts.map(comparisonText).join(` ${joined.join} `) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function toJoined(condition: Condition): Joined {
  if ('attr' in condition) return testToJoined(condition.attr, condition.op, condition.value);
  if ('not' in condition) {
    const inner = condition.not;
    if (!('attr' in inner)) throw new Error('a message can only say “not” of one lead field test');
    if (inner.op === 'exists') return { join: 'and', parts: [{ attr: inner.attr, op: '==', value: null }] };
    const opposite = (OPPOSITE as Record<string, string>)[inner.op];
    if (!opposite) throw new Error(`a message cannot say “not ${inner.op}”`);
    return testToJoined(inner.attr, opposite, inner.value);
  }
  if ('all' in condition || 'any' in condition) {
    const join = 'all' in condition ? 'and' : 'or';
    const members = 'all' in condition ? condition.all : condition.any;
    const parts: Comparison[] = [];
    for (const member of members) {
      const inner = toJoined(member);
      if (inner.parts.length > 1 && inner.join !== join) {
        throw new Error('Liquid cannot group tests: use only “All of” or only “Any of” in one condition');
      }
      parts.push(...inner.parts);
    }
    if (parts.length === 0) throw new Error('the group has no test');
    return { join, parts };
  }
  throw new Error('engagement tests cannot be used in a message: a block shows by the lead’s fields');
}

function testToJoined(attr: string, op: string, value: unknown): Joined {
  if (attr.startsWith('consent.')) throw new Error('consent is not among a message’s fields');
  if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(attr)) throw new Error(`“${attr}” is not a field name Liquid can read`);
  if (op === 'exists') return { join: 'and', parts: [{ attr, op: '!=', value: null }] };
  if (op === 'in' || op === 'nin') {
    const values = Array.isArray(value) ? value : [value];
    const liquidOp = op === 'in' ? '==' : '!=';
    return { join: op === 'in' ? 'or' : 'and', parts: values.map((v) => ({ attr, op: liquidOp, value: v })) };
  }
  const liquidOp = (LIQUID_OP as Record<string, Comparison['op']>)[op];
  if (!liquidOp) throw new Error(`a message cannot test “${op}”: use equals, contains or a comparison`);
  return { join: 'and', parts: [{ attr, op: liquidOp, value }] };
}

function comparisonText({ attr, op, value }: Comparison): string {
  return `lead.${attr} ${op} ${literal(value)}`;
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') {
    // Liquid strings have no escapes: pick the quote the text does not hold.
    if (!value.includes('"')) return `"${value}"`;
    if (!value.includes("'")) return `'${value}'`;
    throw new Error('a value cannot hold both kinds of quote');
  }
  throw new Error('a value must be text, a number or true/false');
}

/** The condition an `{% if %}` of ours (or one written like it) tests; null when it says more than the builder can. */
export function liquidToCondition(expression: string): Condition | null {
  const words = splitOutsideQuotes(expression.trim());
  if (!words) return null;
  const joins = new Set(words.joins);
  if (joins.size > 1) return null;
  const tests: Condition[] = [];
  for (const part of words.parts) {
    const test = comparisonToCondition(part.trim());
    if (!test) return null;
    tests.push(test);
  }
  if (tests.length === 1) return tests[0]!;
  return joins.has('or') ? { any: tests } : { all: tests };
}

function comparisonToCondition(text: string): Condition | null {
  const found = /^lead\.((?:attributes\.)?[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*(==|!=|>=|<=|>|<|contains)\s*(.+)$/.exec(text);
  if (!found) return null;
  const attr = found[1]!.replace(/^attributes\./, '');
  const op = found[2]!;
  const value = parseLiteral(found[3]!.trim());
  if (value === undefined) return null;
  if (value === null) {
    if (op === '!=') return { attr, op: 'exists' };
    if (op === '==') return { not: { attr, op: 'exists' } };
    return null;
  }
  const journeyOp = (Object.entries(LIQUID_OP).find(([, liquid]) => liquid === op) ?? [])[0];
  return journeyOp ? ({ attr, op: journeyOp, value } as Condition) : null;
}

function parseLiteral(text: string): unknown {
  if (text === 'nil' || text === 'null') return null;
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  const quoted = /^"([^"]*)"$|^'([^']*)'$/.exec(text);
  if (quoted) return quoted[1] ?? quoted[2];
  return undefined;
}

/** Splits on ` and ` / ` or ` outside quoted strings. */
function splitOutsideQuotes(text: string): { parts: string[]; joins: Array<'and' | 'or'> } | null {
  const parts: string[] = [];
  const joins: Array<'and' | 'or'> = [];
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      continue;
    }
    const rest = text.slice(i);
    const join = /^\s+(and|or)\s+/.exec(rest);
    if (join) {
      parts.push(text.slice(start, i));
      joins.push(join[1] as 'and' | 'or');
      i += join[0].length - 1;
      start = i + 1;
    }
  }
  if (quote) return null;
  parts.push(text.slice(start));
  return { parts, joins };
}
