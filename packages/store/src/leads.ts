import type { SqlQueryable } from './sql.js';

/**
 * Leads. A patch follows `PUT /api/leads/:id`: a field left out keeps its value, a field sent
 * as null clears it, attributes and consent merge key by key (shallow, as in the journey
 * package's applyLeadPatch). The patch travels as one jsonb parameter so that "absent" and
 * "null" stay distinct in SQL (`patch ? 'email'`).
 */

export interface LeadRecord {
  id: string;
  email: string | null;
  phone: string | null;
  timezone: string | null;
  owner: string | null;
  score: number;
  stage: string | null;
  attributes: Record<string, unknown>;
  consent: Record<string, string>;
  createdAt: Date;
  updatedAt: Date;
  /** When the engine next has work for this lead; null when none. */
  dueAt: Date | null;
}

export interface LeadPatchInput {
  email?: string | null;
  phone?: string | null;
  timezone?: string | null;
  owner?: string | null;
  score?: number;
  stage?: string | null;
  attributes?: Record<string, unknown>;
  consent?: Record<string, string>;
}

export const LEAD_COLUMNS = `id, email, phone, timezone, owner, score, stage, attributes, consent,
  created_at as "createdAt", updated_at as "updatedAt", due_at as "dueAt"`;

/** Creates the lead, or merges the patch into it; returns the lead as it now is. */
export async function upsertLead(db: SqlQueryable, id: string, patch: LeadPatchInput = {}): Promise<LeadRecord> {
  const [lead] = await db.query<LeadRecord>(
    `insert into leads as l (id, email, phone, timezone, owner, score, stage, attributes, consent)
     values ($1, $2::jsonb ->> 'email', $2::jsonb ->> 'phone', $2::jsonb ->> 'timezone', $2::jsonb ->> 'owner',
             coalesce(($2::jsonb ->> 'score')::double precision, 0), $2::jsonb ->> 'stage',
             coalesce($2::jsonb -> 'attributes', '{}'), coalesce($2::jsonb -> 'consent', '{}'))
     on conflict (id) do update set
       email = case when $2::jsonb ? 'email' then excluded.email else l.email end,
       phone = case when $2::jsonb ? 'phone' then excluded.phone else l.phone end,
       timezone = case when $2::jsonb ? 'timezone' then excluded.timezone else l.timezone end,
       owner = case when $2::jsonb ? 'owner' then excluded.owner else l.owner end,
       score = case when $2::jsonb ? 'score' then excluded.score else l.score end,
       stage = case when $2::jsonb ? 'stage' then excluded.stage else l.stage end,
       attributes = l.attributes || excluded.attributes,
       consent = l.consent || excluded.consent,
       updated_at = now()
     returning ${LEAD_COLUMNS}`,
    // JSON drops keys whose value is undefined: `{ email: undefined }` reads as "not sent".
    [id, patch],
  );
  return lead!;
}

export async function getLead(db: SqlQueryable, id: string): Promise<LeadRecord | null> {
  const [lead] = await db.query<LeadRecord>(`select ${LEAD_COLUMNS} from leads where id = $1`, [id]);
  return lead ?? null;
}
