import type { Operator } from '@trellis/journey';

/**
 * Values in tests are typed as text: `50` is a number, `true`/`false` are booleans, anything
 * else is a string, and `in`/`nin` take a comma-separated list. Quoting (`"50"`) keeps text.
 */
export function parseValue(text: string, op: Operator): unknown {
  if (op === 'exists') return undefined;
  if (op === 'in' || op === 'nin') {
    return text
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '')
      .map(parseScalar);
  }
  return parseScalar(text.trim());
}

function parseScalar(text: string): unknown {
  if (/^".*"$/.test(text)) return text.slice(1, -1);
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text !== '' && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  if (typeof value === 'string') return /^-?\d+(\.\d+)?$|^(true|false)$/.test(value) ? `"${value}"` : value;
  return String(value);
}
