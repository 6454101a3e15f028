-- What the engine needs beyond the first schema.

-- Sales queues for round-robin handoffs: members take turns by next_index.
create table queues (
  name text primary key,
  members text[] not null default '{}',
  next_index bigint not null default 0,
  updated_at timestamptz not null default now()
);

-- A handoff left without an answer (goal, exit criteria, removal) is closed.
alter table handoffs drop constraint handoffs_status_check;
alter table handoffs add constraint handoffs_status_check
  check (status in ('open', 'accepted', 'recycled', 'disqualified', 'sla_expired', 'closed'));
create index handoffs_run on handoffs (lead_id, run_id);

-- Leads currently at a node, for the operators' drill-down.
create index runs_at_node on runs (journey_id, node_id) where status = 'active';

-- Segment triggers enter every matching lead at publish: a sweep walks the leads by id.
create table segment_sweeps (
  journey_id text not null,
  version integer not null,
  after_lead_id text not null default '',
  done boolean not null default false,
  primary key (journey_id, version)
);

-- Sales answer a handoff by its id alone.
create index handoffs_id on handoffs (id);
