import { conditionSql, SqlParams } from './condition-sql.js';
import type { SqlQueryable } from './sql.js';

/**
 * The saved segments one lead is in now, for its profile: each segment's condition tested on
 * that one lead by the same SQL that counts segments, so the profile and the counts agree.
 * One statement per page of segments, each test a `bool` column; segments are few (a team's
 * saved audiences), so all are read.
 */
export async function segmentsOfLead(db: SqlQueryable, leadId: string, now: Date): Promise<{ id: string; name: string }[]> {
  const segments = await db.query<{ id: string; name: string; condition: unknown }>(`select id, name, condition from segments order by name, id`);
  const member: { id: string; name: string }[] = [];
  for (let start = 0; start < segments.length; start += 100) {
    const page = segments.slice(start, start + 100);
    const params = new SqlParams(1);
    const tests: string[] = [];
    for (const segment of page) {
      try {
        tests.push(`(${conditionSql(segment.condition, params, now)}) as "${tests.length}"`);
      } catch {
        tests.push(`false as "${tests.length}"`); // a condition SQL cannot test is met by nobody, as when counting
      }
    }
    const [row] = await db.query<Record<string, boolean>>(`select ${tests.join(', ')} from leads l where l.id = $1`, [leadId, ...params.values]);
    if (!row) return [];
    page.forEach((segment, i) => {
      if (row[String(i)] === true) member.push({ id: segment.id, name: segment.name });
    });
  }
  return member;
}
