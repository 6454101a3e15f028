import { describe, expect, it } from 'vitest';
import { hostileValueProblems } from './hostile-values.js';

describe('hostileValueProblems', () => {
  it('finds nothing in ordinary JSON, emoji and all', () => {
    expect(hostileValueProblems({ name: 'Ada 👩‍💻', tags: ['a', 1, null, true], nested: { deep: [{ x: -0 }] } })).toEqual([]);
  });

  it('names a NUL in a string and in a key by its path', () => {
    expect(hostileValueProblems({ events: [{ id: 'a\u0000b' }], props: { 'k\u0000': 1 } })).toEqual([
      { path: ['events', 0, 'id'], message: 'must not contain the NUL character (\\u0000)' },
      { path: ['props', 'k\u0000'], message: 'the key must not contain the NUL character (\\u0000)' },
    ]);
  });

  it('names lone surrogates, high or low, but not a surrogate pair', () => {
    expect(hostileValueProblems(['\uD800', 'x\uDC00', '\uD83D\uDE00'])).toEqual([
      { path: [0], message: 'must not contain a lone UTF-16 surrogate (text that is not Unicode)' },
      { path: [1], message: 'must not contain a lone UTF-16 surrogate (text that is not Unicode)' },
    ]);
  });

  it('stops at nesting deeper than 64 levels, naming where', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const problems = hostileValueProblems({ props: deep });
    expect(problems).toEqual([{ path: ['props', ...Array<number>(63).fill(0)], message: 'is nested deeper than 64 levels' }]);
    let fine: unknown = 'bottom';
    for (let i = 0; i < 63; i++) fine = [fine];
    expect(hostileValueProblems({ props: fine })).toEqual([]);
  });

  it('lists at most ten problems', () => {
    expect(hostileValueProblems(Array.from({ length: 50 }, () => '\u0000'))).toHaveLength(10);
  });
});
