-- What delivery leaves behind: the built-in outbox, sales tasks, and instance settings.
-- outbox_messages and tasks are keyed by lead like every hot table; (lead_id, send_id) is
-- unique in both, so a send delivered twice (a retry after a crash) is written once.

create table outbox_messages (
  lead_id text not null references leads (id) on delete cascade,
  id text not null,
  send_id text not null,
  channel text not null,
  to_address text not null,
  from_address text,
  subject text,
  text text not null,
  html text,
  created_at timestamptz not null default now(),
  primary key (lead_id, id),
  unique (lead_id, send_id)
);
create index outbox_messages_created on outbox_messages (created_at desc, id desc);

-- Call and voicemail sends are sales work: a task for the lead's owner, not a delivery.
create table tasks (
  lead_id text not null references leads (id) on delete cascade,
  id text not null,
  send_id text not null,
  journey_id text,
  kind text not null check (kind in ('call', 'voicemail')),
  title text not null,
  script text not null,
  assignee text,
  due_at timestamptz not null,
  status text not null default 'open' check (status in ('open', 'done')),
  result text,
  created_at timestamptz not null default now(),
  completed_at timestamptz,
  primary key (lead_id, id),
  unique (lead_id, send_id)
);
create index tasks_id on tasks (id);
create index tasks_open on tasks (assignee, due_at) where status = 'open';

-- Values the instance generates once and keeps (the webhook signing secret).
create table instance_settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);

-- Why the last delivery attempt of a send failed, and which merge fields rendered empty.
alter table sends add column last_error text;
alter table sends add column missing_fields jsonb;
