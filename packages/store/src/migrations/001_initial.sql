-- The first schema. Every hot table is keyed by lead (lead_id leads every primary and unique
-- key), so a Citus-style distribution by lead id works without code changes. journeys,
-- journey_versions, api_tokens and the stats tables are small and would be reference tables.

create table journeys (
  id text primary key,
  name text not null,
  status text not null default 'draft' check (status in ('draft', 'active', 'paused', 'archived')),
  draft jsonb not null,
  published_version integer,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- A published version never changes: runs keep the version they entered with.
create table journey_versions (
  journey_id text not null references journeys (id),
  version integer not null check (version > 0),
  document jsonb not null,
  published_at timestamptz not null default now(),
  primary key (journey_id, version)
);

create table api_tokens (
  id text primary key,
  name text not null,
  role text not null check (role in ('admin', 'marketer', 'reviewer', 'operator', 'sales', 'ingest')),
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);

create table leads (
  id text primary key,
  email text,
  phone text,
  timezone text,
  owner text,
  score double precision not null default 0,
  stage text,
  attributes jsonb not null default '{}',
  consent jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- When this lead next has work for the engine (new events, a wake-up); null: nothing to do.
  due_at timestamptz
);
create index leads_due_at on leads (due_at) where due_at is not null;

-- The event id is the idempotency key per lead: (lead_id, id) is the primary key, so the same
-- id sent again for the same lead is a duplicate. Keying by lead keeps the table distributable.
create table events (
  lead_id text not null references leads (id) on delete cascade,
  id text not null,
  type text not null,
  at timestamptz not null,
  props jsonb not null default '{}',
  received_at timestamptz not null default now(),
  -- Arrival order: the engine applies a lead's events in this order.
  seq bigserial not null,
  processed_at timestamptz,
  primary key (lead_id, id)
);
create index events_pending on events (lead_id, seq) where processed_at is null;
create index events_lead_at on events (lead_id, at);

create table runs (
  lead_id text not null references leads (id) on delete cascade,
  id text not null,
  journey_id text not null,
  version integer not null,
  status text not null check (status in ('active', 'done')),
  node_id text,
  state jsonb not null default '{}',
  wake_at timestamptz,
  outcome text,
  entered_at timestamptz not null default now(),
  ended_at timestamptz,
  primary key (lead_id, id)
);
create index runs_due_wake on runs (wake_at) where status = 'active' and wake_at is not null;
create index runs_journey on runs (journey_id, status);

create table steps (
  lead_id text not null,
  run_id text not null,
  seq integer not null,
  node_id text not null,
  at timestamptz not null,
  handle text,
  primary key (lead_id, run_id, seq),
  foreign key (lead_id, run_id) references runs (lead_id, id) on delete cascade
);

-- The outbox: a send is written with the step that made it, and delivered afterwards.
create table sends (
  lead_id text not null references leads (id) on delete cascade,
  id text not null,
  run_id text not null,
  journey_id text not null,
  node_id text not null,
  channel text not null,
  template text not null,
  status text not null,
  at timestamptz not null,
  idempotency_key text not null,
  payload jsonb not null default '{}',
  delivery_state text not null default 'pending' check (delivery_state in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz,
  delivered_at timestamptz,
  primary key (lead_id, id),
  unique (lead_id, idempotency_key)
);
create index sends_pending_delivery on sends (next_attempt_at) where delivery_state = 'pending';

create table handoffs (
  lead_id text not null references leads (id) on delete cascade,
  id text not null,
  run_id text not null,
  journey_id text not null,
  node_id text not null,
  queue text,
  assignee text,
  due_at timestamptz,
  status text not null default 'open' check (status in ('open', 'accepted', 'recycled', 'disqualified', 'sla_expired')),
  note text,
  created_at timestamptz not null default now(),
  answered_at timestamptz,
  primary key (lead_id, id)
);
create index handoffs_open on handoffs (due_at) where status = 'open';

-- Live counts, kept by the engine in the same transaction as the step that changes them.
create table node_stats (
  journey_id text not null,
  node_id text not null,
  current bigint not null default 0,
  entered bigint not null default 0,
  primary key (journey_id, node_id)
);

create table outcome_stats (
  journey_id text not null,
  outcome text not null,
  count bigint not null default 0,
  primary key (journey_id, outcome)
);

-- Sales notes, shown on the lead's timeline.
create table lead_notes (
  lead_id text not null references leads (id) on delete cascade,
  id text not null,
  at timestamptz not null default now(),
  author text,
  body text not null,
  handoff_id text,
  primary key (lead_id, id)
);
