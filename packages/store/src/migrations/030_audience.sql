-- Audience: the leads list (search, filters, sorts paged by keyset), saved segments, CSV imports.

-- What `q` searches: the id, the email and the name attributes, lower-cased, in one string.
-- Immutable so an index can hold it; the list query calls the same function, so they agree.
create function lead_search_text(id text, email text, attributes jsonb) returns text
  language sql immutable parallel safe
  return lower(concat_ws(' ', id, email, attributes ->> 'name', attributes ->> 'firstName', attributes ->> 'lastName',
                         attributes ->> 'first_name', attributes ->> 'last_name', attributes ->> 'company'));

-- One person, one email (case aside): imports and intake look leads up by it.
create index leads_email_key on leads (lower(email)) where email is not null;

-- When the lead last did something: the latest `at` of the events received for it (set at ingest).
alter table leads add column last_activity_at timestamptz;
update leads as l set last_activity_at = e.at from (select lead_id, max(at) as at from events group by lead_id) as e
 where e.lead_id = l.id;

-- The list's sorts, each with the id as tie-break so a cursor is one row comparison.
create index leads_by_score on leads (score desc, id desc);
create index leads_by_activity on leads ((coalesce(last_activity_at, '-infinity'::timestamptz)) desc, id desc);

-- `q` is a substring search; trigrams make it an index scan where pg_trgm exists (PGlite loads
-- it; a managed PostgreSQL without contrib gets the same answers from a scan).
do $$
begin
  create extension if not exists pg_trgm;
exception when others then
  raise notice 'pg_trgm is not available: lead search will scan';
end
$$;
do $$
begin
  if exists (select 1 from pg_extension where extname = 'pg_trgm') then
    execute 'create index leads_search on leads using gin (lead_search_text(id, email, attributes) gin_trgm_ops)';
  end if;
end
$$;

create table segments (
  id text primary key,
  name text not null,
  condition jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- A CSV import. The file is kept (in chunks, as it arrived) until the import is done, so a
-- server stopped mid-import carries on from `rows_done` when it starts again.
create table imports (
  id text primary key,
  status text not null default 'uploading' check (status in ('uploading', 'running', 'done')),
  created_by text,
  error text,
  rows_done integer not null default 0,
  created integer not null default 0,
  updated integer not null default 0,
  rejected integer not null default 0,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);

create table import_chunks (
  import_id text not null references imports (id) on delete cascade,
  seq integer not null,
  body bytea not null,
  primary key (import_id, seq)
);

create table import_rejections (
  import_id text not null references imports (id) on delete cascade,
  row_number integer not null,
  problems jsonb not null,
  primary key (import_id, row_number)
);

-- Which lead each id and email of an import went to, so a later row repeating them updates
-- that lead even before the engine has applied the earlier row's lead_updated event.
create table import_keys (
  import_id text not null references imports (id) on delete cascade,
  key text not null,
  lead_id text not null,
  primary key (import_id, key)
);
