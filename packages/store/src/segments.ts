import type { ConditionJson } from './condition-sql.js';
import type { SqlQueryable } from './sql.js';

/**
 * Saved segments: a name and a journey-format condition (checked by the caller). Their count is
 * not stored: `countLeads` asks the database each time, so it is always the count now.
 */

export interface SegmentRecord {
  id: string;
  name: string;
  condition: ConditionJson;
  createdAt: Date;
  updatedAt: Date;
}

const SEGMENT_COLUMNS = `id, name, condition, created_at as "createdAt", updated_at as "updatedAt"`;

export async function createSegment(db: SqlQueryable, segment: { id: string; name: string; condition: ConditionJson }): Promise<SegmentRecord> {
  const [row] = await db.query<SegmentRecord>(
    `insert into segments (id, name, condition) values ($1, $2, $3::jsonb) returning ${SEGMENT_COLUMNS}`,
    [segment.id, segment.name, segment.condition],
  );
  return row!;
}

export async function getSegment(db: SqlQueryable, id: string): Promise<SegmentRecord | null> {
  const [row] = await db.query<SegmentRecord>(`select ${SEGMENT_COLUMNS} from segments where id = $1`, [id]);
  return row ?? null;
}

/** Segments by name (then id), `limit` at a time after the (name, id) of the previous page's last. */
export async function listSegments(
  db: SqlQueryable,
  page: { limit: number; after?: { name: string; id: string } },
): Promise<SegmentRecord[]> {
  return db.query<SegmentRecord>(
    `select ${SEGMENT_COLUMNS} from segments
      where $1::text is null or (name, id) > ($1::text, $2::text)
      order by name, id limit $3`,
    [page.after?.name ?? null, page.after?.id ?? null, page.limit],
  );
}
