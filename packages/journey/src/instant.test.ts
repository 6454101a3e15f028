import { describe, expect, it } from 'vitest';
import { instantSchema } from './instant.js';

const problem = (text: string) => {
  const result = instantSchema.safeParse(text);
  return result.success ? undefined : result.error.issues.map((i) => i.message);
};

describe('instantSchema', () => {
  it('takes date-times with Z or an offset, from year 0001 to 9999', () => {
    for (const text of ['2026-03-02T09:00:00Z', '2026-03-02T09:00:00.123+05:30', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2026-01-01T00:00:00+15:59']) {
      expect([text, problem(text)]).toEqual([text, undefined]);
    }
  });

  it('refuses the year 0000, which PostgreSQL has not', () => {
    expect(problem('0000-01-01T00:00:00Z')).toEqual(['must be in the years 0001 to 9999 (the year 0000 does not exist)']);
  });

  it('refuses offsets PostgreSQL refuses', () => {
    expect(problem('2026-01-01T00:00:00-23:59')).toEqual(['must have a UTC offset from -15:59 to +15:59 (got -23:59)']);
  });

  it('refuses instants that leave the years 0001 to 9999 in UTC', () => {
    expect(problem('9999-12-31T23:59:59-01:00')).toEqual(['must be in the years 0001 to 9999 once read in UTC']);
    expect(problem('0001-01-01T00:00:00+01:00')).toEqual(['must be in the years 0001 to 9999 once read in UTC']);
  });

  it('refuses what is not an ISO date-time', () => {
    expect(problem('2026-02-30T00:00:00Z')).toEqual(['must be an ISO 8601 date-time such as 2026-03-02T09:00:00Z']);
  });
});
