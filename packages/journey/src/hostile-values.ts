/**
 * Values from outside that no schema should have to think about: strings or keys holding NUL
 * (PostgreSQL cannot store `\u0000` in text or jsonb) or a lone UTF-16 surrogate (not Unicode:
 * jsonb refuses it, text silently turns it into U+FFFD), and nesting deeper than any document
 * of ours (recursive code and jsonb both have stack limits). The server refuses such a body
 * whole; the engine's ingest refuses such an event alone.
 */

export interface HostileValueProblem {
  path: (string | number)[];
  message: string;
}

/** Deeper than any journey, condition or event props we write; far below any stack limit. */
export const MAX_NESTING = 64;

/** Enough to name what is wrong without echoing a whole hostile document back. */
const MAX_PROBLEMS = 10;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a string, or undefined when it may be stored as it is. */
export function hostileStringProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain the NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'must not contain a lone UTF-16 surrogate (text that is not Unicode)';
  return undefined;
}

/** Every hostile string, key and over-deep nesting in a parsed JSON value (at most ten), with its path. */
export function hostileValueProblems(value: unknown, maxNesting = MAX_NESTING): HostileValueProblem[] {
  const problems: HostileValueProblem[] = [];
  const visit = (node: unknown, path: (string | number)[]): void => {
    if (problems.length >= MAX_PROBLEMS) return;
    if (typeof node === 'string') {
      const message = hostileStringProblem(node);
      if (message !== undefined) problems.push({ path, message });
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    if (path.length >= maxNesting) {
      problems.push({ path, message: `is nested deeper than ${maxNesting} levels` });
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, [...path, index]));
      return;
    }
    for (const [key, item] of Object.entries(node)) {
      const message = hostileStringProblem(key);
      if (message !== undefined) {
        problems.push({ path: [...path, key], message: `the key ${message}` });
        if (problems.length >= MAX_PROBLEMS) return;
      }
      visit(item, [...path, key]);
    }
  };
  visit(value, []);
  return problems.slice(0, MAX_PROBLEMS);
}
