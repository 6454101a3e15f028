import { describe, expect, it } from 'vitest';
import { everythingRequired, MissingDependencyError, requireOrSkip } from './require.js';

describe('requireOrSkip', () => {
  it('lets a suite run, silently, when its dependency is available', () => {
    const lines: string[] = [];
    expect(requireOrSkip('Thing', true, 'apt-get install thing', { env: {}, log: (l) => lines.push(l) })).toBe(true);
    expect(lines).toEqual([]);
  });

  it('skips a suite with one line naming what to install when the dependency is missing', () => {
    const lines: string[] = [];
    expect(requireOrSkip('Thing', false, 'apt-get install thing', { env: {}, log: (l) => lines.push(l) })).toBe(false);
    expect(lines).toEqual(['skipped: Thing is not available; to run these tests: apt-get install thing']);
  });

  it('fails instead of skipping when TRELLIS_REQUIRE_ALL=1', () => {
    const lines: string[] = [];
    const call = () =>
      requireOrSkip('Thing', false, 'apt-get install thing', {
        env: { TRELLIS_REQUIRE_ALL: '1' },
        log: (l) => lines.push(l),
      });
    expect(call).toThrow(MissingDependencyError);
    expect(call).toThrow('Thing is required (TRELLIS_REQUIRE_ALL=1) but not available: apt-get install thing');
    expect(lines).toEqual([]);
  });

  it('treats only the value 1 as "require everything"', () => {
    expect(everythingRequired({ TRELLIS_REQUIRE_ALL: '1' })).toBe(true);
    expect(everythingRequired({ TRELLIS_REQUIRE_ALL: '0' })).toBe(false);
    expect(everythingRequired({ TRELLIS_REQUIRE_ALL: 'true' })).toBe(false);
    expect(everythingRequired({})).toBe(false);
  });
});
