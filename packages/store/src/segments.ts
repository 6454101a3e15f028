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

/** Changes a segment's name and condition (checked by the caller); null when there is none. */
export async function updateSegment(db: SqlQueryable, id: string, segment: { name: string; condition: ConditionJson }): Promise<SegmentRecord | null> {
  const [row] = await db.query<SegmentRecord>(
    `update segments set name = $2, condition = $3::jsonb, updated_at = now() where id = $1 returning ${SEGMENT_COLUMNS}`,
    [id, segment.name, segment.condition],
  );
  return row ?? null;
}

/** Deletes a segment; false when there was none. Whoever calls it checks `journeysUsingSegment` first. */
export async function deleteSegment(db: SqlQueryable, id: string): Promise<boolean> {
  const rows = await db.query(`delete from segments where id = $1 returning id`, [id]);
  return rows.length > 0;
}

/** The stored segments' conditions by id, for the given ids (journeys' triggers name them). */
export async function segmentConditions(db: SqlQueryable, ids: readonly string[]): Promise<Map<string, ConditionJson>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<{ id: string; condition: ConditionJson }>(`select id, condition from segments where id = any($1::text[])`, [[...ids]]);
  return new Map(rows.map((r) => [r.id, r.condition]));
}

/** Every stored segment's id (the validator's `unknown_segment` check). */
export async function segmentIds(db: SqlQueryable): Promise<Set<string>> {
  const rows = await db.query<{ id: string }>(`select id from segments`);
  return new Set(rows.map((r) => r.id));
}

export interface JourneyUsingSegment {
  id: string;
  name: string;
  status: string;
  publishedVersion: number;
}

/**
 * The published journeys (active or paused) whose published version's segment trigger names the
 * saved segment `{ "segment": { "saved": id } }`: those a segment edit re-sweeps, and those that
 * keep it from being deleted.
 */
export async function journeysUsingSegment(db: SqlQueryable, id: string): Promise<JourneyUsingSegment[]> {
  return db.query<JourneyUsingSegment>(
    `select j.id, j.name, j.status, j.published_version as "publishedVersion"
       from journeys j join journey_versions v on v.journey_id = j.id and v.version = j.published_version
      where j.status in ('active', 'paused')
        and exists (select 1 from jsonb_array_elements(v.document -> 'nodes') n
                     where n ->> 'type' = 'trigger' and n -> 'data' -> 'on' -> 'segment' ->> 'saved' = $1)
      order by j.name, j.id`,
    [id],
  );
}

/**
 * The journeys (not archived) whose draft's trigger names the saved segment: they do not hold it
 * from being deleted (nothing runs from a draft), but deleting it leaves their trigger naming
 * nothing (`unknown_segment` at publish), so whoever deletes it is told first.
 */
export async function draftsNamingSegment(db: SqlQueryable, id: string): Promise<Array<{ id: string; name: string; status: string }>> {
  return db.query<{ id: string; name: string; status: string }>(
    `select j.id, j.name, j.status from journeys j
      where j.status <> 'archived'
        and exists (select 1 from jsonb_array_elements(j.draft -> 'nodes') n
                     where n ->> 'type' = 'trigger' and n -> 'data' -> 'on' -> 'segment' ->> 'saved' = $1)
      order by j.name, j.id`,
    [id],
  );
}
