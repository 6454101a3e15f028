import type { SqlQueryable } from './sql.js';

/**
 * Message templates, named by the id a journey's send node uses (`"template": "welcome-1"`).
 * These queries store what they are given; checking the Liquid syntax before a save is the
 * channels package's job (it owns the template language).
 */

export const TEMPLATE_CHANNELS = ['email', 'sms', 'call_task', 'voicemail_task', 'direct_mail', 'webhook'] as const;
export type TemplateChannel = (typeof TEMPLATE_CHANNELS)[number];

export interface TemplateRecord {
  id: string;
  channel: TemplateChannel;
  name: string;
  subject: string | null;
  body: string;
  html: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** The name of the token that last saved it; null for templates saved before this was kept. */
  updatedBy: string | null;
  /** A webhook's method, extra headers and JSON body template; null: POST the send as fixed JSON. */
  request?: WebhookRequest | null;
  /** Who the template is from when its send step names no sender; null: the default sender. */
  sender?: TemplateSender | null;
}

/** Written as a send node's `sender` is: the lead's owner, or a named sender. */
export type TemplateSender = 'owner' | { name?: string; email?: string; phone?: string };

export interface WebhookRequest {
  method: 'POST' | 'PUT' | 'PATCH';
  headers: Record<string, string>;
  /** Liquid that renders the JSON body; null: the fixed body. */
  body: string | null;
}

export interface TemplateInput {
  id: string;
  channel: TemplateChannel;
  name: string;
  subject?: string | null;
  body: string;
  html?: string | null;
  request?: WebhookRequest | null;
  sender?: TemplateSender | null;
}

/** A field left out keeps its value; subject and html sent as null are cleared. */
export type TemplatePatch = Partial<Omit<TemplateInput, 'id'>>;

const TEMPLATE_COLUMNS = `id, channel, name, subject, body, html, created_at as "createdAt", updated_at as "updatedAt", updated_by as "updatedBy", request, sender`;

/** Creates the template; null when a template with this id already exists. */
export async function createTemplate(db: SqlQueryable, input: TemplateInput, editedBy: string | null = null): Promise<TemplateRecord | null> {
  const [template] = await db.query<TemplateRecord>(
    `insert into templates (id, channel, name, subject, body, html, updated_by, request, sender)
     values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb)
     on conflict (id) do nothing
     returning ${TEMPLATE_COLUMNS}`,
    [input.id, input.channel, input.name, input.subject ?? null, input.body, input.html ?? null, editedBy, input.request ?? null, input.sender ?? null],
  );
  return template ?? null;
}

export async function getTemplate(db: SqlQueryable, id: string): Promise<TemplateRecord | null> {
  const [template] = await db.query<TemplateRecord>(`select ${TEMPLATE_COLUMNS} from templates where id = $1`, [id]);
  return template ?? null;
}

/** Every template (of one channel, when given), by id. */
export function listTemplates(db: SqlQueryable, filter: { channel?: TemplateChannel } = {}): Promise<TemplateRecord[]> {
  return db.query<TemplateRecord>(
    `select ${TEMPLATE_COLUMNS} from templates where ($1::text is null or channel = $1) order by id`,
    [filter.channel ?? null],
  );
}

/**
 * Every template's channel by id, without the parts: what the journey validator needs to
 * check the templates a journey names (bodies and HTML can be large, and are not read).
 */
export async function templateChannels(db: SqlQueryable): Promise<Map<string, TemplateChannel>> {
  const rows = await db.query<{ id: string; channel: TemplateChannel }>(`select id, channel from templates`);
  return new Map(rows.map((r) => [r.id, r.channel]));
}

/** Applies the patch; null for an unknown template. */
export async function updateTemplate(db: SqlQueryable, id: string, patch: TemplatePatch, editedBy: string | null = null): Promise<TemplateRecord | null> {
  const [template] = await db.query<TemplateRecord>(
    // The patch travels as jsonb so that "left out" and "null" stay distinct (`patch ? 'html'`).
    `update templates set
       channel = coalesce($2::jsonb ->> 'channel', channel),
       name = coalesce($2::jsonb ->> 'name', name),
       subject = case when $2::jsonb ? 'subject' then $2::jsonb ->> 'subject' else subject end,
       body = coalesce($2::jsonb ->> 'body', body),
       html = case when $2::jsonb ? 'html' then $2::jsonb ->> 'html' else html end,
       request = case when $2::jsonb ? 'request' then nullif($2::jsonb -> 'request', 'null'::jsonb) else request end,
       sender = case when $2::jsonb ? 'sender' then nullif($2::jsonb -> 'sender', 'null'::jsonb) else sender end,
       updated_at = now(),
       updated_by = $3
     where id = $1
     returning ${TEMPLATE_COLUMNS}`,
    [id, patch, editedBy],
  );
  return template ?? null;
}

/** True when there was a template to delete. */
export async function deleteTemplate(db: SqlQueryable, id: string): Promise<boolean> {
  const deleted = await db.query(`delete from templates where id = $1 returning id`, [id]);
  return deleted.length > 0;
}

/** A send step of a journey that runs, naming a template. */
export interface TemplateUse {
  journeyId: string;
  journeyName: string;
  version: number;
  nodeId: string;
  /** The step's label, when it has one. */
  label: string | null;
}

/**
 * The send steps naming template `id` that leads may still take: in the published version of
 * each journey that is not archived, and in any older version a lead is still running on
 * ("stay" publishing keeps leads on theirs). Drafts do not count: the validator reports their
 * unknown templates before they can be published. Oldest use first, for a stable message.
 */
export function templateUses(db: SqlQueryable, id: string): Promise<TemplateUse[]> {
  return db.query<TemplateUse>(
    `select j.id as "journeyId", j.name as "journeyName", v.version, n ->> 'id' as "nodeId", n -> 'data' ->> 'label' as label
       ${LIVE_SEND_STEPS}
        and n -> 'data' ->> 'template' = $1
      order by j.name, j.id, v.version, n ->> 'id'`,
    [id],
  );
}

/** Every template's uses (as `templateUses` counts them), by template id then as `templateUses` orders: the message library's "used in". */
export function everyTemplateUse(db: SqlQueryable): Promise<Array<TemplateUse & { template: string }>> {
  return db.query<TemplateUse & { template: string }>(
    `select n -> 'data' ->> 'template' as template, j.id as "journeyId", j.name as "journeyName", v.version,
            n ->> 'id' as "nodeId", n -> 'data' ->> 'label' as label
       ${LIVE_SEND_STEPS}
      order by 1, j.name, j.id, v.version, n ->> 'id'`,
  );
}

/** The send steps leads may still take (see `templateUses`), as `n` of journey `j`, version `v`. */
const LIVE_SEND_STEPS = `from journeys j
       join journey_versions v on v.journey_id = j.id
       cross join lateral jsonb_array_elements(v.document -> 'nodes') as n
      where j.status <> 'archived'
        and (v.version = j.published_version
             or exists (select 1 from runs r where r.journey_id = v.journey_id and r.version = v.version and r.status = 'active'))
        and n ->> 'type' = 'send'`;
