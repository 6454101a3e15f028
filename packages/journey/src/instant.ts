import { z } from 'zod';

/**
 * An instant as the API takes it: ISO 8601 with `Z` or an offset. One schema for every date-time
 * a request may carry (events, simulations, handoff answers, query strings), so they all refuse
 * the same things: what JavaScript's Date accepts but PostgreSQL's timestamptz does not (the
 * year 0000, offsets beyond ±15:59) or cannot give back as an ISO string (years past 9999 in UTC).
 */

const FIRST_MS = new Date('0001-01-01T00:00:00Z').getTime();
const LAST_MS = new Date('9999-12-31T23:59:59.999Z').getTime();

const FORMAT_MESSAGE = 'must be an ISO 8601 date-time such as 2026-03-02T09:00:00Z';

/** Why `text` (already an ISO date-time by its format) is not an instant we can store; undefined when it is. */
export function instantRangeProblem(text: string): string | undefined {
  if (text.startsWith('0000')) return 'must be in the years 0001 to 9999 (the year 0000 does not exist)';
  const offset = /([+-])(\d\d):(\d\d)$/.exec(text);
  if (offset && Number(offset[2]) > 15) return `must have a UTC offset from -15:59 to +15:59 (got ${offset[0]})`;
  const ms = Date.parse(text);
  if (!(ms >= FIRST_MS && ms <= LAST_MS)) return 'must be in the years 0001 to 9999 once read in UTC';
  return undefined;
}

export const instantSchema = z.iso.datetime({ offset: true, message: FORMAT_MESSAGE }).superRefine(
  (text, ctx) => {
    const problem = instantRangeProblem(text);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, input: text });
  },
  // Only a well-formed date-time has a range to check: one problem per bad value.
  { when: (payload) => payload.issues.length === 0 },
);
